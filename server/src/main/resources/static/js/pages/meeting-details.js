/**
 * One meeting, as its hosts manage it (/meetings/<id>): the code, passcode and meeting link with
 * the invitation text; a new passcode (generated or chosen); personal invitation links (add, copy,
 * revoke, each with its own invitation text); title, time, co-hosts and settings; deleting.
 * Everything comes from and goes to /api/v1/meetings/<id>, where each action is authorized.
 */

import { api, del, get, getSession, post, signOut } from '../api.js';
import {
  $, button, clearMessage, confirmAction, copyText, el, icon, show, showError, showLoadError, showMessage, whileBusy,
} from '../dom.js';
import { formatDateTime, t, translate } from '../i18n.js';
import { goTo, ready, startPage } from '../page.js';
import { meetingInvitation, personalInvitation } from '../meetings/invitation.js';
import { passcodeChoice } from '../meetings/passcode.js';
import { describeWhen, scheduleFields } from '../meetings/schedule.js';
import { settingsControls } from '../meetings/settings.js';

const message = $('#message');
const id = (/^\/meetings\/(\d+)\/?$/.exec(window.location.pathname) || [])[1];
let meeting = null;
let invites = [];
let policy = null;
let me = null;
let editForm = null;
let changePasscode = null;
/** The invitation whose text is shown (id), so a language switch can rewrite it. */
let shownInvite = null;

const base = () => `/api/v1/meetings/${encodeURIComponent(id)}`;
const isHost = () => meeting && (meeting.yourRole === 'host' || meeting.yourRole === 'cohost');

function renderMeeting() {
  document.title = `${meeting.title} · ${meeting.organisationName || 'Conclave'}`;
  $('#title').textContent = meeting.title;
  $('#when').textContent = describeWhen(meeting);
  $('#code').textContent = meeting.code;
  show($('#passcode-fact'), !!meeting.passcode);
  $('#passcode').textContent = meeting.passcode || '';
  show($('#link-block'), !!meeting.link);
  $('#link').textContent = meeting.link || '';
  $('#start').href = `/j/${encodeURIComponent(meeting.code)}`;
  const people = [meeting.owner, ...(meeting.cohosts || [])].filter((p) => p && p.username);
  $('#hosts').textContent = people.map((p) => p.displayName || p.username).join(', ');
  if (!$('#invitation-box').hidden) {
    $('#invitation-text').textContent = meetingInvitation(meeting);
  }
  show($('#join-section'), true);
  show($('#passcode-section'), isHost() && !!meeting.settings.passcodeRequired);
  show($('#invites-section'), isHost());
  show($('#edit-section'), isHost());
  show($('#delete-section'), meeting.yourRole === 'host' || (me && me.role === 'ADMIN'));
}

function fillEditForm() {
  $('#edit-title-input').value = meeting.title;
  $('#edit-description').value = meeting.description || '';
  $('#edit-cohosts').value = (meeting.cohosts || []).map((p) => p.username).join(', ');
  $('#edit-cohosts').disabled = meeting.yourRole !== 'host';
  editForm = {
    schedule: scheduleFields($('#edit-schedule'), 'edit', meeting),
    settings: settingsControls($('#edit-settings'), 'edit', policy, meeting.settings),
  };
}

function inviteItem(invite) {
  const revoked = invite.revokedAt !== null && invite.revokedAt !== undefined;
  const who = [invite.email, invite.username ? `@${invite.username}` : null].filter(Boolean).join(' · ');
  const actions = [];
  if (!revoked) {
    actions.push(
      button('meetings.invites.copyLink', {
        icon: 'copy',
        className: 'button small',
        attrs: { 'aria-label': t('meetings.invites.copyLinkFor', { name: invite.name }), 'data-action': 'copy-link' },
        on: { click: (e) => copyText(invite.link, e.currentTarget) },
      }),
      button('meetings.invitation.copy', {
        icon: 'copy',
        className: 'button small',
        attrs: { 'aria-label': t('meetings.invites.copyInvitationFor', { name: invite.name }), 'data-action': 'copy-invitation' },
        on: { click: (e) => showPersonalInvitation(invite, e.currentTarget) },
      }),
      button('meetings.invites.revoke', {
        icon: 'user-off',
        className: 'button small danger-outline',
        attrs: { 'aria-label': t('meetings.invites.revokeFor', { name: invite.name }), 'data-action': 'revoke' },
        on: { click: (e) => revoke(invite, e.currentTarget) },
      }),
    );
  }
  return el('li', { className: `item invite${revoked ? ' revoked' : ''}`, attrs: { 'data-invite-id': invite.id } }, [
    icon(revoked ? 'user-off' : 'link'),
    el('div', { className: 'item-body' }, [
      el('div', { className: 'item-title' }, [
        el('span', { className: 'invite-name', plain: invite.name }),
        revoked
          ? el('span', { className: 'badge badge-off invite-status', text: 'meetings.invites.revoked' })
          : el('span', { className: 'badge badge-on invite-status', text: 'meetings.invites.active' }),
      ]),
      el('div', { className: 'item-meta' }, [
        who ? el('span', { plain: who }) : null,
        el('span', { text: 'meetings.invites.created', args: { time: formatDateTime(invite.createdAt) } }),
        revoked ? el('span', { text: 'meetings.invites.revokedAt', args: { time: formatDateTime(invite.revokedAt) } }) : null,
      ]),
      revoked ? null : el('code', { className: 'secret invite-link', plain: invite.link }),
    ]),
    el('div', { className: 'button-row' }, actions),
  ]);
}

function renderInvites() {
  const list = $('#invite-list');
  if (!invites.length) {
    list.replaceChildren(el('li', { className: 'empty', text: 'meetings.invites.none' }));
    return;
  }
  list.replaceChildren(...invites.map(inviteItem));
}

function renderInvitationTexts() {
  if (!$('#invitation-box').hidden) {
    $('#invitation-text').textContent = meetingInvitation(meeting);
  }
  const invite = invites.find((i) => i.id === shownInvite);
  if (invite && invite.link) {
    translate($('#invite-text-for'), 'meetings.invites.textFor', { name: invite.name });
    $('#invite-text').textContent = personalInvitation(meeting, invite);
  } else {
    show($('#invite-text-box'), false);
  }
}

async function loadInvites() {
  try {
    invites = (await get(`${base()}/invites`)) || [];
    renderInvites();
    renderInvitationTexts();
  } catch (e) {
    showLoadError($('#invites-message'), e);
  }
}

async function showPersonalInvitation(invite, control) {
  shownInvite = invite.id;
  show($('#invite-text-box'), true);
  renderInvitationTexts();
  await copyText($('#invite-text').textContent, control);
}

async function addInvite(event) {
  event.preventDefault();
  const box = $('#invites-message');
  clearMessage(box);
  const name = $('#invite-name').value.trim();
  if (!name) {
    showMessage(box, 'error', 'meetings.invites.missingName');
    $('#invite-name').focus();
    return;
  }
  const body = {
    name,
    email: $('#invite-email').value.trim() || null,
    username: $('#invite-username').value.trim() || null,
  };
  await whileBusy($('#invite-submit'), async () => {
    try {
      const created = await post(`${base()}/invites`, body);
      $('#invite-form').reset();
      showMessage(box, 'success', 'meetings.invites.added', { name: created.name });
      await loadInvites();
      shownInvite = created.id;
      show($('#invite-text-box'), true);
      renderInvitationTexts();
    } catch (e) {
      showError(box, e);
    }
  });
}

async function revoke(invite, control) {
  if (!confirmAction('meetings.invites.revokeConfirm', { name: invite.name })) {
    return;
  }
  const box = $('#invites-message');
  clearMessage(box);
  await whileBusy(control, async () => {
    try {
      await del(`${base()}/invites/${encodeURIComponent(invite.id)}`);
      showMessage(box, 'success', 'meetings.invites.revokedNow', { name: invite.name });
      await loadInvites();
    } catch (e) {
      showError(box, e);
    }
  });
}

async function submitPasscode(event) {
  event.preventDefault();
  const box = $('#passcode-message');
  clearMessage(box);
  if (changePasscode.wantsOwn() && !changePasscode.read()) {
    showMessage(box, 'error', 'meetings.passcode.missing');
    changePasscode.input.focus();
    return;
  }
  const chosen = changePasscode.read();
  await whileBusy($('#passcode-submit'), async () => {
    try {
      meeting = await post(`${base()}/passcode`, chosen ? { passcode: chosen } : {});
      changePasscode.reset();
      renderMeeting();
      showMessage(box, 'success', 'meetings.passcode.changed');
    } catch (e) {
      showError(box, e);
    }
  });
}

async function save(event) {
  event.preventDefault();
  const box = $('#edit-message');
  clearMessage(box);
  const body = {
    title: $('#edit-title-input').value.trim(),
    description: $('#edit-description').value.trim(),
    settings: editForm.settings.read(),
    ...editForm.schedule.read(meeting.kind),
  };
  if ((meeting.kind === 'SCHEDULED' || meeting.kind === 'RECURRING') && !body.startsAt) {
    showMessage(box, 'error', 'meetings.new.missingTime');
    return;
  }
  if (meeting.yourRole === 'host') {
    body.cohosts = $('#edit-cohosts').value.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);
  }
  await whileBusy($('#edit-submit'), async () => {
    try {
      meeting = await api(base(), { method: 'PUT', body });
      renderMeeting();
      fillEditForm();
      showMessage(box, 'success', 'meetings.edit.saved');
    } catch (e) {
      showError(box, e);
    }
  });
}

async function remove(control) {
  if (!confirmAction('meetings.delete.confirm', { title: meeting.title })) {
    return;
  }
  clearMessage(message);
  await whileBusy(control, async () => {
    try {
      await del(base());
      goTo('/meetings');
    } catch (e) {
      showError(message, e);
    }
  });
}

function wire() {
  $('#link-copy').addEventListener('click', (e) => copyText(meeting.link, e.currentTarget));
  $('#invitation-show').addEventListener('click', async (e) => {
    show($('#invitation-box'), true);
    $('#invitation-text').textContent = meetingInvitation(meeting);
    await copyText($('#invitation-text').textContent, e.currentTarget);
  });
  $('#invitation-copy').addEventListener('click', (e) => copyText($('#invitation-text').textContent, e.currentTarget));
  $('#invite-text-copy').addEventListener('click', (e) => copyText($('#invite-text').textContent, e.currentTarget));
  $('#invite-form').addEventListener('submit', addInvite);
  $('#passcode-form').addEventListener('submit', submitPasscode);
  $('#edit-form').addEventListener('submit', save);
  $('#delete').addEventListener('click', (e) => remove(e.currentTarget));
  document.addEventListener('conclave:language', () => {
    renderMeeting();
    renderInvites();
    renderInvitationTexts();
  });
}

async function main() {
  await startPage();
  const session = await getSession().catch(() => null);
  if (!session || !session.authenticated) {
    goTo(session && session.secondFactorPending ? '/sign-in/second-factor' : '/sign-in');
    return;
  }
  me = session.user;
  show($('#nav-admin'), me.role === 'ADMIN');
  $('#sign-out').addEventListener('click', () => signOut());
  if (!id) {
    showMessage(message, 'error', 'error.not-found');
    return;
  }
  try {
    [meeting, policy] = await Promise.all([get(base()), get('/api/v1/meetings/policy')]);
  } catch (e) {
    if (e.status === 404) {
      showMessage(message, 'error', 'meetings.notFound');
    } else {
      showLoadError(message, e);
    }
    return;
  }
  renderMeeting();
  wire();
  if (isHost()) {
    changePasscode = passcodeChoice($('#change-passcode-choice'), 'change', () => meeting.title);
    fillEditForm();
    await loadInvites();
  }
}

main().finally(ready);
