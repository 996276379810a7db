/**
 * The live password strength meter: as the person types, asks the server (debounced, earlier
 * questions cancelled) how strong the password is and whether it would be accepted, and shows a
 * meter, a word for the strength and, when refused, a sentence saying why. Colour is never the
 * only signal: the word and the sentence say it too.
 */

import { el } from './dom.js';
import { t, translate } from './i18n.js';

const DELAY_MS = 350;

/**
 * Adds a meter under a password field.
 *
 * @param {HTMLInputElement} input the password field
 * @param {(password: string, signal: AbortSignal) => Promise<{acceptable: boolean, score: number,
 *     reason: string|null}>} check asks the server for a verdict
 * @param {{reasonPrefix?: string, genericKey?: string}} [options] where the refusal sentences are
 *     in the catalogue (meeting passcodes have their own, with their own length rules)
 * @returns {{refresh: () => void}} refresh re-checks (when the context words changed)
 */
export function attachPasswordMeter(input, check, options = {}) {
  const reasonPrefix = options.reasonPrefix || 'password.';
  const genericKey = options.genericKey || 'password.generic';
  const id = `${input.id}-strength`;
  const meter = el('meter', {
    attrs: { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, 'data-i18n-aria-label': 'strength.meter' },
  });
  meter.setAttribute('aria-label', t('strength.meter'));
  const word = el('span', { className: 'strength-word' });
  const reason = el('p', { className: 'strength-reason', attrs: { id: `${id}-reason` } });
  const block = el('div', { className: 'strength', attrs: { id, 'aria-live': 'polite' } }, [
    el('div', { className: 'strength-row' }, [meter, word]),
    reason,
  ]);
  block.hidden = true;
  const field = input.closest('.field') || input.parentElement;
  field.append(block);
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), reason.id].filter(Boolean).join(' '));

  let timer = null;
  let inFlight = null;

  function render(verdict) {
    block.hidden = false;
    meter.value = verdict.score;
    block.dataset.score = String(verdict.score);
    block.classList.toggle('refused', !verdict.acceptable);
    if (verdict.acceptable) {
      translate(word, `strength.${verdict.score}`);
      reason.hidden = true;
      reason.replaceChildren();
    } else {
      translate(word, 'strength.refused');
      const key = `${reasonPrefix}${verdict.reason}`;
      translate(reason, t(key) === key ? genericKey : key);
      reason.hidden = false;
    }
  }

  async function run() {
    const password = input.value;
    if (inFlight) {
      inFlight.abort();
    }
    if (!password) {
      block.hidden = true;
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    try {
      const verdict = await check(password, controller.signal);
      if (inFlight === controller && verdict) {
        render(verdict);
      }
    } catch (e) {
      // No verdict (offline, throttled, endpoint missing): the server still checks on submit.
      if (inFlight === controller) {
        block.hidden = true;
      }
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  }

  input.addEventListener('input', schedule);
  return { refresh: schedule };
}
