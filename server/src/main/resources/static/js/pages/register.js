/** Self-registration, when the organisation has turned it on. */

import { post } from '../api.js';
import { $, clearMessage, show, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { attachPublicMeter } from '../new-password.js';
import { goTo, startPage, ready } from '../page.js';
import { KEYS } from '../storage-keys.js';

async function main() {
  const config = await startPage();
  const message = $('#message');
  if (!config.selfRegistration) {
    showMessage(message, 'info', 'error.registration-closed');
    return;
  }
  const names = () => ({ username: valueOf('username'), displayName: valueOf('display-name'), email: valueOf('email') });
  attachPublicMeter($('#password'), names, [$('#username'), $('#display-name'), $('#email')]);
  show($('#form'), true);
  $('#display-name').focus();
  $('#form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage(message);
    const body = { ...names(), password: valueOf('password') };
    if (!body.username || !body.displayName || !body.password) {
      showMessage(message, 'error', 'form.missing');
      return;
    }
    body.email = body.email || null;
    await whileBusy($('#submit'), async () => {
      try {
        const created = await post('/api/v1/public/register', body);
        sessionStorage.setItem(KEYS.username, (created && created.username) || body.username);
        goTo('/sign-in');
      } catch (e) {
        showError(message, e);
      }
    });
  });
}

main().finally(ready);
