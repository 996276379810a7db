/**
 * Small pieces the meeting page shares: toasts (short notices that may carry actions), the knock
 * sound (a short tone made with WebAudio, no sound file), a text dialog (renaming, reporting an
 * incident), times of day and initials.
 */

import { $, el, icon } from '../dom.js';
import { language, t, translate } from '../i18n.js';

const TOAST_MS = 8000;

/**
 * Shows a toast. `key`/`args` name the text; `actions` are buttons ({key, run, className});
 * `sticky` keeps it until closed; `kind` is info, warning, error or success.
 */
export function toast({ kind = 'info', key, args, actions = [], sticky = false, testid = 'toast', alert = false }) {
  const box = $('#toasts');
  const body = el('div', { className: 'toast-body' }, [el('p', { text: key, args })]);
  const item = el('div', {
    className: `toast toast-${kind}`,
    attrs: { role: alert ? 'alert' : 'status', 'data-testid': testid, 'data-kind': kind },
  });
  const close = () => item.remove();
  const row = el('div', { className: 'button-row' });
  for (const action of actions) {
    row.append(el('button', {
      className: `button small ${action.className || 'secondary'}`,
      text: action.key,
      attrs: { type: 'button', 'data-testid': action.testid },
      on: { click: () => { close(); action.run(); } },
    }));
  }
  if (actions.length) {
    body.append(row);
  }
  const dismiss = el('button', {
    className: 'icon-button toast-close',
    attrs: { type: 'button', 'data-i18n-aria-label': 'room.close', 'aria-label': t('room.close') },
    on: { click: close },
  }, [icon('close')]);
  item.append(icon(kind === 'error' || kind === 'warning' ? 'alert' : kind === 'knock' ? 'bell' : 'info'), body, dismiss);
  item.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  });
  box.append(item);
  while (box.children.length > 4) {
    box.firstElementChild.remove();
  }
  if (!sticky) {
    setTimeout(close, actions.length ? TOAST_MS * 2 : TOAST_MS);
  }
  return item;
}

let audio = null;

/** Prepares the sound while the person is clicking (browsers start audio only after a gesture). */
export function unlockSound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) {
    try {
      audio = new Context();
    } catch (e) {
      audio = null;
    }
  }
  if (audio && audio.state === 'suspended') {
    audio.resume().catch(() => {});
  }
}

/** Two short soft tones: someone is knocking. */
export function knockSound() {
  if (!audio) {
    return;
  }
  try {
    const start = audio.currentTime + 0.01;
    [0, 0.18].forEach((offset, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = i === 0 ? 660 : 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.16);
    });
  } catch (e) {
    // No sound is better than a broken page.
  }
}

/**
 * Asks for a line of text (or a longer text with `multiline`). Resolves to the trimmed text, or
 * null when cancelled (Escape or Cancel).
 */
export function askText({ titleKey, titleArgs, labelKey, leadKey, value = '', multiline = false, maxLength = 80, okKey = 'common.continue' }) {
  const dialog = $('#ask-dialog');
  const input = $('#ask-input');
  const area = $('#ask-textarea');
  const field = multiline ? area : input;
  translate($('#ask-title'), titleKey, titleArgs);
  translate($('#ask-label'), labelKey);
  translate($('#ask-ok-label'), okKey);
  const lead = $('#ask-lead');
  if (leadKey) {
    translate(lead, leadKey);
  }
  lead.hidden = !leadKey;
  $('#ask-label').htmlFor = field.id;
  input.hidden = multiline;
  area.hidden = !multiline;
  field.maxLength = maxLength;
  field.value = value;
  return new Promise((resolve) => {
    let answered = false;
    const finish = (answer) => {
      if (answered) {
        return;
      }
      answered = true;
      cleanup();
      if (dialog.open) {
        dialog.close();
      }
      resolve(answer);
    };
    const submit = (event) => {
      event.preventDefault();
      const text = field.value.trim();
      if (!text) {
        field.focus();
        return;
      }
      finish(text);
    };
    const cancel = () => finish(null);
    const cancelButton = $('#ask-cancel');
    function cleanup() {
      $('#ask-form').removeEventListener('submit', submit);
      cancelButton.removeEventListener('click', cancel);
      dialog.removeEventListener('close', cancel);
    }
    $('#ask-form').addEventListener('submit', submit);
    cancelButton.addEventListener('click', cancel);
    dialog.addEventListener('close', cancel);
    dialog.showModal();
    field.focus();
    field.select();
  });
}

/** A time of day in the reader's language. */
export function timeOfDay(millis) {
  const date = new Date(Number(millis));
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  return new Intl.DateTimeFormat(language() === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' })
    .format(date);
}

/** One or two letters for a name's avatar. */
export function initials(name) {
  const words = String(name || '?').trim().split(/\s+/).filter(Boolean);
  if (!words.length) {
    return '?';
  }
  const first = Array.from(words[0])[0] || '?';
  const last = words.length > 1 ? Array.from(words[words.length - 1])[0] : '';
  return (first + last).toUpperCase();
}

/** How someone arrived, in words (for the participant list and the knocks). */
export function arrivalText(person) {
  if (person.arrival === 'MEMBER') {
    return t('room.arrival.MEMBER');
  }
  if (person.arrival === 'PERSONAL_LINK') {
    return t('room.arrival.PERSONAL_LINK', { name: person.invitedAs || person.name });
  }
  return t('room.arrival.GUEST');
}
