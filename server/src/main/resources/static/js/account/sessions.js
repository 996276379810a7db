/** Where the person is signed in: each session, ending one, and signing out everywhere else. */

import { del, get, post, signOut } from '../api.js';
import { $, button, clearMessage, confirmAction, el, icon, showError, showLoadError, showMessage, whileBusy } from '../dom.js';
import { formatDateTime } from '../i18n.js';

let sessions = [];
const message = () => $('#sessions-message');

const BROWSERS = [
  ['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['Chromium/', 'Chromium'],
  ['Chrome/', 'Chrome'], ['CriOS/', 'Chrome'], ['Safari/', 'Safari'],
];
const SYSTEMS = [
  ['Android', 'Android'], ['iPhone', 'iOS'], ['iPad', 'iPadOS'], ['Windows', 'Windows'],
  ['Mac OS X', 'macOS'], ['CrOS', 'ChromeOS'], ['Linux', 'Linux'],
];

/** "Chrome on Windows" from a User-Agent header; null when it says nothing we recognise. */
function describe(userAgent) {
  if (!userAgent) {
    return null;
  }
  const browser = BROWSERS.find(([mark]) => userAgent.includes(mark));
  const system = SYSTEMS.find(([mark]) => userAgent.includes(mark));
  if (!browser && !system) {
    return null;
  }
  return { browser: browser ? browser[1] : '?', os: system ? system[1] : '?' };
}

function render() {
  const list = $('#session-list');
  list.replaceChildren(
    ...sessions.map((s) => {
      const device = describe(s.userAgent);
      const title = el('p', { className: 'item-title' }, [
        device ? el('span', { text: 'sessions.device', args: device }) : el('span', { text: 'sessions.unknownDevice' }),
        s.current ? el('span', { className: 'badge badge-on', text: 'sessions.current' }) : null,
      ]);
      const meta = el('p', { className: 'item-meta' }, [
        el('span', { text: 'sessions.started', args: { date: formatDateTime(s.createdAt) } }),
        el('span', { text: 'sessions.lastSeen', args: { date: formatDateTime(s.lastSeenAt) } }),
        s.sourceAddress ? el('span', { text: 'sessions.from', args: { address: s.sourceAddress } }) : null,
      ]);
      const action = s.current
        ? button('nav.signOut', { icon: 'sign-out', className: 'button small', on: { click: () => signOut() } })
        : button('sessions.end', { icon: 'sign-out', className: 'button small danger-outline', on: { click: (e) => end(s, e.currentTarget) } });
      return el('li', { className: s.current ? 'item current' : 'item' }, [
        icon('laptop'),
        el('div', { className: 'item-body' }, [title, meta]),
        action,
      ]);
    }),
  );
}

async function load() {
  try {
    sessions = (await get('/api/v1/account/sessions')) || [];
    sessions.sort((a, b) => (b.current - a.current) || ((b.lastSeenAt || 0) - (a.lastSeenAt || 0)));
    render();
  } catch (e) {
    showLoadError(message(), e);
  }
}

async function end(session, control) {
  clearMessage(message());
  await whileBusy(control, async () => {
    try {
      await del(`/api/v1/account/sessions/${encodeURIComponent(session.id)}`);
      showMessage(message(), 'success', 'sessions.ended');
      await load();
    } catch (e) {
      showError(message(), e);
    }
  });
}

async function everywhere() {
  if (!confirmAction('sessions.everywhereConfirm')) {
    return;
  }
  clearMessage(message());
  await whileBusy($('#sign-out-everywhere'), async () => {
    try {
      const answer = await post('/api/v1/account/sessions/sign-out-everywhere');
      showMessage(message(), 'success', 'sessions.everywhereDone', { count: (answer && answer.ended) || 0 });
      await load();
    } catch (e) {
      showError(message(), e);
    }
  });
}

export function initSessions() {
  $('#sign-out-everywhere').addEventListener('click', everywhere);
  document.addEventListener('conclave:language', render);
  document.addEventListener('conclave:sessions-changed', load);
  load();
}
