/** Small helpers for building and updating the pages without inline scripts or styles. */

import { errorMessage, t, translate } from './i18n.js';

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/**
 * Makes an element. `text` is a catalogue key (translated, and re-translated on a language switch)
 * with `args` for its placeholders; `plain` is literal text (names, addresses: never translated).
 */
export function el(tag, options = {}, children = []) {
  const element = document.createElement(tag);
  if (options.className) {
    element.className = options.className;
  }
  if (options.text) {
    translate(element, options.text, options.args);
  } else if (options.plain !== undefined && options.plain !== null) {
    element.textContent = String(options.plain);
  }
  for (const [name, value] of Object.entries(options.attrs || {})) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const [event, handler] of Object.entries(options.on || {})) {
    element.addEventListener(event, handler);
  }
  element.append(...children.filter((c) => c !== null && c !== undefined));
  return element;
}

/** A decorative icon (our own SVG, painted in the text colour by CSS). */
export function icon(name) {
  return el('span', { className: `icon icon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button with an icon and a translated label. */
export function button(labelKey, { icon: iconName, className = 'button', args, attrs, on } = {}) {
  return el('button', { className, attrs: { type: 'button', ...(attrs || {}) }, on }, [
    iconName ? icon(iconName) : null,
    el('span', { text: labelKey, args }),
  ]);
}

export function show(element, visible) {
  element.hidden = !visible;
}

const MESSAGE_ICONS = { error: 'alert', success: 'check', info: 'info', warning: 'alert' };

/** True for a path on this server ("/x"), false for anything that could lead elsewhere ("//x"). */
export function isOwnPath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
    && !value.startsWith('/\\');
}

/** Shows a message of a kind (error, success, info, warning) with its icon and a catalogue text. */
export function showMessage(box, kind, key, args) {
  box.dispatchEvent(new Event('conclave:cleared'));
  box.className = `message message-${kind}`;
  box.replaceChildren(icon(MESSAGE_ICONS[kind] || 'info'), el('span', { text: key, args }));
  box.hidden = false;
}

/** Shows the sentence for a failed request (see errorMessage) in a message box. */
export function showError(box, error, fallbackKey, args) {
  box.dispatchEvent(new Event('conclave:cleared'));
  box.className = 'message message-error';
  const text = el('span', { plain: errorMessage(error, fallbackKey, args) });
  box.replaceChildren(icon('alert'), text);
  box.hidden = false;
  // Keep the sentence right when the reader switches language while it is shown.
  const relabel = () => {
    text.textContent = errorMessage(error, fallbackKey, args);
  };
  document.addEventListener('conclave:language', relabel);
  box.addEventListener('conclave:cleared', () => document.removeEventListener('conclave:language', relabel), { once: true });
}

/** Shows that a part of the page could not be loaded (the server's code would only confuse). */
export function showLoadError(box, error) {
  const offline = error && error.code === 'network';
  showMessage(box, 'error', offline ? 'error.network' : 'account.loadFailed');
}

export function clearMessage(box) {
  box.dispatchEvent(new Event('conclave:cleared'));
  box.hidden = true;
  box.replaceChildren();
}

/** Runs an action with the button disabled and marked busy, so it cannot be sent twice. */
export async function whileBusy(control, action) {
  control.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    control.disabled = false;
    control.removeAttribute('aria-busy');
  }
}

/** Copies text to the clipboard and says so on the button for a moment. */
export async function copyText(text, control) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    return false;
  }
  if (control) {
    const label = control.querySelector('[data-i18n]');
    if (label) {
      const key = label.dataset.i18n;
      translate(label, 'common.copied');
      setTimeout(() => translate(label, key), 2000);
    }
  }
  return true;
}

/** Offers text as a file to save. */
export function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = el('a', { attrs: { href: url, download: filename } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Wires every "show password" button (data-reveal="<input id>") under root. */
export function wireRevealButtons(root = document) {
  for (const control of root.querySelectorAll('[data-reveal]')) {
    const input = document.getElementById(control.dataset.reveal);
    if (!input) {
      continue;
    }
    control.setAttribute('aria-pressed', 'false');
    control.addEventListener('click', () => {
      const reveal = input.type === 'password';
      input.type = reveal ? 'text' : 'password';
      control.setAttribute('aria-pressed', String(reveal));
      const glyph = control.querySelector('.icon');
      if (glyph) {
        glyph.className = `icon icon-${reveal ? 'eye-off' : 'eye'}`;
      }
    });
  }
}

/** Asks before something that cannot be undone. */
export function confirmAction(key, args) {
  return window.confirm(t(key, args));
}

/** The value of a form field, trimmed unless it is a password. */
export function valueOf(id) {
  const input = document.getElementById(id);
  return input.type === 'password' ? input.value : input.value.trim();
}
