/**
 * The live room, built only once the server has said `welcome` (until then the page holds nothing
 * of the meeting: no title, roster or chat). A dark stage with one tile per person (media comes in
 * a later version), a header with the title and the always-visible state (locked, recording,
 * end-to-end encryption, connection), the toolbar at the bottom, and the panels on the right:
 * participants, chat, security. The room's state is what the server last said; every button sends
 * a command and the screen changes when the server's answer comes back.
 */

import { $, confirmAction, el, icon } from '../dom.js';
import { has, t, translate } from '../i18n.js';
import { createChat } from './chat.js';
import { createParticipants, stateIcons } from './participants.js';
import { createSecurity, shieldState } from './security.js';
import { askText, initials, knockSound, toast } from './ui.js';

const PANELS = ['participants', 'chat', 'security'];

function toolButton(id, iconName, labelKey, { className = '', testid, ...rest } = {}) {
  const label = el('span', { className: 'tool-label', text: labelKey });
  return el('button', {
    className: `tool ${className}`.trim(),
    attrs: { type: 'button', id, 'data-testid': testid || id, ...rest },
  }, [el('span', { className: 'tool-icon' }, [icon(iconName)]), label]);
}

function setTool(button, iconName, labelKey, pressed) {
  button.querySelector('.tool-icon').replaceChildren(icon(iconName));
  translate(button.querySelector('.tool-label'), labelKey);
  if (pressed !== undefined) {
    button.setAttribute('aria-pressed', String(pressed));
  }
}

/**
 * Builds the room into `root` from a welcome frame. `send(frame)` sends a command; `leave()` leaves.
 * Returns {handle(frame), destroy()}.
 */
export function createRoom(root, welcome, { send, leave }) {
  const state = {
    you: welcome.you,
    room: welcome.room,
    participants: new Map((welcome.participants || []).map((p) => [p.id, p])),
    waiting: welcome.waiting || [],
  };
  state.participants.set(state.you.id, state.you);
  let unreadChat = 0;
  /** When the person last used their own microphone button (to tell it from a host's mute). */
  let ownMicChange = 0;
  let openPanel = null;
  let lastFocus = null;

  const room = {
    state,
    isHost: () => state.you.role === 'HOST' || state.you.role === 'COHOST',
    send(frame) {
      if (!send(frame)) {
        toast({ kind: 'warning', key: 'room.notSent' });
        return false;
      }
      return true;
    },
    notify(key, args) {
      toast({ kind: 'success', key, args });
    },
  };

  // ---- header ----
  const title = el('h1', { className: 'room-title', plain: state.room.title, attrs: { id: 'room-title', 'data-testid': 'room-title' } });
  const badges = el('div', { className: 'room-badges', attrs: { id: 'room-badges' } });
  const header = el('header', { className: 'room-header' }, [title, badges]);

  // ---- stage ----
  const stage = el('section', { className: 'stage', attrs: { id: 'stage', 'aria-labelledby': 'stage-title', 'data-testid': 'stage' } });
  const stageTitle = el('h2', { className: 'visually-hidden', text: 'room.stage', attrs: { id: 'stage-title' } });
  const tiles = el('ul', { className: 'tiles', attrs: { id: 'tiles' } });
  stage.append(stageTitle, tiles);

  // ---- panels ----
  const panels = {};
  const panelBodies = {};
  for (const name of PANELS) {
    const body = el('div', { className: 'panel-body' });
    const close = el('button', {
      className: 'icon-button',
      attrs: { type: 'button', 'aria-label': t('room.close'), 'data-i18n-aria-label': 'room.close', 'data-testid': `close-${name}` },
      on: { click: () => togglePanel(null) },
    }, [icon('close')]);
    panels[name] = el('aside', {
      className: 'panel',
      attrs: { id: `panel-${name}`, 'aria-labelledby': `panel-${name}-title`, 'data-testid': `panel-${name}`, tabindex: '-1' },
    }, [el('div', { className: 'panel-head' }, [
      el('h2', { text: `room.panel.${name}`, attrs: { id: `panel-${name}-title` } }), close]), body]);
    panels[name].hidden = true;
    panelBodies[name] = body;
  }
  const people = createParticipants(panelBodies.participants, room);
  const chat = createChat(panelBodies.chat, room);
  const security = createSecurity(panelBodies.security, room);

  // ---- toolbar ----
  const mic = toolButton('tb-mic', 'mic-off', 'room.tool.unmute');
  const camera = toolButton('tb-camera', 'video-off', 'room.tool.cameraOn');
  const share = toolButton('tb-share', 'screen', 'room.tool.share');
  const hand = toolButton('tb-hand', 'hand', 'room.tool.raiseHand');
  const chatButton = toolButton('tb-chat', 'chat', 'room.tool.chat', { 'aria-controls': 'panel-chat', 'aria-expanded': 'false' });
  const peopleButton = toolButton('tb-participants', 'users', 'room.tool.participants', { 'aria-controls': 'panel-participants', 'aria-expanded': 'false' });
  const shield = toolButton('tb-security', 'shield', 'room.tool.security', { 'aria-controls': 'panel-security', 'aria-expanded': 'false' });
  const more = toolButton('tb-more', 'more', 'room.tool.more', { 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'more-menu' });
  const leaveButton = toolButton('tb-leave', 'leave', 'room.tool.leave', { className: 'tool-leave' });
  const waitingBadge = el('span', { className: 'count-badge', attrs: { id: 'waiting-badge', 'data-testid': 'waiting-badge' } });
  const chatBadge = el('span', { className: 'count-badge', attrs: { id: 'chat-badge', 'data-testid': 'chat-badge' } });
  peopleButton.querySelector('.tool-icon').append(waitingBadge);
  chatButton.querySelector('.tool-icon').append(chatBadge);
  const moreMenu = el('div', { className: 'menu more-menu', attrs: { id: 'more-menu', role: 'menu' } });
  moreMenu.hidden = true;
  const moreWrap = el('div', { className: 'menu-wrap' }, [more, moreMenu]);
  const toolbar = el('nav', { className: 'toolbar', attrs: { 'aria-label': t('room.toolbar'), 'data-i18n-aria-label': 'room.toolbar' } }, [
    el('div', { className: 'tool-group' }, [mic, camera, share, hand]),
    el('div', { className: 'tool-group' }, [chatButton, peopleButton, shield, moreWrap]),
    leaveButton,
  ]);

  const layout = el('div', { className: 'room', attrs: { id: 'room', 'data-testid': 'room' } }, [
    header,
    el('div', { className: 'room-middle' }, [stage, ...PANELS.map((n) => panels[n])]),
    toolbar,
  ]);
  root.replaceChildren(layout);
  document.body.classList.add('in-room');

  // ---- panels open one at a time, on the right; Escape closes ----
  const panelButtons = { participants: peopleButton, chat: chatButton, security: shield };
  function togglePanel(name) {
    const next = name === openPanel ? null : name;
    for (const n of PANELS) {
      panels[n].hidden = n !== next;
      panelButtons[n].setAttribute('aria-expanded', String(n === next));
    }
    layout.classList.toggle('panel-open', !!next);
    const previous = openPanel;
    openPanel = next;
    if (next) {
      lastFocus = panelButtons[next];
      if (next === 'chat') {
        unreadChat = 0;
        renderBadges();
        $('#chat-text').focus();
      } else {
        panels[next].focus();
      }
    } else if (previous) {
      panelButtons[previous].focus();
    }
  }
  chatButton.addEventListener('click', () => togglePanel('chat'));
  peopleButton.addEventListener('click', () => togglePanel('participants'));
  shield.addEventListener('click', () => togglePanel('security'));

  function closeMore(focus) {
    if (moreMenu.hidden) {
      return false;
    }
    moreMenu.hidden = true;
    more.setAttribute('aria-expanded', 'false');
    if (focus) {
      more.focus();
    }
    return true;
  }
  function moreItem(key, run, danger, testid) {
    return el('button', {
      className: `menu-item${danger ? ' danger' : ''}`,
      text: key,
      attrs: { type: 'button', role: 'menuitem', 'data-testid': testid },
      on: { click: () => { closeMore(true); run(); } },
    });
  }
  function moreItems() {
    const items = [];
    const you = state.you;
    if ((state.room.renameAllowed && you.arrival !== 'PERSONAL_LINK') || room.isHost()) {
      items.push(moreItem('room.more.renameSelf', async () => {
        const name = await askText({ titleKey: 'room.rename.titleSelf', labelKey: 'room.rename.label', value: you.name });
        if (name) {
          room.send(room.isHost() ? { type: 'renameParticipant', participant: you.id, name } : { type: 'renameSelf', name });
        }
      }, false, 'rename-self'));
    }
    if (room.isHost()) {
      items.push(moreItem('room.more.muteAll', () => room.send({ type: 'muteAll', allowSelfUnmute: true }), false, 'mute-all'));
      items.push(moreItem('room.more.muteAllLocked', () => room.send({ type: 'muteAll', allowSelfUnmute: false }), false, 'mute-all-locked'));
      if (you.role === 'HOST') {
        items.push(moreItem('room.more.endForAll', () => {
          if (confirmAction('room.more.endConfirm')) {
            room.send({ type: 'endMeeting' });
          }
        }, true, 'end-for-all'));
      }
      if (state.room.suspended) {
        items.push(moreItem('room.more.resumeActivities', () => room.send({ type: 'resumeActivities' }), false, 'resume-activities'));
      } else {
        items.push(moreItem('room.more.suspend', suspend, true, 'suspend'));
      }
    }
    return items;
  }
  more.addEventListener('click', () => {
    if (closeMore(false)) {
      return;
    }
    people.closeMenu(false);
    const items = moreItems();
    if (!items.length) {
      items.push(el('p', { className: 'menu-note', text: 'room.more.nothing' }));
    }
    moreMenu.replaceChildren(...items);
    moreMenu.hidden = false;
    more.setAttribute('aria-expanded', 'true');
    const first = moreMenu.querySelector('button');
    if (first) {
      first.focus();
    }
  });
  moreMenu.addEventListener('keydown', (event) => {
    const items = [...moreMenu.querySelectorAll('button')];
    const index = items.indexOf(document.activeElement);
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && items.length) {
      event.preventDefault();
      items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length].focus();
    } else if (event.key === 'Tab') {
      closeMore(false);
    }
  });
  const onDocumentClick = (event) => {
    if (!moreMenu.hidden && !moreMenu.contains(event.target) && !more.contains(event.target)) {
      closeMore(false);
    }
  };
  document.addEventListener('click', onDocumentClick);

  const onKey = (event) => {
    if (event.key !== 'Escape' || $('#ask-dialog').open) {
      return;
    }
    if (closeMore(true) || people.closeMenu(true)) {
      event.preventDefault();
      return;
    }
    if (openPanel) {
      event.preventDefault();
      togglePanel(null);
    }
  };
  document.addEventListener('keydown', onKey);

  async function suspend() {
    if (!confirmAction('room.suspend.confirm')) {
      return;
    }
    if (!room.send({ type: 'suspendActivities' })) {
      return;
    }
    const report = await askText({
      titleKey: 'room.suspend.reportTitle', leadKey: 'room.suspend.reportLead', labelKey: 'room.suspend.reportLabel',
      multiline: true, maxLength: 4000, okKey: 'room.suspend.reportSend',
    });
    if (report) {
      room.send({ type: 'reportIncident', text: report });
    }
  }

  // ---- the person's own controls ----
  mic.addEventListener('click', () => {
    ownMicChange = Date.now();
    room.send({ type: 'setOwnMedia', audio: !state.you.audio });
  });
  camera.addEventListener('click', () => room.send({ type: 'setOwnMedia', video: !state.you.video }));
  hand.addEventListener('click', () => room.send({ type: 'raiseHand', raised: !state.you.handRaised }));
  share.addEventListener('click', () => {
    const you = state.you;
    if (you.screen) {
      room.send({ type: 'shareScreen', on: false });
    } else if (you.mayShareScreen || room.isHost() || state.room.screenShareRule === 'EVERYONE') {
      room.send({ type: 'shareScreen', on: true });
    } else if (room.send({ type: 'requestScreenShare' })) {
      toast({ kind: 'info', key: 'room.share.requested' });
    }
  });
  leaveButton.addEventListener('click', leave);

  // ---- rendering ----
  function renderBadges() {
    const waitingCount = room.isHost() ? state.waiting.length : 0;
    waitingBadge.textContent = waitingCount ? String(waitingCount) : '';
    waitingBadge.hidden = !waitingCount;
    peopleButton.setAttribute('aria-label', waitingCount
      ? t('room.tool.participantsWaiting', { count: waitingCount })
      : t('room.tool.participants'));
    chatBadge.textContent = unreadChat ? String(unreadChat) : '';
    chatBadge.hidden = !unreadChat;
    chatButton.setAttribute('aria-label', unreadChat ? t('room.tool.chatUnread', { count: unreadChat }) : t('room.tool.chat'));
  }

  function renderHeader() {
    title.textContent = state.room.title;
    document.title = `${state.room.title} · ${t('room.brand')}`;
    const s = state.room.security || {};
    const items = [];
    if (state.room.suspended) {
      items.push(['badge-danger', 'pause', 'room.badge.suspended', 'badge-suspended']);
    }
    if (state.room.locked) {
      items.push(['badge-warning', 'lock', 'room.badge.locked', 'badge-locked']);
    }
    items.push(s.recording
      ? ['badge-danger', 'alert', 'room.badge.recording', 'badge-recording']
      : ['badge-off', 'info', 'room.badge.notRecording', 'badge-recording']);
    items.push(s.endToEndEncrypted
      ? ['badge-on', 'lock', 'room.badge.e2ee', 'badge-e2ee']
      : ['badge-off', 'info', 'room.badge.noE2ee', 'badge-e2ee']);
    badges.replaceChildren(...items.map(([cls, ic, key, testid]) =>
      el('span', { className: `badge ${cls}`, attrs: { 'data-testid': testid } }, [icon(ic), el('span', { text: key })])));
  }

  function renderToolbar() {
    const you = state.you;
    setTool(mic, you.audio ? 'mic' : 'mic-off', you.audio ? 'room.tool.mute' : 'room.tool.unmute', you.audio);
    setTool(camera, you.video ? 'video' : 'video-off', you.video ? 'room.tool.cameraOff' : 'room.tool.cameraOn', you.video);
    const mayShare = you.mayShareScreen || room.isHost() || state.room.screenShareRule === 'EVERYONE';
    setTool(share, 'screen', you.screen ? 'room.tool.stopShare' : mayShare ? 'room.tool.share' : 'room.tool.askShare', you.screen);
    setTool(hand, 'hand', you.handRaised ? 'room.tool.lowerHand' : 'room.tool.raiseHand', you.handRaised);
    const shieldTone = shieldState(state.room);
    shield.dataset.shield = shieldTone;
    shield.setAttribute('title', t(`room.shield.${shieldTone}`));
  }

  function tile(p) {
    return el('li', {
      className: `tile${p.handRaised ? ' hand' : ''}${p.connected ? '' : ' away'}`,
      attrs: { 'data-testid': 'tile', 'data-participant-id': p.id },
    }, [
      el('span', { className: 'tile-avatar', plain: initials(p.name), attrs: { 'aria-hidden': 'true' } }),
      el('p', { className: 'tile-name' }, [
        el('span', { plain: p.name }),
        p.id === state.you.id ? el('span', { className: 'tile-you', text: 'room.youSuffix' }) : null,
      ]),
      stateIcons(p),
    ]);
  }

  function renderStage() {
    tiles.replaceChildren(...[...state.participants.values()].map(tile));
    tiles.dataset.count = String(Math.min(state.participants.size, 9));
  }

  function renderAll() {
    renderHeader();
    renderStage();
    renderToolbar();
    renderBadges();
    people.render();
    chat.render();
    security.render();
  }
  renderAll();
  const onLanguage = () => renderAll();
  document.addEventListener('conclave:language', onLanguage);

  function knockToast(entry) {
    knockSound();
    toast({
      kind: 'knock',
      key: 'room.knock.toast',
      args: { name: entry.name },
      testid: 'knock-toast',
      actions: [
        { key: 'room.knock.admit', className: 'primary', testid: 'toast-admit', run: () => room.send({ type: 'admit', participant: entry.id }) },
        { key: 'room.knock.deny', testid: 'toast-deny', run: () => room.send({ type: 'deny', participant: entry.id }) },
        { key: 'room.knock.seeAll', testid: 'toast-see-all', run: () => { if (openPanel !== 'participants') togglePanel('participants'); } },
      ],
    });
  }

  function errorToast(frame) {
    toast({ kind: 'error', key: errorKey(frame.code || 'internal'), testid: 'error-toast' });
  }

  return {
    state,

    handle(frame) {
      switch (frame.type) {
        case 'participantJoined':
        case 'participantUpdated': {
          const p = frame.participant;
          const before = state.participants.get(p.id);
          state.participants.set(p.id, p);
          if (p.id === state.you.id) {
            if (before && before.audio && !p.audio && Date.now() - ownMicChange > 5000) {
              toast({ kind: 'info', key: 'room.youWereMuted' });
            }
            state.you = p;
          }
          renderAll();
          break;
        }
        case 'participantLeft':
          state.participants.delete(frame.participantId);
          renderAll();
          break;
        case 'roomUpdated':
          state.room = frame.room;
          renderAll();
          break;
        case 'chat':
          chat.add(frame);
          if (openPanel !== 'chat') {
            unreadChat += 1;
            renderBadges();
          }
          break;
        case 'knock':
          if (room.isHost()) {
            if (!state.waiting.some((k) => k.id === frame.entry.id)) {
              state.waiting = [...state.waiting, frame.entry];
            }
            renderBadges();
            people.render();
            knockToast(frame.entry);
          }
          break;
        case 'waitingRoom':
          state.waiting = frame.entries || [];
          renderBadges();
          people.render();
          break;
        case 'screenShareRequested':
          toast({
            kind: 'info', key: 'room.share.requestToast', args: { name: frame.name }, testid: 'share-request-toast',
            actions: [{ key: 'room.menu.allowShare', className: 'primary', run: () => room.send({ type: 'setScreenShare', participant: frame.participantId, allowed: true }) }],
          });
          break;
        case 'securityAlert':
          toast({
            kind: 'warning', key: 'room.alert.toast', args: { count: frame.failures }, sticky: true, alert: true, testid: 'security-alert',
            actions: frame.passcodeEntryPaused ? [] : [{
              key: 'room.alert.pause', className: 'primary', testid: 'alert-pause',
              run: () => room.send({ type: 'pausePasscodeEntry', paused: true }),
            }],
          });
          break;
        case 'incidentRecorded':
          toast({ kind: 'success', key: 'room.suspend.recorded', testid: 'incident-recorded' });
          break;
        case 'error':
          errorToast(frame);
          break;
        default:
          break;
      }
    },

    /** A new welcome after a resume: the whole state again. */
    reset(next) {
      state.you = next.you;
      state.room = next.room;
      state.participants = new Map((next.participants || []).map((p) => [p.id, p]));
      state.participants.set(state.you.id, state.you);
      state.waiting = next.waiting || [];
      renderAll();
    },

    destroy() {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onDocumentClick);
      document.removeEventListener('conclave:language', onLanguage);
      document.body.classList.remove('in-room');
      root.replaceChildren();
    },
  };
}

/** The catalogue key for an error frame's code: room.error.<code>, else error.<code>. */
export function errorKey(code) {
  return [`room.error.${code}`, `error.${code}`].find((k) => has(k)) || 'error.generic';
}
