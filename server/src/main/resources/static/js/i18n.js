/**
 * Vietnamese and English. The language is the reader's own choice (kept in localStorage) or else
 * the first of the browser's languages that we speak, else English. Texts live in
 * /i18n/<lang>.json; elements name their text with a data-i18n attribute (and data-i18n-args for
 * {placeholders}), attributes with data-i18n-placeholder, -aria-label, -title and -alt, so the whole
 * page can be translated again when the reader switches language.
 */

export const LANGUAGES = [
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'en', name: 'English' },
];
const STORAGE_KEY = 'conclave.language';
const ATTRIBUTES = ['placeholder', 'aria-label', 'title', 'alt'];

let current = 'en';
let texts = {};
let english = {};
let globals = {};

function supported(code) {
  return LANGUAGES.some((l) => l.code === code);
}

/** The language to use: the stored choice, else the browser's preference, else English. */
export function chooseLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    stored = null;
  }
  if (stored && supported(stored)) {
    return stored;
  }
  const preferred = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || 'en'];
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (supported(base)) {
      return base;
    }
  }
  return 'en';
}

async function fetchCatalogue(code) {
  const response = await fetch(`/i18n/${code}.json`, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`no catalogue for ${code}`);
  }
  return response.json();
}

/** Loads the texts of a language (and English for anything it lacks). */
export async function loadLanguage(code) {
  const lang = supported(code) ? code : 'en';
  english = Object.keys(english).length ? english : await fetchCatalogue('en');
  texts = lang === 'en' ? english : await fetchCatalogue(lang).catch(() => english);
  current = lang;
  document.documentElement.lang = lang;
}

export function language() {
  return current;
}

/** True when the catalogue has a text for this key. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(texts, key)
    || Object.prototype.hasOwnProperty.call(english, key);
}

/** Values every text may use, such as {org} (the organisation) and {min} (password length). */
export function setGlobalParams(values) {
  globals = { ...globals, ...values };
}

/** The text for a key with {name} placeholders filled in; the key itself when unknown. */
export function t(key, params) {
  const text = texts[key] ?? english[key] ?? key;
  const values = { ...globals, ...(params || {}) };
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Gives an element a translated text that follows later language switches. */
export function translate(element, key, params) {
  element.dataset.i18n = key;
  if (params) {
    element.dataset.i18nArgs = JSON.stringify(params);
  } else {
    delete element.dataset.i18nArgs;
  }
  element.textContent = t(key, params);
  return element;
}

function argsOf(element) {
  if (!element.dataset.i18nArgs) {
    return undefined;
  }
  try {
    return JSON.parse(element.dataset.i18nArgs);
  } catch (e) {
    return undefined;
  }
}

/** Translates every marked element (and attribute) under root. */
export function applyTranslations(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n, argsOf(element));
  }
  for (const attribute of ATTRIBUTES) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`), argsOf(element)));
    }
  }
}

/** Switches language, remembers the choice, and tells the page (event "conclave:language"). */
export async function setLanguage(code) {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch (e) {
    // Private mode may refuse storage; the switch still works for this page.
  }
  await loadLanguage(code);
  applyTranslations();
  document.dispatchEvent(new CustomEvent('conclave:language', { detail: { language: current } }));
}

/** Builds the language switcher (a labelled select) into the given container. */
export function mountSwitcher(container) {
  if (!container) {
    return;
  }
  container.replaceChildren();
  const label = document.createElement('label');
  label.htmlFor = 'language';
  label.className = 'lang-label';
  const icon = document.createElement('span');
  icon.className = 'icon icon-globe';
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.className = 'visually-hidden';
  translate(text, 'common.language');
  label.append(icon, text);
  const select = document.createElement('select');
  select.id = 'language';
  for (const l of LANGUAGES) {
    const option = document.createElement('option');
    option.value = l.code;
    option.lang = l.code;
    option.textContent = l.name;
    option.selected = l.code === current;
    select.append(option);
  }
  select.addEventListener('change', () => setLanguage(select.value));
  container.append(label, select);
}

/** A date and time (epoch milliseconds or ISO text) in the reader's language. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  return new Intl.DateTimeFormat(current === 'vi' ? 'vi-VN' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/**
 * The sentence to show for a failed request: our own text for the server's code when we have one
 * (error.<code>, then password.<code> for password refusals), else the given fallback, else a
 * general sentence.
 */
export function errorMessage(error, fallbackKey, params) {
  const code = error && error.code;
  const values = { ...(params || {}) };
  if (error && error.retryAfter !== undefined) {
    values.seconds = error.retryAfter;
  }
  if (code === 'throttled' && values.seconds === undefined) {
    return t('error.throttled-no-wait');
  }
  if (code && has(`error.${code}`)) {
    return t(`error.${code}`, values);
  }
  if (code && has(`password.${code}`)) {
    return t(`password.${code}`, values);
  }
  if (fallbackKey) {
    return t(fallbackKey, values);
  }
  if (error && error.status >= 500) {
    return t('error.internal-error');
  }
  return t('error.generic');
}
