/**
 * A live meeting at /j/<code>. The same page answers for every code, so it says nothing about
 * whether a meeting exists until the server admits someone. It goes through these states (shown on
 * the html element as data-meeting-state, for tests): prejoin (name, and the passcode only when
 * the link carries no secret and the person does not host), joining, waiting (a calm page with
 * nothing about the meeting but the host's message), room, and ended (removed, denied, refused,
 * ended, left, or the connection lost).
 *
 * The link's secret (#k=, or #i= for a personal invitation) is read from the fragment and the
 * fragment removed from the address bar at once; it is kept in this tab's sessionStorage so that
 * "Join again" works, and sent to the server only in the body of POST /api/v1/join.
 */

import { ApiError, get, getSession, post } from '../api.js';
import { $, clearMessage, el, icon, show, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { translate } from '../i18n.js';
import { ready, startPage } from '../page.js';
import { RoomConnection, storedResume } from '../meeting/protocol.js';
import { createPrejoinMedia } from '../meeting/prejoin-media.js';
import { createRoom, errorKey } from '../meeting/room.js';
import { toast, unlockSound } from '../meeting/ui.js';

const SECRET_PREFIX = 'conclave.join.';
const NAME_KEY = 'conclave.meeting-name';
const CODE_SHAPE = /^[A-Za-z0-9-]{4,64}$/;

const sections = ['prejoin', 'waiting', 'ended'];
let connection = null;
let room = null;
/** The camera and microphone chosen on the pre-join page, until the room takes them. */
let prejoinMedia = null;
let hosting = false;
/** Set while a reloaded page tries to resume its place: {code, secrets}. */
let afterReload = null;

function setState(name) {
  document.documentElement.dataset.meetingState = name;
}

function showSection(name) {
  for (const s of sections) {
    show($(`#${s}`), s === name);
  }
}

/** The meeting code from the address /j/<code>. */
function codeFromPath() {
  const match = window.location.pathname.match(/^\/j\/([^/]+)\/?$/);
  if (!match) {
    return null;
  }
  try {
    const code = decodeURIComponent(match[1]).trim();
    return CODE_SHAPE.test(code) ? code : null;
  } catch (e) {
    return null;
  }
}

function normalise(code) {
  return String(code || '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** Takes #k= or #i= from the fragment, removes the fragment, and keeps the secret for this tab. */
function takeSecrets(code) {
  const fragment = window.location.hash.slice(1);
  const found = {};
  if (fragment) {
    const params = new URLSearchParams(fragment);
    if (params.get('k')) {
      found.secret = params.get('k');
    }
    if (params.get('i')) {
      found.invite = params.get('i');
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  try {
    if (found.secret || found.invite) {
      sessionStorage.setItem(SECRET_PREFIX + code, JSON.stringify(found));
      return found;
    }
    const kept = JSON.parse(sessionStorage.getItem(SECRET_PREFIX + code) || 'null');
    return kept && typeof kept === 'object' ? kept : {};
  } catch (e) {
    return found;
  }
}

// ---- the end screens ----

const ENDINGS = {
  LOCKED: { key: 'room.end.locked', rejoin: true, icon: 'lock' },
  REMOVED: { key: 'room.end.barred', rejoin: false, icon: 'user-off' },
  FULL: { key: 'room.end.full', rejoin: true, icon: 'users' },
  ENDED: { key: 'room.end.over', rejoin: false, icon: 'info' },
  denied: { key: 'room.end.denied', rejoin: true, icon: 'user-off' },
  removed: { key: 'room.end.removed', rejoin: false, icon: 'user-off' },
  banned: { key: 'room.end.banned', rejoin: false, icon: 'user-off' },
  ended: { key: 'room.end.ended', rejoin: false, icon: 'info' },
  left: { key: 'room.end.left', rejoin: true, icon: 'sign-out' },
  lost: { key: 'room.end.lost', rejoin: true, icon: 'alert' },
};

/** Stops the pre-join page's camera and microphone (leaving without entering the room). */
function stopPrejoinMedia() {
  if (prejoinMedia) {
    prejoinMedia.stop();
    prejoinMedia = null;
  }
  $('#waiting-preview').srcObject = null;
}

function end(reason) {
  const ending = ENDINGS[reason] || ENDINGS.lost;
  if (room) {
    room.destroy();
    room = null;
  }
  stopPrejoinMedia();
  $('#waiting-message-text').textContent = '';
  show($('#waiting-message'), false);
  show($('#connection-banner'), false);
  translate($('title'), 'room.pageTitle');
  translate($('#ended-title'), `${ending.key}.title`);
  translate($('#ended-text'), `${ending.key}.text`);
  $('#ended-badge').replaceChildren(icon(ending.icon));
  show($('#rejoin'), ending.rejoin);
  $('#ended').dataset.reason = reason;
  showSection('ended');
  setState('ended');
  $('#ended-title').focus();
}

// ---- the waiting page ----

const WAIT_TEXTS = {
  WAITING_ROOM: 'room.waiting.reason.WAITING_ROOM',
  HOST_ABSENT: 'room.waiting.reason.HOST_ABSENT',
  LINK_IN_USE: 'room.waiting.reason.LINK_IN_USE',
  REMOVED_ADDRESS: 'room.waiting.reason.REMOVED_ADDRESS',
};

function showWaiting(frame) {
  if (room) {
    room.destroy();
    room = null;
    translate($('title'), 'room.pageTitle');
  }
  // The person's own preview keeps them company; nothing of the meeting is shown.
  const camera = prejoinMedia && prejoinMedia.camera();
  const preview = $('#waiting-preview');
  if (camera && (!preview.srcObject || preview.srcObject.getVideoTracks()[0] !== camera)) {
    preview.srcObject = new MediaStream([camera]);
  }
  show($('#waiting-preview-box'), !!camera);
  translate($('#waiting-reason'), WAIT_TEXTS[frame.reason] || WAIT_TEXTS.WAITING_ROOM);
  $('#waiting-reason').dataset.reason = frame.reason || 'WAITING_ROOM';
  showSection('waiting');
  setState('waiting');
}

// ---- frames and connection state ----

function onFrame(frame) {
  switch (frame.type) {
    case 'welcome':
      if (room) {
        room.reset(frame);
      } else {
        showSection(null);
        const local = prejoinMedia ? prejoinMedia.take() : null;
        prejoinMedia = null;
        $('#waiting-preview').srcObject = null;
        room = createRoom($('#room-root'), frame, {
          send: (f) => connection.send(f),
          leave: () => {
            connection.leave();
            end('left');
          },
          local,
        });
        $('#tb-mic').focus();
      }
      setState('room');
      break;
    case 'waiting':
      showWaiting(frame);
      break;
    case 'waitingMessage':
      if (!room) {
        $('#waiting-message-text').textContent = String(frame.text || '');
        show($('#waiting-message'), true);
      }
      break;
    case 'refused':
      end(frame.reason);
      break;
    case 'denied':
      end('denied');
      break;
    case 'removed':
      end(frame.banned ? 'banned' : 'removed');
      break;
    case 'ended':
      end('ended');
      break;
    case 'error':
      if (room) {
        room.handle(frame);
      } else if (frame.code === 'ticket-invalid' || frame.code === 'resume-invalid') {
        // The socket closes next; the drop ends in 'lost'.
      } else if (frame.code !== 'waiting') {
        toast({ kind: 'error', key: errorKey(frame.code), testid: 'error-toast' });
      }
      break;
    default:
      if (room) {
        room.handle(frame);
      }
  }
}

function onStatus(status) {
  show($('#connection-banner'), status === 'reconnecting' && !afterReload);
  if (status === 'open') {
    afterReload = null;
  } else if (status === 'lost' && afterReload) {
    // The place kept from before the reload is gone: ask to join again, as on a first visit.
    const { code, secrets } = afterReload;
    afterReload = null;
    connection = null;
    preparePrejoin(code, secrets);
  } else if (status === 'lost') {
    end('lost');
  }
}

function connect(code) {
  connection = new RoomConnection(code, { onFrame, onStatus });
  return connection;
}

// ---- pre-join ----

const JOIN_ERRORS = new Set(['entry-refused', 'entry-throttled', 'sign-in-required', 'invite-required', 'invalid-name']);

function showJoinError(error) {
  const box = $('#prejoin-message');
  if (error instanceof ApiError && JOIN_ERRORS.has(error.code)) {
    if (error.code === 'entry-throttled') {
      const seconds = error.retryAfter;
      showMessage(box, 'error', seconds !== undefined ? 'room.join.entry-throttled' : 'room.join.entry-throttled-no-wait', { seconds });
    } else {
      showMessage(box, 'error', `room.join.${error.code}`);
    }
    if (error.code === 'sign-in-required') {
      box.append(el('a', { className: 'message-link', text: 'room.join.signIn', attrs: { href: '/sign-in', 'data-testid': 'sign-in-link' } }));
    }
    return;
  }
  showError(box, error);
}

async function join(event, code, secrets, session) {
  event.preventDefault();
  unlockSound();
  const box = $('#prejoin-message');
  clearMessage(box);
  const body = { code };
  if (!secrets.invite) {
    const name = valueOf('display-name');
    if (!name) {
      showMessage(box, 'error', 'room.prejoin.nameMissing');
      $('#display-name').focus();
      return;
    }
    body.name = name;
    if (!session) {
      try {
        localStorage.setItem(NAME_KEY, name);
      } catch (e) {
        // Only a convenience for next time.
      }
    }
  }
  if (secrets.invite) {
    body.invite = secrets.invite;
  } else if (secrets.secret) {
    body.secret = secrets.secret;
  } else if (!hosting) {
    const passcode = valueOf('passcode');
    if (passcode) {
      body.passcode = passcode;
    } else if (!session) {
      // Signed-in people invited with their account need no passcode; guests always do.
      showMessage(box, 'error', 'room.prejoin.passcodeMissing');
      $('#passcode').focus();
      return;
    }
  }
  await whileBusy($('#join'), async () => {
    try {
      const answer = await post('/api/v1/join', body);
      setState('joining');
      translate($('#join-label'), 'room.prejoin.joining');
      connect(code).start(answer.ticket);
    } catch (e) {
      showJoinError(e);
      if (e instanceof ApiError && e.code === 'entry-refused' && !$('#passcode-field').hidden) {
        $('#passcode').select();
      }
    }
  });
}

/** Whether the signed-in person hosts this meeting (then no passcode is asked). */
async function hostsThisMeeting(code) {
  try {
    const meetings = await get('/api/v1/meetings');
    return Array.isArray(meetings) && meetings.some((m) =>
      normalise(m.code) === normalise(code) && (m.yourRole === 'host' || m.yourRole === 'cohost'));
  } catch (e) {
    return false;
  }
}

async function preparePrejoin(code, secrets) {
  const session = await getSession().catch(() => null);
  const user = session && session.authenticated ? session.user : null;
  hosting = user ? await hostsThisMeeting(code) : false;
  $('#meeting-code').textContent = code;
  const nameInput = $('#display-name');
  if (secrets.invite) {
    show($('#name-field'), false);
    show($('#personal-note'), true);
  } else if (user) {
    nameInput.value = user.displayName || user.username;
  } else {
    try {
      nameInput.value = localStorage.getItem(NAME_KEY) || '';
    } catch (e) {
      nameInput.value = '';
    }
  }
  if (user) {
    translate($('#signed-in-note'), 'room.prejoin.signedInAs', { name: user.displayName || user.username });
    show($('#signed-in-note'), true);
  }
  show($('#passcode-field'), !secrets.invite && !secrets.secret && !hosting);
  if (user) {
    translate($('#passcode-hint'), 'room.prejoin.passcodeHintMember');
  }
  translate($('#join-label'), hosting ? 'room.prejoin.join' : 'room.prejoin.askToJoin');
  $('#prejoin-form').addEventListener('submit', (event) => join(event, code, secrets, user));
  showSection('prejoin');
  setState('prejoin');
  const first = [nameInput, $('#passcode'), $('#join')].find((e) => !e.closest('[hidden]') && !e.value);
  (first || $('#join')).focus();
  prejoinMedia = createPrejoinMedia();
  // Not awaited: the page is usable while the browser asks for the camera and microphone.
  prejoinMedia.start();
}

async function main() {
  const code = codeFromPath();
  const secrets = code ? takeSecrets(code) : {};
  if (!code && window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname);
  }
  await startPage();
  $('#waiting-leave').addEventListener('click', () => {
    if (connection) {
      connection.leave();
    }
    end('left');
  });
  $('#rejoin').addEventListener('click', () => window.location.reload());
  // A link pasted into this same tab changes only the fragment: start again with its secret.
  window.addEventListener('hashchange', () => {
    const state = document.documentElement.dataset.meetingState;
    if (code && window.location.hash && (state === 'prejoin' || state === 'ended')) {
      takeSecrets(code);
      window.location.reload();
    }
  });
  if (!code) {
    showSection('prejoin');
    show($('#prejoin-form'), false);
    show($('#prejoin-media'), false);
    showMessage($('#prejoin-message'), 'error', 'room.prejoin.badAddress');
    setState('prejoin');
    return;
  }
  const token = storedResume(code);
  if (token) {
    setState('joining');
    afterReload = { code, secrets };
    connect(code).resume(token);
    return;
  }
  await preparePrejoin(code, secrets);
}

main().finally(ready);
