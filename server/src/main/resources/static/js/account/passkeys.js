/** The account's passkeys: the list, adding one (WebAuthn registration) and removing one. */

import { ApiError, del, post } from '../api.js';
import { $, button, clearMessage, confirmAction, el, icon, show, showError, showLoadError, showMessage, whileBusy } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { createPasskey, supported, wasCancelled } from '../webauthn.js';
import { loadSecondFactors, onSecondFactors } from './second-factors.js';

let passkeys = [];
let context = null;
const message = () => $('#passkeys-message');

function render() {
  const list = $('#passkey-list');
  if (passkeys.length === 0) {
    list.replaceChildren(el('li', { className: 'empty', text: 'passkeys.none' }));
    return;
  }
  list.replaceChildren(
    ...passkeys.map((p) =>
      el('li', { className: 'item' }, [
        icon('passkey'),
        el('div', { className: 'item-body' }, [
          el('p', { className: 'item-title', plain: p.name }),
          el('p', { className: 'item-meta' }, [
            el('span', { text: 'passkeys.added', args: { date: formatDateTime(p.createdAt) } }),
            p.lastUsedAt
              ? el('span', { text: 'passkeys.lastUsed', args: { date: formatDateTime(p.lastUsedAt) } })
              : el('span', { text: 'passkeys.neverUsed' }),
          ]),
        ]),
        button('common.remove', {
          icon: 'trash',
          className: 'button small danger-outline',
          attrs: { 'aria-label': t('passkeys.removeNamed', { name: p.name }) },
          on: { click: (e) => remove(p, e.currentTarget) },
        }),
      ])),
  );
}

async function remove(passkey, control) {
  if (!confirmAction('passkeys.removeConfirm', { name: passkey.name })) {
    return;
  }
  clearMessage(message());
  await whileBusy(control, async () => {
    try {
      await del(`/api/v1/account/passkeys/${encodeURIComponent(passkey.id)}`);
      showMessage(message(), 'success', 'passkeys.removed', { name: passkey.name });
      await loadSecondFactors();
    } catch (e) {
      showError(message(), e);
    }
  });
}

async function add(event) {
  event.preventDefault();
  clearMessage(message());
  const name = $('#passkey-name').value.trim() || t('passkeys.defaultName');
  await whileBusy($('#passkey-add'), async () => {
    try {
      const options = await post('/api/v1/account/passkeys/options');
      const credential = await createPasskey(options.publicKey);
      await post('/api/v1/account/passkeys', { challengeId: options.challengeId, name, credential });
      $('#passkey-name').value = '';
      showMessage(message(), 'success', 'passkeys.addedNow', { name });
      await loadSecondFactors();
      context.onEnrolled();
    } catch (e) {
      if (e instanceof ApiError) {
        showError(message(), e, 'passkeys.failed');
      } else if (wasCancelled(e)) {
        showMessage(message(), 'info', 'passkeys.cancelled');
      } else if (e && e.name === 'InvalidStateError') {
        showMessage(message(), 'info', 'passkeys.alreadyRegistered');
      } else {
        showMessage(message(), 'error', 'passkeys.failed');
      }
    }
  });
}

export function initPasskeys(ctx) {
  context = ctx;
  onSecondFactors((state, error) => {
    if (error) {
      showLoadError(message(), error);
      return;
    }
    passkeys = state.passkeys || [];
    render();
  });
  document.addEventListener('conclave:language', render);
  if (!supported()) {
    show($('#passkey-form'), false);
    showMessage(message(), 'info', 'passkeys.unsupported');
    return;
  }
  $('#passkey-form').addEventListener('submit', add);
}
