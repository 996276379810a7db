/**
 * The password field of the pages that make or finish an account (set-up, invitation,
 * registration): the live meter asks the public check, with the names typed so far as context
 * words, so "anna.nguyen2024" is refused for Anna Nguyen before she submits it.
 */

import { post } from './api.js';
import { attachPasswordMeter } from './password-meter.js';

/**
 * @param {HTMLInputElement} input the new password field
 * @param {() => {username?: string, displayName?: string, email?: string}} context the words
 *     the password must not be built from
 * @param {HTMLInputElement[]} contextInputs fields whose changes should re-check the password
 */
export function attachPublicMeter(input, context, contextInputs = []) {
  const meter = attachPasswordMeter(input, (password, signal) => {
    const body = { password };
    for (const [key, value] of Object.entries(context())) {
      if (value) {
        body[key] = value;
      }
    }
    return post('/api/v1/public/password-check', body, { signal });
  });
  for (const other of contextInputs) {
    other.addEventListener('change', () => {
      if (input.value) {
        meter.refresh();
      }
    });
  }
  return meter;
}

/** Reads the one-time token from the URL fragment and removes it from the address bar and history. */
export function takeTokenFromFragment() {
  const token = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (token) {
    window.history.replaceState(null, '', window.location.pathname);
  }
  return token;
}
