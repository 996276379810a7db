/**
 * A meeting's rules as form controls (MeetingSettings on the server): passcode, waiting room, who
 * may enter, personal links, entry before the host, screen sharing, chat, microphones, renaming
 * and the participant limit. Where the organisation's policy (GET /api/v1/meetings/policy) forbids
 * a looser choice, the control is disabled and a line says why, so the host never meets a refusal
 * for something the form offered.
 */

import { el } from '../dom.js';

/** The secure defaults, the same as the server's. */
export const DEFAULTS = Object.freeze({
  passcodeRequired: true,
  waitingRoom: true,
  entry: 'ANYONE_WITH_CODE',
  personalLinksRequired: false,
  entryBeforeHost: false,
  screenShare: 'HOSTS',
  chat: 'EVERYONE',
  muteOnEntry: true,
  selfUnmute: true,
  renameAllowed: false,
  participantLimit: 100,
});

function checkbox(prefix, name, value, locked) {
  const id = `${prefix}-${name}`;
  const input = el('input', { attrs: { id, type: 'checkbox', name } });
  input.checked = !!value;
  const hintId = `${id}-hint`;
  const children = [
    el('div', { className: 'check' }, [input, el('label', { text: `meetings.settings.${name}`, attrs: { for: id } })]),
    el('p', { className: 'hint', text: `meetings.settings.${name}Hint`, attrs: { id: hintId } }),
  ];
  input.setAttribute('aria-describedby', hintId);
  if (locked) {
    input.disabled = true;
    const lockId = `${id}-policy`;
    children.push(el('p', { className: 'hint policy-note', text: locked, attrs: { id: lockId } }));
    input.setAttribute('aria-describedby', `${hintId} ${lockId}`);
  }
  return { input, row: el('div', { className: 'setting' }, children) };
}

function choice(prefix, name, options, value, forbidden, lockKey) {
  const id = `${prefix}-${name}`;
  const select = el('select', { attrs: { id, name } });
  for (const option of options) {
    const o = el('option', { text: `meetings.settings.${name}.${option}`, attrs: { value: option } });
    o.disabled = forbidden.includes(option);
    select.append(o);
  }
  select.value = value;
  const children = [
    el('label', { text: `meetings.settings.${name}`, attrs: { for: id } }),
    select,
  ];
  if (forbidden.length) {
    const noteId = `${id}-policy`;
    children.push(el('p', { className: 'hint policy-note', text: lockKey, attrs: { id: noteId } }));
    select.setAttribute('aria-describedby', noteId);
  }
  return { input: select, row: el('div', { className: 'setting field' }, children) };
}

/**
 * Builds the controls into a container.
 *
 * @param {HTMLElement} container where the controls go
 * @param {string} prefix id prefix, so two forms never share ids
 * @param {object} policy the organisation's caps
 * @param {object} [current] the settings to show (a new meeting gets the defaults, adjusted to
 *     the policy)
 * @returns {{read: () => object, onPasscodeChange: (listener: (on: boolean) => void) => void}}
 */
export function settingsControls(container, prefix, policy, current) {
  const s = { ...DEFAULTS, ...(current || {}) };
  if (!current && !policy.guestsAllowed && s.entry === 'ANYONE_WITH_CODE') {
    s.entry = 'ORGANISATION';
  }
  const max = Math.max(2, policy.maxParticipants || 100);
  if (!current) {
    s.participantLimit = Math.min(s.participantLimit, max);
  }

  const passcode = checkbox(prefix, 'passcodeRequired', s.passcodeRequired,
    !policy.passcodeMayBeOff && s.passcodeRequired ? 'meetings.policy.passcodeRequired' : null);
  const waiting = checkbox(prefix, 'waitingRoom', s.waitingRoom,
    !policy.waitingRoomMayBeOff && s.waitingRoom ? 'meetings.policy.waitingRoom' : null);
  const entry = choice(prefix, 'entry', ['ANYONE_WITH_CODE', 'ORGANISATION', 'INVITED'], s.entry,
    policy.guestsAllowed ? [] : ['ANYONE_WITH_CODE'], 'meetings.policy.entry');
  const personal = checkbox(prefix, 'personalLinksRequired', s.personalLinksRequired, null);
  const beforeHost = checkbox(prefix, 'entryBeforeHost', s.entryBeforeHost,
    !policy.entryBeforeHostAllowed && !s.entryBeforeHost ? 'meetings.policy.entryBeforeHost' : null);
  const share = choice(prefix, 'screenShare', ['HOSTS', 'EVERYONE'], s.screenShare,
    policy.screenShareForAllAllowed ? [] : ['EVERYONE'], 'meetings.policy.screenShare');
  const chat = choice(prefix, 'chat', ['EVERYONE', 'HOSTS_ONLY', 'OFF'], s.chat, [], null);
  const mute = checkbox(prefix, 'muteOnEntry', s.muteOnEntry, null);
  const unmute = checkbox(prefix, 'selfUnmute', s.selfUnmute, null);
  const rename = checkbox(prefix, 'renameAllowed', s.renameAllowed,
    !policy.renameAllowed && !s.renameAllowed ? 'meetings.policy.renameAllowed' : null);
  const limitId = `${prefix}-participantLimit`;
  const limit = el('input', {
    attrs: { id: limitId, type: 'number', min: 2, max, step: 1, inputmode: 'numeric', value: s.participantLimit, 'aria-describedby': `${limitId}-hint` },
  });
  const limitRow = el('div', { className: 'setting field' }, [
    el('label', { text: 'meetings.settings.participantLimit', attrs: { for: limitId } }),
    limit,
    el('p', { className: 'hint', text: 'meetings.settings.participantLimitHint', args: { max }, attrs: { id: `${limitId}-hint` } }),
  ]);

  container.replaceChildren(
    el('fieldset', { className: 'settings-group' }, [
      el('legend', { text: 'meetings.settings.entryGroup' }),
      passcode.row, waiting.row, entry.row, personal.row, beforeHost.row,
    ]),
    el('fieldset', { className: 'settings-group' }, [
      el('legend', { text: 'meetings.settings.roomGroup' }),
      share.row, chat.row, mute.row, unmute.row, rename.row, limitRow,
    ]),
  );

  return {
    read() {
      return {
        passcodeRequired: passcode.input.checked,
        waitingRoom: waiting.input.checked,
        entry: entry.input.value,
        personalLinksRequired: personal.input.checked,
        entryBeforeHost: beforeHost.input.checked,
        screenShare: share.input.value,
        chat: chat.input.value,
        muteOnEntry: mute.input.checked,
        selfUnmute: unmute.input.checked,
        renameAllowed: rename.input.checked,
        participantLimit: Number.parseInt(limit.value, 10) || null,
      };
    },
    onPasscodeChange(listener) {
      passcode.input.addEventListener('change', () => listener(passcode.input.checked));
    },
  };
}
