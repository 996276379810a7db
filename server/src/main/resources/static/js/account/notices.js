/** Things the person must be told, such as "someone tried many passwords on your account". */

import { get, post } from '../api.js';
import { $, button, el, icon } from '../dom.js';
import { formatDateTime, has } from '../i18n.js';

let notices = [];

/** The notice's detail; "from <address>" (how the server words a source) in the reader's language. */
function detailOf(notice) {
  if (!notice.detail) {
    return null;
  }
  const from = /^from (\S{1,64})$/.exec(notice.detail);
  return from
    ? el('p', { className: 'hint', text: 'notice.from', args: { address: from[1] } })
    : el('p', { className: 'hint', plain: notice.detail });
}

function render() {
  const box = $('#notices');
  box.replaceChildren(
    ...notices.map((n) => {
      const key = has(`notice.${n.kind}`) ? `notice.${n.kind}` : 'notice.other';
      const dismiss = button('notice.dismiss', { className: 'button small', on: { click: () => dismiss(n.id) } });
      return el('div', { className: 'message message-warning notice', attrs: { role: 'status' } }, [
        icon('alert'),
        el('div', { className: 'notice-body' }, [
          el('p', { text: key, args: { date: formatDateTime(n.createdAt) } }),
          detailOf(n),
        ]),
        dismiss,
      ]);
    }),
  );
}

async function dismiss(id) {
  try {
    await post(`/api/v1/account/notices/${encodeURIComponent(id)}/dismiss`);
  } catch (e) {
    // Still hide it here; it will come back on the next visit if the server did not record it.
  }
  notices = notices.filter((n) => n.id !== id);
  render();
}

export async function initNotices() {
  document.addEventListener('conclave:language', render);
  try {
    notices = (await get('/api/v1/account/notices')) || [];
  } catch (e) {
    notices = [];
  }
  render();
}
