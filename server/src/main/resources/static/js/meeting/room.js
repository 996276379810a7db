/**
 * The live room, built only once the server has said `welcome` (until then the page holds nothing
 * of the meeting: no title, roster or chat). A dark stage with the video grid (grid.js), a header
 * with the title and the always-visible state (locked, recording, end-to-end encryption, connection
 * quality), the toolbar at the bottom, and the panels on the right: participants, chat, security.
 * Audio and video are media.js's; the room hands it the frames of the media contract and our own
 * ParticipantView after every change. The room's state is what the server last said; every button
 * sends a command and the screen changes when the server's answer comes back.
 */

import { $, confirmAction, el, icon } from '../dom.js';
import { has, t, translate } from '../i18n.js';
import { createChat } from './chat.js';
import { createGrid } from './grid.js';
import { createMedia, MEDIA_COMMANDS } from './media.js';
import { createParticipants } from './participants.js';
import { createSecurity, shieldState } from './security.js';
import { askText, knockSound, toast } from './ui.js';

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

/** The words under the connection badge: round trip, loss and upload bandwidth, or "not measured". */
function qualityDetails(sample) {
  const value = (v, key) => (v === null || v === undefined ? t('media.quality.unknown') : t(key, { value: v }));
  return t('media.quality.details', {
    rtt: value(sample.rttMs, 'media.quality.ms'),
    loss: value(sample.lossPercent, 'media.quality.percent'),
    up: value(sample.outgoingKbps, 'media.quality.kbps'),
  });
}

/**
 * Builds the room into `root` from a welcome frame. `send(frame)` sends a command; `leave()` leaves;
 * `local` holds the tracks from the pre-join page ({audio, video, micOn, cameraOn}), or is null
 * when the page was reloaded straight into the room. Returns {handle(frame), reset(welcome),
 * destroy()}.
 */
export function createRoom(root, welcome, { send, leave, local = null }) {
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
  let ownCameraChange = 0;
  let ownShareChange = 0;
  let quality = { grade: 'checking' };
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
  const qualityBadge = el('span', { className: 'badge', attrs: { id: 'badge-connection', 'data-testid': 'badge-connection', tabindex: '0' } });
  const header = el('header', { className: 'room-header' }, [title, el('div', { className: 'room-badges' }, [badges, qualityBadge])]);

  // ---- stage ----
  const stage = el('section', { className: 'stage', attrs: { id: 'stage', 'aria-labelledby': 'stage-title', 'data-testid': 'stage' } });
  const stageTitle = el('h2', { className: 'visually-hidden', text: 'room.stage', attrs: { id: 'stage-title' } });
  const audioBox = el('div', { className: 'remote-audio', attrs: { id: 'remote-audio', 'aria-hidden': 'true' } });
  stage.append(stageTitle, audioBox);
  const grid = createGrid(stage);

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

  // ---- media ----
  const media = createMedia({
    // The person's own commands say so when they could not be sent; the media contract's frames
    // are simply sent again after the socket's resume.
    send: (frame) => (MEDIA_COMMANDS.has(frame.type) ? send(frame) : room.send(frame)),
    you: () => state.you,
    local,
    audioBox,
    onChange: () => renderStage(),
    onQuality: (sample) => {
      quality = sample;
      renderQuality();
    },
    onProblem: (key) => toast({ kind: 'warning', key, testid: 'media-problem' }),
    relays: { iceServers: welcome.iceServers, expiresAt: welcome.iceServersExpireAt },
  });
  media.setTilesProvider(() => grid.tiles());

  function mayShare() {
    return state.you.mayShareScreen || room.isHost() || state.room.screenShareRule === 'EVERYONE';
  }

  function askHostToShare() {
    if (room.send({ type: 'requestScreenShare' })) {
      toast({ kind: 'info', key: 'room.share.requested', testid: 'share-requested' });
    }
  }

  // ---- the person's own controls ----
  mic.addEventListener('click', () => {
    ownMicChange = Date.now();
    media.setMicrophone(!state.you.audio);
  });
  camera.addEventListener('click', () => {
    ownCameraChange = Date.now();
    media.setCamera(!state.you.video && !media.view().camera);
  });
  hand.addEventListener('click', () => room.send({ type: 'raiseHand', raised: !state.you.handRaised }));
  share.addEventListener('click', () => {
    ownShareChange = Date.now();
    if (state.you.screen || media.view().screen) {
      media.stopScreen();
    } else if (mayShare()) {
      media.startScreen();
    } else {
      askHostToShare();
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

  function renderQuality() {
    const grade = quality.grade || 'checking';
    const tone = { good: 'badge-on', fair: 'badge-warning', poor: 'badge-danger' }[grade] || 'badge-off';
    qualityBadge.className = `badge badge-quality ${tone}`;
    qualityBadge.dataset.quality = grade;
    const details = grade === 'checking' || grade === 'unavailable' ? '' : qualityDetails(quality);
    qualityBadge.replaceChildren(...[
      el('span', { className: `quality-bars quality-${grade}`, attrs: { 'aria-hidden': 'true' } }, [el('span'), el('span'), el('span')]),
      el('span', { text: `media.quality.${grade}` }),
      details ? el('span', { className: 'visually-hidden', plain: `. ${details}` }) : null,
    ].filter(Boolean));
    if (details) {
      qualityBadge.setAttribute('title', details);
    } else {
      qualityBadge.removeAttribute('title');
    }
  }

  function renderToolbar() {
    const you = state.you;
    const view = media.view();
    setTool(mic, you.audio ? 'mic' : 'mic-off', you.audio ? 'room.tool.mute' : 'room.tool.unmute', you.audio);
    const cameraOn = you.video || !!view.camera;
    setTool(camera, cameraOn ? 'video' : 'video-off', cameraOn ? 'room.tool.cameraOff' : 'room.tool.cameraOn', cameraOn);
    const sharing = you.screen || !!view.screen;
    setTool(share, 'screen', sharing ? 'room.tool.stopShare' : mayShare() ? 'room.tool.share' : 'room.tool.askShare', sharing);
    mic.setAttribute('title', !you.audio && !room.isHost() && !state.room.selfUnmute ? t('room.tool.unmuteForbidden') : '');
    setTool(hand, 'hand', you.handRaised ? 'room.tool.lowerHand' : 'room.tool.raiseHand', you.handRaised);
    const shieldTone = shieldState(state.room);
    shield.dataset.shield = shieldTone;
    shield.setAttribute('title', t(`room.shield.${shieldTone}`));
  }

  function renderStage() {
    grid.render({ participants: state.participants, you: state.you, view: media.view() });
    renderToolbar();
  }

  function renderAll() {
    renderHeader();
    renderQuality();
    renderStage();
    renderBadges();
    people.render();
    chat.render();
    security.render();
  }
  renderAll();
  const onLanguage = () => renderAll();
  document.addEventListener('conclave:language', onLanguage);
  media.start(local ? { micOn: local.micOn, cameraOn: local.cameraOn } : null);

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

  function onError(frame) {
    if (MEDIA_COMMANDS.has(frame.command) || frame.code === 'media-rejected') {
      // Said by the connection badge ("Audio and video unavailable"), not by a toast for each frame.
      media.handle(frame);
      return;
    }
    if (frame.command === 'setOwnMedia' || frame.command === 'shareScreen') {
      media.refused(frame);
    }
    if (frame.command === 'shareScreen' && frame.code === 'share-forbidden') {
      toast({
        kind: 'warning', key: 'room.share.refused', testid: 'share-refused',
        actions: [{ key: 'room.share.askHost', className: 'primary', testid: 'ask-host', run: askHostToShare }],
      });
      return;
    }
    errorToast(frame);
  }

  /** Tells the person when a host changed their own media (not when they did it themselves). */
  function noticeHostChanges(before, after) {
    const now = Date.now();
    if (before.audio && !after.audio && now - ownMicChange > 5000) {
      toast({ kind: 'info', key: 'room.youWereMuted', testid: 'host-muted' });
    }
    if (before.video && !after.video && now - ownCameraChange > 5000) {
      toast({ kind: 'info', key: 'room.yourCameraWasStopped', testid: 'host-stopped-video' });
    }
    if (before.screen && !after.screen && now - ownShareChange > 5000) {
      toast({ kind: 'info', key: 'room.yourShareWasStopped', testid: 'host-stopped-share' });
    }
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
            if (before) {
              noticeHostChanges(before, p);
            }
            state.you = p;
            media.reconcile();
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
        case 'publishAnswer':
        case 'subscribeOffer':
        case 'iceServers':
          media.handle(frame);
          break;
        case 'speaker':
          grid.setSpeaker(frame.participantId || null);
          break;
        case 'error':
          onError(frame);
          break;
        default:
          break;
      }
    },

    /**
     * A new welcome: the whole state again. After a resume (it carries a new resume token) the
     * media connections restart ICE; after a role change nothing about media changes.
     */
    reset(next) {
      state.you = next.you;
      state.room = next.room;
      state.participants = new Map((next.participants || []).map((p) => [p.id, p]));
      state.participants.set(state.you.id, state.you);
      state.waiting = next.waiting || [];
      media.setRelays(next.iceServers, next.iceServersExpireAt);
      media.reconcile();
      if (next.resumeToken) {
        media.resumed();
      }
      renderAll();
    },

    destroy() {
      media.close();
      grid.destroy();
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
