/** Administrators: the list of users, creating one (with an invitation link), disabling, enabling. */

import { get, getSession, post, signOut } from '../api.js';
import { $, button, clearMessage, confirmAction, copyText, el, show, showError, showLoadError, showMessage, valueOf, whileBusy } from '../dom.js';
import { formatDateTime, t, translate } from '../i18n.js';
import { goTo, startPage, ready } from '../page.js';

let users = [];
let me = null;
const message = $('#message');

function statusOf(user) {
  if (user.disabled) {
    return { key: 'admin.disabled', className: 'badge badge-off' };
  }
  if (!user.hasPassword) {
    return { key: 'admin.invited', className: 'badge badge-info' };
  }
  return { key: 'admin.active', className: 'badge badge-on' };
}

function cell(labelKey, children) {
  return el('td', { attrs: { 'data-label': t(labelKey) } }, [el('div', { className: 'cell' }, children)]);
}

function render() {
  $('#user-rows').replaceChildren(
    ...users.map((u) => {
      const status = statusOf(u);
      const actions = [];
      if (!u.hasPassword && !u.disabled) {
        actions.push(button('admin.newInvite', {
          icon: 'link',
          className: 'button small',
          attrs: { 'aria-label': t('admin.newInviteFor', { username: u.username }) },
          on: { click: (e) => reinvite(u, e.currentTarget) },
        }));
      }
      if (u.disabled) {
        actions.push(button('admin.enable', {
          icon: 'user-check',
          className: 'button small',
          attrs: { 'aria-label': t('admin.enableNamed', { username: u.username }) },
          on: { click: (e) => setDisabled(u, false, e.currentTarget) },
        }));
      } else if (!me || u.id !== me.id) {
        actions.push(button('admin.disable', {
          icon: 'user-off',
          className: 'button small danger-outline',
          attrs: { 'aria-label': t('admin.disableNamed', { username: u.username }) },
          on: { click: (e) => setDisabled(u, true, e.currentTarget) },
        }));
      }
      return el('tr', { className: u.disabled ? 'disabled' : '' }, [
        cell('field.username', [el('span', { className: 'mono', plain: u.username })]),
        cell('field.displayName', [el('span', { plain: u.displayName || '' }), u.email ? el('span', { className: 'hint block', plain: u.email }) : null]),
        cell('field.role', [el('span', { text: `role.${u.role}` })]),
        cell('admin.status', [el('span', { className: status.className, text: status.key })]),
        cell('admin.twoFactor', [el('span', { text: u.totpEnabled ? 'admin.twoFactorOn' : 'admin.twoFactorOff' })]),
        cell('admin.created', [el('span', { plain: formatDateTime(u.createdAt) })]),
        el('td', { className: 'actions' }, [el('div', { className: 'button-row' }, actions)]),
      ]);
    }),
  );
}

async function load() {
  try {
    users = (await get('/api/v1/admin/users')) || [];
    users.sort((a, b) => a.username.localeCompare(b.username));
    render();
  } catch (e) {
    showLoadError(message, e);
  }
}

function showInvite(username, url) {
  translate($('#invite-for'), 'admin.inviteFor', { username });
  $('#invite-url').textContent = url;
  show($('#invite-result'), true);
  $('#invite-result').scrollIntoView({ block: 'nearest' });
  $('#invite-copy').focus();
}

async function create(event) {
  event.preventDefault();
  const box = $('#create-message');
  clearMessage(box);
  const username = valueOf('new-username');
  const displayName = valueOf('new-display-name');
  const email = valueOf('new-email');
  const role = $('#new-role').value;
  if (!username || !displayName) {
    showMessage(box, 'error', 'admin.missing');
    $(username ? '#new-display-name' : '#new-username').focus();
    return;
  }
  await whileBusy($('#create-submit'), async () => {
    try {
      const created = await post('/api/v1/admin/users', { username, displayName, email: email || null, role });
      $('#create-form').reset();
      showMessage(box, 'success', 'admin.createdNow', { username });
      showInvite(username, created.inviteUrl);
      await load();
    } catch (e) {
      showError(box, e);
    }
  });
}

async function reinvite(user, control) {
  clearMessage(message);
  await whileBusy(control, async () => {
    try {
      const answer = await post(`/api/v1/admin/users/${encodeURIComponent(user.id)}/invite`);
      showInvite(user.username, answer.inviteUrl);
    } catch (e) {
      showError(message, e);
    }
  });
}

async function setDisabled(user, disabled, control) {
  if (disabled && !confirmAction('admin.disableConfirm', { username: user.username })) {
    return;
  }
  clearMessage(message);
  await whileBusy(control, async () => {
    try {
      await post(`/api/v1/admin/users/${encodeURIComponent(user.id)}/${disabled ? 'disable' : 'enable'}`);
      showMessage(message, 'success', disabled ? 'admin.disabledNow' : 'admin.enabledNow', { username: user.username });
      await load();
    } catch (e) {
      showError(message, e);
    }
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
  $('#sign-out').addEventListener('click', () => signOut());
  if (me.role !== 'ADMIN') {
    showMessage(message, 'info', 'admin.onlyAdmins');
    return;
  }
  show($('#create-section'), true);
  show($('#users-section'), true);
  $('#create-form').addEventListener('submit', create);
  $('#invite-copy').addEventListener('click', (e) => copyText($('#invite-url').textContent, e.currentTarget));
  document.addEventListener('conclave:language', render);
  await load();
}

main().finally(ready);
