/**
 * The account security page: notices, password, two-factor authentication (authenticator app and
 * recovery codes), passkeys, sessions and API tokens. Each section loads on its own, so one that
 * fails to load does not take the others with it.
 */

import { getSession, signOut } from '../api.js';
import { $, show } from '../dom.js';
import { translate } from '../i18n.js';
import { goTo, startPage, ready } from '../page.js';
import { initNotices } from '../account/notices.js';
import { initPassword } from '../account/password.js';
import { initTwoFactor } from '../account/two-factor.js';
import { initPasskeys } from '../account/passkeys.js';
import { initSessions } from '../account/sessions.js';
import { initTokens } from '../account/tokens.js';
import { loadSecondFactors, onSecondFactors } from '../account/second-factors.js';

/** After a second factor is enrolled, a session confined to enrolment may now do everything. */
async function enrolmentMayHaveEnded() {
  const session = await getSession().catch(() => null);
  if (session && session.authenticated && !session.secondFactorEnrolmentRequired) {
    window.location.reload();
  }
}

async function main() {
  await startPage();
  const session = await getSession().catch(() => null);
  if (!session || !session.authenticated) {
    goTo(session && session.secondFactorPending ? '/sign-in/second-factor' : '/sign-in');
    return;
  }
  const user = session.user;
  translate($('#signed-in-as'), 'account.signedInAs', { name: user.displayName || user.username, username: user.username });
  show($('#nav-admin'), user.role === 'ADMIN');
  // For password managers: which account the password form belongs to.
  $('#account-username').value = user.username;
  $('#sign-out').addEventListener('click', () => signOut());

  const confined = !!session.secondFactorEnrolmentRequired;
  show($('#enrolment-required'), confined);
  for (const section of document.querySelectorAll('[data-needs-full-access]')) {
    show(section, !confined);
  }
  const context = { user, confined, onEnrolled: confined ? enrolmentMayHaveEnded : () => {} };
  initTwoFactor(context);
  initPasskeys(context);
  if (!confined) {
    initNotices(context);
    initPassword(context);
    initSessions(context);
    initTokens(context);
  }
  onSecondFactors((state) => {
    const owed = !!state && !!state.required && !state.totpEnabled && !(state.passkeys || []).length;
    show($('#enrolment-required'), confined || owed);
  });
  loadSecondFactors();
}

main().finally(ready);
