/**
 * The meetings page: the signed-in person's personal room, the form for a new meeting (start now,
 * scheduled or recurring; title, description, co-hosts, passcode, every setting the policy allows)
 * and the list of the meetings they host or co-host. Members without the host role see the
 * meetings they co-host and are told why they cannot create one.
 */

import { get, getSession, post, signOut } from '../api.js';
import { $, clearMessage, el, icon, show, showError, showLoadError, showMessage, whileBusy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { goTo, ready, startPage } from '../page.js';
import { passcodeChoice } from '../meetings/passcode.js';
import { describeWhen, scheduleFields } from '../meetings/schedule.js';
import { settingsControls } from '../meetings/settings.js';

const message = $('#message');
let meetings = [];
let form = null;
let me = null;

/** The room's address: the code only; a host needs no passcode. */
function roomPath(code) {
  return `/j/${encodeURIComponent(code)}`;
}

function kindOf() {
  const checked = document.querySelector('input[name="kind"]:checked');
  return checked ? checked.value : 'INSTANT';
}

function renderList() {
  const list = $('#meeting-list');
  const shown = meetings.filter((m) => m.kind !== 'PERSONAL');
  show($('#list-empty'), shown.length === 0);
  list.replaceChildren(
    ...shown.map((m) => {
      const when = describeWhen(m);
      return el('li', { className: 'item meeting-item', attrs: { 'data-meeting-id': m.id, 'data-code': m.code } }, [
        icon(m.kind === 'RECURRING' ? 'repeat' : 'calendar'),
        el('div', { className: 'item-body' }, [
          el('div', { className: 'item-title' }, [
            el('a', { className: 'meeting-title', plain: m.title, attrs: { href: `/meetings/${encodeURIComponent(m.id)}` } }),
            el('span', { className: 'badge badge-info', text: `meetings.kind.${m.kind}` }),
            m.yourRole === 'cohost' ? el('span', { className: 'badge badge-off', text: 'meetings.role.cohost' }) : null,
          ]),
          el('div', { className: 'item-meta' }, [
            when ? el('span', { plain: when }) : null,
            el('span', {}, [el('span', { text: 'meetings.codeShort' }), ' ', el('code', { className: 'meeting-code', plain: m.code })]),
          ]),
        ]),
        el('div', { className: 'button-row' }, [
          el('a', { className: 'button small primary', attrs: { href: roomPath(m.code) } }, [
            icon('video'), el('span', { text: 'meetings.start' }),
          ]),
          el('a', { className: 'button small', attrs: { href: `/meetings/${encodeURIComponent(m.id)}` } }, [
            icon('info'), el('span', { text: 'meetings.details' }),
          ]),
        ]),
      ]);
    }),
  );
}

async function loadList() {
  try {
    meetings = (await get('/api/v1/meetings')) || [];
    renderList();
  } catch (e) {
    showLoadError(message, e);
  }
}

async function loadPersonal() {
  try {
    const room = await get('/api/v1/meetings/personal');
    $('#personal-code').textContent = room.code;
    $('#personal-start').href = roomPath(room.code);
    $('#personal-details').href = `/meetings/${encodeURIComponent(room.id)}`;
    show($('#personal-section'), true);
  } catch (e) {
    if (e.code !== 'not-a-host') {
      showLoadError(message, e);
    }
  }
}

function cohostList(text) {
  return text.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);
}

function setKind(kind) {
  form.schedule.setKind(kind);
  translate($('#new-submit-label'), kind === 'INSTANT' ? 'meetings.new.startNow' : 'meetings.new.schedule');
}

async function create(event) {
  event.preventDefault();
  const box = $('#new-message');
  clearMessage(box);
  const kind = kindOf();
  const settings = form.settings.read();
  const body = {
    kind,
    title: $('#new-title-input').value.trim() || t('meetings.new.defaultTitle', { name: me.displayName || me.username }),
    description: $('#new-description').value.trim() || null,
    cohosts: cohostList($('#new-cohosts').value),
    settings,
    ...form.schedule.read(kind),
  };
  if ((kind === 'SCHEDULED' || kind === 'RECURRING') && !body.startsAt) {
    showMessage(box, 'error', 'meetings.new.missingTime');
    return;
  }
  if (settings.passcodeRequired) {
    if (form.passcode.wantsOwn() && !form.passcode.read()) {
      showMessage(box, 'error', 'meetings.passcode.missing');
      form.passcode.input.focus();
      return;
    }
    body.passcode = form.passcode.read();
  }
  await whileBusy($('#new-submit'), async () => {
    try {
      const created = await post('/api/v1/meetings', body);
      if (kind === 'INSTANT') {
        window.location.assign(roomPath(created.code));
        return;
      }
      buildControls();
      for (const id of ['#new-title-input', '#new-description', '#new-cohosts']) {
        $(id).value = '';
      }
      document.querySelector('input[name="kind"][value="INSTANT"]').checked = true;
      setKind('INSTANT');
      showMessage(message, 'success', 'meetings.new.created', { title: created.title, code: created.code });
      await loadList();
      const item = document.querySelector(`[data-meeting-id="${created.id}"] .meeting-title`);
      if (item) {
        item.focus();
      }
    } catch (e) {
      showError(box, e);
      if (e.code && e.code.startsWith('passcode-')) {
        form.passcode.input.focus();
      }
    }
  });
}

let policy = null;

/** (Re)builds the generated parts of the form with their defaults. */
function buildControls() {
  form = {
    schedule: scheduleFields($('#schedule-fields'), 'new'),
    settings: settingsControls($('#new-settings'), 'new', policy),
    passcode: passcodeChoice($('#passcode-choice'), 'new', () => $('#new-title-input').value.trim()),
  };
  show($('#passcode-choice'), true);
  form.settings.onPasscodeChange((on) => show($('#passcode-choice'), on));
}

async function setUpForm() {
  policy = await get('/api/v1/meetings/policy');
  buildControls();
  $('#new-title-input').addEventListener('change', () => form.passcode.refresh());
  for (const radio of document.querySelectorAll('input[name="kind"]')) {
    radio.addEventListener('change', () => setKind(kindOf()));
  }
  setKind(kindOf());
  $('#new-form').addEventListener('submit', create);
  show($('#new-section'), true);
}

async function main() {
  await startPage();
  const session = await getSession().catch(() => null);
  if (!session || !session.authenticated) {
    goTo(session && session.secondFactorPending ? '/sign-in/second-factor' : '/sign-in');
    return;
  }
  const user = session.user;
  me = user;
  show($('#nav-admin'), user.role === 'ADMIN');
  $('#sign-out').addEventListener('click', () => signOut());
  document.addEventListener('conclave:language', renderList);
  const host = user.role === 'HOST' || user.role === 'ADMIN';
  if (!host) {
    showMessage(message, 'info', 'meetings.memberOnly');
  } else {
    try {
      await setUpForm();
    } catch (e) {
      showLoadError(message, e);
    }
    await loadPersonal();
  }
  await loadList();
}

main().finally(ready);
