/** The sign-in page: user name and password, a passkey, or single sign-on. */

import { ApiError, getSession, post } from '../api.js';
import { $, clearMessage, show, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { translate } from '../i18n.js';
import { goTo, startPage, ready } from '../page.js';
import { isOwnPath } from '../dom.js';
import { KEYS } from '../storage-keys.js';
import { supported as passkeysSupported, usePasskey, wasCancelled } from '../webauthn.js';

const message = $('#message');

function afterSignIn(answer) {
  if (answer && answer.stage === 'second-factor') {
    sessionStorage.setItem(KEYS.methods, JSON.stringify(answer.methods || []));
    goTo('/sign-in/second-factor');
  } else {
    goTo('/account');
  }
}

async function signInWithPassword(event) {
  event.preventDefault();
  clearMessage(message);
  const username = valueOf('username');
  const password = valueOf('password');
  if (!username || !password) {
    showMessage(message, 'error', 'signIn.missing');
    $(username ? '#password' : '#username').focus();
    return;
  }
  await whileBusy($('#sign-in'), async () => {
    try {
      afterSignIn(await post('/api/v1/auth/sign-in', { username, password }));
    } catch (e) {
      showError(message, e);
      $('#password').select();
    }
  });
}

async function signInWithPasskey() {
  clearMessage(message);
  await whileBusy($('#passkey'), async () => {
    try {
      const options = await post('/api/v1/auth/passkey/options');
      const credential = await usePasskey(options.publicKey);
      afterSignIn(await post('/api/v1/auth/passkey', { challengeId: options.challengeId, credential }));
    } catch (e) {
      if (e instanceof ApiError) {
        showError(message, e, 'signIn.passkeyFailed');
      } else if (wasCancelled(e)) {
        showMessage(message, 'info', 'signIn.passkeyCancelled');
      } else {
        showMessage(message, 'error', 'signIn.passkeyFailed');
      }
    }
  });
}

async function main() {
  const config = await startPage();
  const session = await getSession().catch(() => null);
  if (session && session.authenticated) {
    goTo('/account');
    return;
  }
  if (session && session.secondFactorPending) {
    goTo('/sign-in/second-factor');
    return;
  }
  if (sessionStorage.getItem(KEYS.signedOut)) {
    sessionStorage.removeItem(KEYS.signedOut);
    showMessage(message, 'success', 'signIn.signedOut');
  }
  const known = sessionStorage.getItem(KEYS.username);
  if (known) {
    sessionStorage.removeItem(KEYS.username);
    $('#username').value = known;
    showMessage(message, 'success', 'signIn.accountReady');
  }
  const oidc = config.oidc || {};
  const ssoOn = !!oidc.enabled && isOwnPath(oidc.startUrl);
  if (ssoOn) {
    $('#sso').href = oidc.startUrl;
    translate($('#sso-label'), 'signIn.sso', { name: oidc.displayName || 'SSO' });
  }
  show($('#sso'), ssoOn);
  show($('#passkey'), passkeysSupported());
  show($('#alternatives'), ssoOn || passkeysSupported());
  show($('#register'), !!config.selfRegistration);
  $('#password-form').addEventListener('submit', signInWithPassword);
  $('#passkey').addEventListener('click', signInWithPasskey);
  $(known ? '#password' : '#username').focus();
}

main().finally(ready);
