/**
 * The chat panel. Messages are text: they go into the page with textContent only, and the one
 * thing turned into a link is an http or https address (opened in a new tab, with no referrer and
 * no access back to this page). Anything else, such as `<script>`, `javascript:` or `\\server\share`,
 * stays inert text. The recipients offered follow the room's chat mode.
 */

import { el, icon } from '../dom.js';
import { t, translate } from '../i18n.js';
import { timeOfDay } from './ui.js';

const MAX_MESSAGES = 500;
const ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits text into text nodes and links. Only addresses whose parsed protocol is http: or https:
 * become links; the link's text is what was written, its href the parsed address.
 */
export function linkify(text) {
  const nodes = [];
  let last = 0;
  for (const match of String(text).matchAll(ADDRESS)) {
    let address = match[0];
    const trailing = address.match(TRAILING);
    if (trailing) {
      address = address.slice(0, address.length - trailing[0].length);
    }
    let url = null;
    try {
      url = new URL(address);
    } catch (e) {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      continue;
    }
    if (match.index > last) {
      nodes.push(document.createTextNode(text.slice(last, match.index)));
    }
    const link = document.createElement('a');
    link.href = url.href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = address;
    nodes.push(link);
    last = match.index + address.length;
  }
  if (last < text.length) {
    nodes.push(document.createTextNode(text.slice(last)));
  }
  return nodes;
}

/** Builds the chat panel's content into `panel`; returns its controller. */
export function createChat(panel, room) {
  const log = el('ol', {
    className: 'chat-log',
    attrs: { id: 'chat-log', role: 'log', 'aria-live': 'polite', 'data-testid': 'chat-log' },
  });
  const empty = el('p', { className: 'hint chat-empty', text: 'room.chat.empty' });
  const note = el('p', { className: 'hint', attrs: { id: 'chat-note', 'data-testid': 'chat-note' } });
  const to = el('select', { attrs: { id: 'chat-to', 'data-testid': 'chat-to' } });
  const text = el('textarea', {
    attrs: { id: 'chat-text', rows: '2', maxlength: '2000', 'data-testid': 'chat-text',
      'data-i18n-placeholder': 'room.chat.placeholder', placeholder: t('room.chat.placeholder') },
  });
  const send = el('button', {
    className: 'button primary small',
    attrs: { type: 'submit', id: 'chat-send', 'data-testid': 'chat-send' },
  }, [icon('send'), el('span', { text: 'room.chat.send' })]);
  const form = el('form', { className: 'chat-form', attrs: { id: 'chat-form', novalidate: true } }, [
    el('div', { className: 'field' }, [el('label', { text: 'room.chat.to', attrs: { for: 'chat-to' } }), to]),
    el('div', { className: 'field' }, [
      el('label', { className: 'visually-hidden', text: 'room.chat.message', attrs: { for: 'chat-text' } }), text]),
    note,
    send,
  ]);
  panel.append(log, empty, form);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) {
      text.focus();
      return;
    }
    if (room.send({ type: 'chat', to: to.value || 'everyone', text: message })) {
      text.value = '';
    }
    text.focus();
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function recipientLabel(message) {
    const you = room.state.you;
    if (message.to === 'everyone' || !message.to) {
      return null;
    }
    if (message.to === 'hosts') {
      return t('room.chat.toHosts');
    }
    if (message.to === you.id) {
      return t('room.chat.privateToYou');
    }
    const target = room.state.participants.get(message.to);
    return t('room.chat.privateTo', { name: target ? target.name : '?' });
  }

  return {
    add(message) {
      const mine = message.from === room.state.you.id;
      const meta = el('p', { className: 'chat-meta' }, [
        el('strong', { className: 'chat-from', plain: mine ? t('room.you') : message.fromName }),
        el('span', { className: 'chat-time', plain: timeOfDay(message.at) }),
      ]);
      const privately = recipientLabel(message);
      if (privately) {
        meta.append(el('span', { className: 'badge badge-info', plain: privately }));
      }
      const body = el('p', { className: 'chat-text pre-wrap', attrs: { 'data-testid': 'chat-text-body' } });
      body.append(...linkify(String(message.text || '')));
      log.append(el('li', {
        className: `chat-message${mine ? ' mine' : ''}`,
        attrs: { 'data-testid': 'chat-message', 'data-message-id': message.id },
      }, [meta, body]));
      while (log.children.length > MAX_MESSAGES) {
        log.firstElementChild.remove();
      }
      empty.hidden = true;
      log.scrollTop = log.scrollHeight;
    },

    /** Recipients and the mode's note, after any change of the room, the roster or one's role. */
    render() {
      const { you, room: rules, participants } = room.state;
      const host = room.isHost();
      const mode = rules.chatMode;
      const options = [];
      if (host || mode === 'EVERYONE') {
        options.push(['everyone', t('room.chat.everyone')]);
      }
      if (host || mode !== 'OFF') {
        options.push(['hosts', t('room.chat.hosts')]);
      }
      if (host) {
        for (const p of participants.values()) {
          if (p.id !== you.id) {
            options.push([p.id, t('room.chat.onlyTo', { name: p.name })]);
          }
        }
      }
      const chosen = to.value;
      to.replaceChildren(...options.map(([value, label]) => el('option', { plain: label, attrs: { value } })));
      if (options.some(([value]) => value === chosen)) {
        to.value = chosen;
      }
      const off = !options.length;
      text.disabled = off;
      send.disabled = off;
      to.disabled = off;
      if (!host && mode === 'OFF') {
        translate(note, 'room.chat.modeOff');
      } else if (!host && mode === 'HOSTS_ONLY') {
        translate(note, 'room.chat.modeHostsOnly');
      } else {
        note.replaceChildren();
        delete note.dataset.i18n;
      }
      note.hidden = !note.textContent;
    },
  };
}
