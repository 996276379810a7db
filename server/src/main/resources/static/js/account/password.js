/** Changing one's own password, with the live strength meter. */

import { post } from '../api.js';
import { $, clearMessage, showError, showMessage, valueOf, whileBusy } from '../dom.js';
import { attachPasswordMeter } from '../password-meter.js';

export function initPassword() {
  const message = $('#password-message');
  attachPasswordMeter($('#new-password'), (password, signal) =>
    post('/api/v1/account/password/check', { password }, { signal }));

  $('#password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage(message);
    const currentPassword = valueOf('current-password');
    const newPassword = valueOf('new-password');
    if (!currentPassword || !newPassword) {
      showMessage(message, 'error', 'password.missing');
      $(currentPassword ? '#new-password' : '#current-password').focus();
      return;
    }
    await whileBusy($('#password-submit'), async () => {
      try {
        await post('/api/v1/account/password', { currentPassword, newPassword });
        $('#password-form').reset();
        $('#new-password-strength').hidden = true;
        showMessage(message, 'success', 'password.changed');
        document.dispatchEvent(new Event('conclave:sessions-changed'));
      } catch (e) {
        showError(message, e);
      }
    });
  });
}
