/**
 * Two-factor authentication with an authenticator app: enrolment (QR code and manual key, then a
 * code to prove it works), the recovery codes shown once, new recovery codes and turning it off
 * (both after the current password).
 */

import { post } from '../api.js';
import { $, clearMessage, copyText, isOwnPath, downloadText, show, showError, showLoadError, showMessage, valueOf, whileBusy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { loadSecondFactors, onSecondFactors } from './second-factors.js';

let state = null;
let shownCodes = null;
let pendingAction = null;
let context = null;

const message = () => $('#totp-message');

/** Shows one of the section's views: off, enrol, codes, on. */
function view(name) {
  show($('#totp-off'), name === 'off');
  show($('#totp-enrol'), name === 'enrol');
  show($('#recovery-codes'), name === 'codes');
  show($('#totp-on'), name === 'on');
  if (name !== 'on') {
    show($('#reauth-form'), false);
  }
}

function renderStatus() {
  const status = $('#totp-status');
  status.replaceChildren();
  if (!state) {
    return;
  }
  const on = !!state.totpEnabled;
  status.className = `status-line ${on ? 'status-on' : 'status-off'}`;
  const badge = document.createElement('span');
  badge.className = `badge ${on ? 'badge-on' : 'badge-off'}`;
  translate(badge, on ? 'totp.statusOn' : 'totp.statusOff');
  const label = document.createElement('span');
  translate(label, 'totp.statusLabel');
  status.append(label, badge);
  if (on && typeof state.recoveryCodesLeft === 'number') {
    const left = document.createElement('span');
    left.className = 'hint';
    translate(left, 'recovery.left', { count: state.recoveryCodesLeft });
    status.append(left);
  }
}

function update(newState, error) {
  if (error) {
    showLoadError(message(), error);
    return;
  }
  state = newState;
  renderStatus();
  if (shownCodes) {
    return; // Keep the recovery codes on screen until the person says they saved them.
  }
  if (!$('#totp-enrol').hidden) {
    return;
  }
  view(state.totpEnabled ? 'on' : 'off');
}

/** The key as people type it: groups of four. */
function grouped(secret) {
  return /\s/.test(secret) ? secret : secret.replace(/(.{4})(?=.)/g, '$1 ');
}

async function startEnrolment() {
  clearMessage(message());
  await whileBusy($('#totp-start'), async () => {
    try {
      const setup = await post('/api/v1/account/totp/setup');
      $('#totp-secret').textContent = grouped(setup.secret);
      $('#totp-secret').dataset.secret = setup.secret.replace(/\s+/g, '');
      const qr = isOwnPath(setup.qrCodeUrl) ? setup.qrCodeUrl : '/api/v1/account/totp/qr.svg';
      $('#totp-qr').src = `${qr}${qr.includes('?') ? '&' : '?'}v=${Date.now()}`;
      $('#totp-code').value = '';
      view('enrol');
      $('#totp-code').focus();
    } catch (e) {
      showError(message(), e);
    }
  });
}

function showCodes(codes) {
  shownCodes = codes;
  $('#recovery-list').replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement('li');
      const text = document.createElement('code');
      text.textContent = code;
      item.append(text);
      return item;
    }),
  );
  view('codes');
  $('#recovery-codes').scrollIntoView({ block: 'nearest' });
  $('#recovery-copy').focus();
}

function codesAsText() {
  return `${t('recovery.fileHeader')}\n\n${shownCodes.join('\n')}\n`;
}

async function confirmEnrolment(event) {
  event.preventDefault();
  clearMessage(message());
  const code = $('#totp-code').value.replace(/\s+/g, '');
  if (!code) {
    showMessage(message(), 'error', 'secondFactor.missingCode');
    $('#totp-code').focus();
    return;
  }
  await whileBusy($('#totp-confirm'), async () => {
    try {
      const answer = await post('/api/v1/account/totp/confirm', { code });
      $('#totp-secret').textContent = '';
      $('#totp-qr').removeAttribute('src');
      showMessage(message(), 'success', 'totp.enabled');
      showCodes(answer.recoveryCodes || []);
      await loadSecondFactors();
      context.onEnrolled();
    } catch (e) {
      showError(message(), e, 'totp.confirmFailed');
      $('#totp-code').select();
    }
  });
}

function askPassword(action) {
  pendingAction = action;
  clearMessage(message());
  translate($('#reauth-submit'), action === 'remove' ? 'totp.remove' : 'recovery.new');
  $('#reauth-submit').classList.toggle('danger', action === 'remove');
  $('#reauth-submit').classList.toggle('primary', action !== 'remove');
  $('#reauth-password').value = '';
  show($('#reauth-form'), true);
  $('#reauth-password').focus();
}

async function reauthenticated(event) {
  event.preventDefault();
  clearMessage(message());
  const currentPassword = valueOf('reauth-password');
  if (!currentPassword) {
    showMessage(message(), 'error', 'password.missing');
    $('#reauth-password').focus();
    return;
  }
  await whileBusy($('#reauth-submit'), async () => {
    try {
      if (pendingAction === 'remove') {
        await post('/api/v1/account/totp/remove', { currentPassword });
        show($('#reauth-form'), false);
        showMessage(message(), 'success', 'totp.removed');
      } else {
        const answer = await post('/api/v1/account/recovery-codes', { currentPassword });
        show($('#reauth-form'), false);
        showCodes(answer.recoveryCodes || []);
      }
      await loadSecondFactors();
    } catch (e) {
      showError(message(), e);
      $('#reauth-password').select();
    }
  });
}

export function initTwoFactor(ctx) {
  context = ctx;
  onSecondFactors(update);
  document.addEventListener('conclave:language', renderStatus);
  $('#totp-start').addEventListener('click', startEnrolment);
  $('#totp-confirm-form').addEventListener('submit', confirmEnrolment);
  $('#totp-cancel').addEventListener('click', () => {
    clearMessage(message());
    view(state && state.totpEnabled ? 'on' : 'off');
  });
  $('#totp-copy').addEventListener('click', (e) => copyText($('#totp-secret').dataset.secret || '', e.currentTarget));
  $('#recovery-copy').addEventListener('click', (e) => copyText(shownCodes.join('\n'), e.currentTarget));
  $('#recovery-download').addEventListener('click', () => downloadText('conclave-recovery-codes.txt', codesAsText()));
  $('#recovery-done').addEventListener('click', () => {
    shownCodes = null;
    $('#recovery-list').replaceChildren();
    clearMessage(message());
    view(state && state.totpEnabled ? 'on' : 'off');
  });
  $('#recovery-new').addEventListener('click', () => askPassword('recovery'));
  $('#totp-remove').addEventListener('click', () => askPassword('remove'));
  $('#reauth-form').addEventListener('submit', reauthenticated);
  $('#reauth-cancel').addEventListener('click', () => show($('#reauth-form'), false));
}
