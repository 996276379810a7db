/** The second step of signing in: a code from the authenticator app, a passkey or a recovery code. */

import { ApiError, getSession, post, signOut } from '../api.js';
import { $, clearMessage, show, showError, showMessage, whileBusy } from '../dom.js';
import { goTo, startPage, ready } from '../page.js';
import { KEYS } from '../storage-keys.js';
import { supported as passkeysSupported, usePasskey, wasCancelled } from '../webauthn.js';

const ALL = ['totp', 'passkey', 'recovery-code'];
const FIRST_FIELD = { totp: '#totp-code', 'recovery-code': '#recovery-code', passkey: '#passkey-submit' };
const message = $('#message');

function offeredMethods() {
  let methods = null;
  try {
    methods = JSON.parse(sessionStorage.getItem(KEYS.methods) || 'null');
  } catch (e) {
    methods = null;
  }
  if (!Array.isArray(methods) || methods.length === 0) {
    methods = ALL;
  }
  return methods.filter((m) => ALL.includes(m) && (m !== 'passkey' || passkeysSupported()));
}

function choose(method, focus) {
  for (const choice of document.querySelectorAll('.choice')) {
    choice.setAttribute('aria-pressed', String(choice.dataset.method === method));
  }
  for (const panel of document.querySelectorAll('[data-panel]')) {
    show(panel, panel.dataset.panel === method);
  }
  clearMessage(message);
  if (focus) {
    $(FIRST_FIELD[method]).focus();
  }
}

function done() {
  sessionStorage.removeItem(KEYS.methods);
  goTo('/account');
}

async function failed(error, fallbackKey, field) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    // A wrong code, or has the half-finished sign-in expired? If so, start again.
    const session = await getSession().catch(() => null);
    if (!session || !session.secondFactorPending) {
      goTo('/sign-in');
      return;
    }
  }
  // Our own sentence for a refused code or passkey, whatever code the server used for it; the
  // server's code only where it tells the person something else (wait, reload, offline).
  const general = ['throttled', 'network', 'csrf-token-missing', 'second-factor-expired', 'no-passkey']
    .includes(error && error.code)
    || (error && error.status >= 500);
  showError(message, general ? error : null, fallbackKey);
  if (field) {
    field.select();
  }
}

async function submitCode(event, path, inputId, buttonId, fallbackKey) {
  event.preventDefault();
  clearMessage(message);
  const input = $(inputId);
  const code = input.value.replace(/\s+/g, '');
  if (!code) {
    showMessage(message, 'error', 'secondFactor.missingCode');
    input.focus();
    return;
  }
  await whileBusy($(buttonId), async () => {
    try {
      await post(path, { code });
      done();
    } catch (e) {
      await failed(e, fallbackKey, input);
    }
  });
}

async function verifyWithPasskey() {
  clearMessage(message);
  await whileBusy($('#passkey-submit'), async () => {
    try {
      const options = await post('/api/v1/auth/second-factor/passkey/options');
      const credential = await usePasskey(options.publicKey);
      await post('/api/v1/auth/second-factor/passkey', { challengeId: options.challengeId, credential });
      done();
    } catch (e) {
      if (e instanceof ApiError) {
        await failed(e, 'secondFactor.passkeyFailed');
      } else if (wasCancelled(e)) {
        showMessage(message, 'info', 'signIn.passkeyCancelled');
      } else {
        showMessage(message, 'error', 'secondFactor.passkeyFailed');
      }
    }
  });
}

async function main() {
  await startPage();
  const session = await getSession().catch(() => null);
  if (session && session.authenticated) {
    goTo('/account');
    return;
  }
  if (!session || !session.secondFactorPending) {
    goTo('/sign-in');
    return;
  }
  const methods = offeredMethods();
  for (const choice of document.querySelectorAll('.choice')) {
    show(choice, methods.includes(choice.dataset.method));
    choice.addEventListener('click', () => choose(choice.dataset.method, true));
  }
  show($('#choices'), methods.length > 1);
  $('#totp-form').addEventListener('submit', (e) =>
    submitCode(e, '/api/v1/auth/second-factor/totp', '#totp-code', '#totp-submit', 'secondFactor.totpFailed'));
  $('#recovery-form').addEventListener('submit', (e) =>
    submitCode(e, '/api/v1/auth/second-factor/recovery-code', '#recovery-code', '#recovery-submit', 'secondFactor.recoveryFailed'));
  $('#passkey-submit').addEventListener('click', verifyWithPasskey);
  $('#cancel').addEventListener('click', () => {
    sessionStorage.removeItem(KEYS.methods);
    signOut();
  });
  choose(methods[0] || 'recovery-code', true);
}

main().finally(ready);
