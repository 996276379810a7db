/** Personal API tokens: the list, creating one (its secret shown once) and revoking one. */

import { del, get, post } from '../api.js';
import { $, button, clearMessage, confirmAction, copyText, el, icon, show, showError, showLoadError, showMessage, whileBusy } from '../dom.js';
import { formatDateTime, has, t } from '../i18n.js';

/** The scopes a token may be given, as the server names them; admin:read only by administrators. */
const SCOPES = ['account:read', 'meetings:read', 'meetings:write', 'admin:read'];
const ADMIN_ONLY = ['admin:read'];

let isAdmin = false;

let tokens = [];
const message = () => $('#tokens-message');

function scopeLabel(scope) {
  return has(`tokens.scope.${scope}`) ? t(`tokens.scope.${scope}`) : scope;
}

function render() {
  const list = $('#token-list');
  if (tokens.length === 0) {
    list.replaceChildren(el('li', { className: 'empty', text: 'tokens.none' }));
    return;
  }
  list.replaceChildren(
    ...tokens.map((token) =>
      el('li', { className: 'item' }, [
        icon('code'),
        el('div', { className: 'item-body' }, [
          el('p', { className: 'item-title', plain: token.name }),
          el('p', { className: 'item-meta' }, [
            el('span', { plain: (token.scopes || []).map(scopeLabel).join(', ') }),
            el('span', { text: 'tokens.created', args: { date: formatDateTime(token.createdAt) } }),
            token.expiresAt ? el('span', { text: 'tokens.expires', args: { date: formatDateTime(token.expiresAt) } }) : null,
            token.lastUsedAt
              ? el('span', { text: 'tokens.lastUsed', args: { date: formatDateTime(token.lastUsedAt) } })
              : el('span', { text: 'tokens.neverUsed' }),
          ]),
        ]),
        button('tokens.revoke', {
          icon: 'trash',
          className: 'button small danger-outline',
          attrs: { 'aria-label': t('tokens.revokeNamed', { name: token.name }) },
          on: { click: (e) => revoke(token, e.currentTarget) },
        }),
      ])),
  );
}

function renderScopes() {
  const box = $('#token-scopes');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  if (!box.children.length) {
    checked.add(SCOPES[0]);
  }
  box.replaceChildren(
    ...SCOPES.filter((scope) => isAdmin || !ADMIN_ONLY.includes(scope)).map((scope) => {
      const id = `scope-${scope.replace(/[^a-z0-9]/gi, '-')}`;
      const input = el('input', { attrs: { type: 'checkbox', id, value: scope, checked: checked.has(scope) } });
      return el('div', { className: 'check' }, [input, el('label', { plain: scopeLabel(scope), attrs: { for: id } })]);
    }),
  );
}

async function load() {
  try {
    tokens = (await get('/api/v1/account/tokens')) || [];
    render();
  } catch (e) {
    showLoadError(message(), e);
  }
}

async function revoke(token, control) {
  if (!confirmAction('tokens.revokeConfirm', { name: token.name })) {
    return;
  }
  clearMessage(message());
  await whileBusy(control, async () => {
    try {
      await del(`/api/v1/account/tokens/${encodeURIComponent(token.id)}`);
      show($('#new-token'), false);
      showMessage(message(), 'success', 'tokens.revoked', { name: token.name });
      await load();
    } catch (e) {
      showError(message(), e);
    }
  });
}

async function create(event) {
  event.preventDefault();
  clearMessage(message());
  const name = $('#token-name').value.trim();
  const scopes = [...$('#token-scopes').querySelectorAll('input:checked')].map((i) => i.value);
  if (!name) {
    showMessage(message(), 'error', 'tokens.nameMissing');
    $('#token-name').focus();
    return;
  }
  if (scopes.length === 0) {
    showMessage(message(), 'error', 'tokens.scopesMissing');
    return;
  }
  const expiresInDays = Number.parseInt($('#token-expiry').value, 10);
  await whileBusy($('#token-create'), async () => {
    try {
      const created = await post('/api/v1/account/tokens', { name, scopes, expiresInDays });
      $('#new-token-value').textContent = created.token;
      show($('#new-token'), true);
      $('#token-name').value = '';
      await load();
      $('#new-token-copy').focus();
    } catch (e) {
      showError(message(), e);
    }
  });
}

export function initTokens(context) {
  isAdmin = !!context && context.user.role === 'ADMIN';
  renderScopes();
  $('#token-form').addEventListener('submit', create);
  $('#new-token-copy').addEventListener('click', (e) => copyText($('#new-token-value').textContent, e.currentTarget));
  document.addEventListener('conclave:language', () => {
    render();
    renderScopes();
  });
  load();
}
