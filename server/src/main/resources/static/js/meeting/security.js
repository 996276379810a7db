/**
 * The security panel: the room's protections in words, for everyone inside, and for hosts the
 * switches that change them (lock, waiting room, pausing passcode entry, screen sharing, chat,
 * unmuting and renaming). The switches show the room as the server last described it: a change is
 * sent as a command and shown once the server's roomUpdated confirms it.
 */

import { el, icon } from '../dom.js';
import { t } from '../i18n.js';

/** The room's overall state for the shield: suspended, open (no waiting room, unlocked), protected. */
export function shieldState(rules) {
  if (rules.suspended) {
    return 'alert';
  }
  if (!rules.locked && !rules.waitingRoom) {
    return 'open';
  }
  return 'safe';
}

function fact(on, key, testid, goodWhenOn = true) {
  const good = on === goodWhenOn;
  return el('li', { className: `fact ${good ? 'fact-good' : 'fact-plain'}`, attrs: { 'data-testid': testid, 'data-on': String(on) } }, [
    icon(good ? 'check' : 'info'),
    el('span', { plain: t(key) }),
  ]);
}

/** Builds the panel into `panel`; returns its controller. */
export function createSecurity(panel, room) {
  const facts = el('ul', { className: 'facts', attrs: { id: 'security-facts', 'data-testid': 'security-facts' } });
  const controls = el('section', { className: 'panel-section', attrs: { id: 'security-controls', 'aria-labelledby': 'security-controls-title' } });
  panel.append(facts, controls);

  function toggle(id, key, on, frame) {
    const input = el('input', { attrs: { id, type: 'checkbox', 'data-testid': id } });
    input.checked = on;
    input.addEventListener('change', () => {
      const wanted = input.checked;
      input.checked = !wanted;
      room.send(frame(wanted));
    });
    return el('div', { className: 'check switch' }, [input, el('label', { text: key, attrs: { for: id } })]);
  }

  function choice(id, key, value, options, frame) {
    const select = el('select', { attrs: { id, 'data-testid': id } },
      options.map(([v, k]) => el('option', { text: k, attrs: { value: v } })));
    select.value = value;
    select.addEventListener('change', () => {
      const wanted = select.value;
      select.value = value;
      room.send(frame(wanted));
    });
    return el('div', { className: 'field' }, [el('label', { text: key, attrs: { for: id } }), select]);
  }

  return {
    render() {
      const rules = room.state.room;
      const s = rules.security || {};
      facts.replaceChildren(
        rules.suspended ? fact(true, 'room.security.suspended', 'fact-suspended', false) : null,
        fact(rules.waitingRoom, rules.waitingRoom ? 'room.security.waitingRoomOn' : 'room.security.waitingRoomOff', 'fact-waiting-room'),
        fact(rules.locked, rules.locked ? 'room.security.locked' : 'room.security.unlocked', 'fact-locked'),
        fact(!!s.passcodeRequired, s.passcodeRequired ? 'room.security.passcodeOn' : 'room.security.passcodeOff', 'fact-passcode'),
        fact(true, `room.security.entry.${s.entryRule || 'ANYONE_WITH_CODE'}`, 'fact-entry'),
        s.personalLinksRequired ? fact(true, 'room.security.personalLinksRequired', 'fact-personal-links') : null,
        rules.passcodeEntryPaused ? fact(true, 'room.security.passcodeEntryPaused', 'fact-passcode-paused') : null,
        fact(!!s.endToEndEncrypted, s.endToEndEncrypted ? 'room.security.e2eeOn' : 'room.security.e2eeOff', 'fact-e2ee'),
        fact(!!s.recording, s.recording ? 'room.security.recordingOn' : 'room.security.recordingOff', 'fact-recording', false),
        fact(true, `room.security.share.${rules.screenShareRule}`, 'fact-share'),
        fact(true, `room.security.chat.${rules.chatMode}`, 'fact-chat'),
      );
      const host = room.isHost();
      controls.hidden = !host;
      if (!host) {
        controls.replaceChildren();
        return;
      }
      controls.replaceChildren(
        el('h3', { text: 'room.security.controls', attrs: { id: 'security-controls-title' } }),
        toggle('sec-lock', 'room.security.lock', rules.locked, (v) => ({ type: 'lockMeeting', locked: v })),
        toggle('sec-waiting-room', 'room.security.waitingRoom', rules.waitingRoom, (v) => ({ type: 'setWaitingRoom', enabled: v })),
        toggle('sec-pause-passcode', 'room.security.pausePasscode', rules.passcodeEntryPaused, (v) => ({ type: 'pausePasscodeEntry', paused: v })),
        toggle('sec-self-unmute', 'room.security.selfUnmute', rules.selfUnmute, (v) => ({ type: 'setSelfUnmute', allowed: v })),
        toggle('sec-rename', 'room.security.renameAllowed', rules.renameAllowed, (v) => ({ type: 'setRenameAllowed', allowed: v })),
        choice('sec-share-rule', 'room.security.shareRule', rules.screenShareRule,
          [['HOSTS', 'room.security.shareRule.HOSTS'], ['EVERYONE', 'room.security.shareRule.EVERYONE']],
          (v) => ({ type: 'setScreenShareRule', rule: v })),
        choice('sec-chat-mode', 'room.security.chatMode', rules.chatMode,
          [['EVERYONE', 'room.security.chatMode.EVERYONE'], ['HOSTS_ONLY', 'room.security.chatMode.HOSTS_ONLY'], ['OFF', 'room.security.chatMode.OFF']],
          (v) => ({ type: 'setChatMode', mode: v })),
      );
    },
  };
}
