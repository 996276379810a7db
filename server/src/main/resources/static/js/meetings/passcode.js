/**
 * Choosing a meeting passcode: a generated one (the default, and the recommendation) or the host's
 * own, with a live strength hint from the server's passcode check (the same rules that creating the
 * meeting applies, the meeting's title counting as a word to avoid).
 */

import { post } from '../api.js';
import { el } from '../dom.js';
import { attachPasswordMeter } from '../password-meter.js';

/**
 * Builds the choice into a container.
 *
 * @param {HTMLElement} container where it goes
 * @param {string} prefix id prefix
 * @param {() => string} title the meeting's title so far (context for the check)
 * @returns {{read: () => (string|null), wantsOwn: () => boolean, input: HTMLInputElement,
 *     refresh: () => void, reset: () => void}} read gives the chosen passcode, or null for a
 *     generated one
 */
export function passcodeChoice(container, prefix, title) {
  const generatedId = `${prefix}-passcode-generated`;
  const ownId = `${prefix}-passcode-own`;
  const generated = el('input', { attrs: { id: generatedId, type: 'radio', name: `${prefix}-passcode-mode`, value: 'generated' } });
  generated.checked = true;
  const own = el('input', { attrs: { id: ownId, type: 'radio', name: `${prefix}-passcode-mode`, value: 'own' } });
  const inputId = `${prefix}-passcode`;
  const input = el('input', {
    attrs: {
      id: inputId,
      type: 'text',
      autocomplete: 'off',
      autocapitalize: 'none',
      spellcheck: 'false',
      maxlength: 64,
      'aria-describedby': `${inputId}-hint`,
    },
  });
  const field = el('div', { className: 'field own-passcode' }, [
    el('label', { text: 'meetings.passcode.ownLabel', attrs: { for: inputId } }),
    input,
    el('p', { className: 'hint', text: 'meetings.passcode.ownHint', attrs: { id: `${inputId}-hint` } }),
  ]);
  field.hidden = true;
  container.replaceChildren(
    el('fieldset', { className: 'field' }, [
      el('legend', { text: 'meetings.passcode.legend' }),
      el('div', { className: 'checks' }, [
        el('div', { className: 'check' }, [generated, el('label', { text: 'meetings.passcode.generated', attrs: { for: generatedId } })]),
        el('div', { className: 'check' }, [own, el('label', { text: 'meetings.passcode.own', attrs: { for: ownId } })]),
      ]),
    ]),
    field,
  );
  const meter = attachPasswordMeter(
    input,
    (passcode, signal) => post('/api/v1/meetings/passcode-check', { passcode, title: title() || null }, { signal }),
    { reasonPrefix: 'error.passcode-', genericKey: 'meetings.passcode.refused' },
  );
  const toggle = () => {
    field.hidden = !own.checked;
    if (own.checked) {
      input.focus();
    }
  };
  generated.addEventListener('change', toggle);
  own.addEventListener('change', toggle);
  return {
    input,
    read: () => (own.checked && input.value.trim() ? input.value : null),
    wantsOwn: () => own.checked,
    refresh: () => {
      if (input.value) {
        meter.refresh();
      }
    },
    reset() {
      input.value = '';
      generated.checked = true;
      field.hidden = true;
    },
  };
}
