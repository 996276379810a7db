/** First start: the one-time set-up link (/setup#token) creates the first administrator. */

import { post } from '../api.js';
import { $, clearMessage, show, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { attachPublicMeter, takeTokenFromFragment } from '../new-password.js';
import { goTo, startPage, ready } from '../page.js';
import { KEYS } from '../storage-keys.js';

async function main() {
  const token = takeTokenFromFragment();
  await startPage();
  const message = $('#message');
  if (!token) {
    showMessage(message, 'error', 'setup.noToken');
    return;
  }
  try {
    const check = await post('/api/v1/public/setup/check', { token });
    if (!check || !check.valid) {
      showMessage(message, 'error', 'setup.linkInvalid');
      return;
    }
  } catch (e) {
    showError(message, e, 'setup.linkInvalid');
    return;
  }
  const names = () => ({ username: valueOf('username'), displayName: valueOf('display-name'), email: valueOf('email') });
  attachPublicMeter($('#password'), names, [$('#username'), $('#display-name'), $('#email')]);
  show($('#form'), true);
  $('#display-name').focus();
  $('#form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage(message);
    const body = { token, ...names(), password: valueOf('password') };
    if (!body.username || !body.displayName || !body.password) {
      showMessage(message, 'error', 'form.missing');
      return;
    }
    body.email = body.email || null;
    await whileBusy($('#submit'), async () => {
      try {
        const created = await post('/api/v1/public/setup', body);
        sessionStorage.setItem(KEYS.username, (created && created.username) || body.username);
        goTo('/sign-in');
      } catch (e) {
        showError(message, e, e.code === 'link-invalid' ? 'setup.linkInvalid' : undefined);
      }
    });
  });
}

main().finally(ready);
