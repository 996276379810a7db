/**
 * What every page does first: pick and load the language, read the organisation's public settings
 * (name, password lengths), build the language switcher and show the translated page.
 */

import { publicConfig } from './api.js';
import { $, wireRevealButtons } from './dom.js';
import { applyTranslations, chooseLanguage, loadLanguage, mountSwitcher, setGlobalParams } from './i18n.js';

const DEFAULTS = { organisationName: 'Conclave', passwordMinLength: 12, passwordMaxLength: 128 };

/**
 * Prepares the page and returns the public configuration (with defaults when the server gives
 * none).
 */
export async function startPage() {
  const [config] = await Promise.all([publicConfig(), loadLanguage(chooseLanguage())]);
  const settings = { ...DEFAULTS, ...(config || {}) };
  setGlobalParams({
    org: settings.organisationName,
    min: settings.passwordMinLength,
    max: settings.passwordMaxLength,
  });
  for (const name of document.querySelectorAll('[data-org-name]')) {
    name.textContent = settings.organisationName;
  }
  mountSwitcher($('[data-language-switcher]'));
  applyTranslations();
  wireRevealButtons();
  document.documentElement.classList.remove('loading');
  return settings;
}

/**
 * Marks the page as ready for use (its handlers are attached): the attribute data-ready on the html
 * element. Browser tests wait for it instead of guessing.
 */
export function ready() {
  if (!leaving) {
    document.documentElement.dataset.ready = 'true';
  }
}

let leaving = false;

/** Goes to another page of ours, replacing this one in the history. */
export function goTo(path) {
  leaving = true;
  window.location.replace(path);
}
