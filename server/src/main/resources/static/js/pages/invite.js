/** An invited person opens /invite#token and chooses their password. */

import { post } from '../api.js';
import { $, clearMessage, show, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { translate } from '../i18n.js';
import { attachPublicMeter, takeTokenFromFragment } from '../new-password.js';
import { goTo, startPage, ready } from '../page.js';
import { KEYS } from '../storage-keys.js';

async function main() {
  const token = takeTokenFromFragment();
  await startPage();
  const message = $('#message');
  if (!token) {
    showMessage(message, 'error', 'invite.noToken');
    return;
  }
  let invited;
  try {
    invited = await post('/api/v1/public/invites/check', { token });
  } catch (e) {
    showError(message, e, 'error.link-invalid');
    return;
  }
  if (!invited || !invited.valid) {
    showMessage(message, 'error', 'error.link-invalid');
    return;
  }
  translate($('#title'), 'invite.welcome', { name: invited.displayName || invited.username });
  $('#username').value = invited.username;
  attachPublicMeter($('#password'), () => ({ username: invited.username, displayName: invited.displayName }));
  show($('#form'), true);
  $('#password').focus();
  $('#form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage(message);
    const password = valueOf('password');
    if (!password) {
      showMessage(message, 'error', 'form.missing');
      return;
    }
    await whileBusy($('#submit'), async () => {
      try {
        const answer = await post('/api/v1/public/invites/accept', { token, password });
        sessionStorage.setItem(KEYS.username, (answer && answer.username) || invited.username);
        goTo('/sign-in');
      } catch (e) {
        showError(message, e);
      }
    });
  });
}

main().finally(ready);
