/**
 * The participants panel: for hosts, the waiting room first (each knock with the person's name,
 * how they came and any warning, with Admit and Deny, Admit all, Deny all, and a message to
 * everyone waiting); then everyone inside with their role, how they arrived, their connection and
 * state, and for hosts a menu of actions per person. The server checks every command; the menu only
 * offers what the sender's role may do.
 */

import { confirmAction, el, icon } from '../dom.js';
import { t } from '../i18n.js';
import { arrivalText, askText, initials, timeOfDay } from './ui.js';

const ROLE_ORDER = { HOST: 0, COHOST: 1, PARTICIPANT: 2, GUEST: 3 };

/** Small state icons with words for screen readers (colour or shape alone never says it). */
export function stateIcons(p) {
  const items = [];
  items.push([p.audio ? 'mic' : 'mic-off', p.audio ? 'room.state.micOn' : 'room.state.micOff', p.audio ? 'on' : 'off']);
  items.push([p.video ? 'video' : 'video-off', p.video ? 'room.state.cameraOn' : 'room.state.cameraOff', p.video ? 'on' : 'off']);
  if (p.screen) {
    items.push(['screen', 'room.state.sharing', 'on']);
  }
  if (p.handRaised) {
    items.push(['hand', 'room.state.handRaised', 'hand']);
  }
  return el('span', { className: 'state-icons' }, items.map(([name, key, tone]) =>
    el('span', { className: `state state-${tone}`, attrs: { title: t(key), 'data-i18n-title': key, 'data-state': name } }, [
      icon(name),
      el('span', { className: 'visually-hidden', text: key }),
    ])));
}

function sortPeople(list) {
  return [...list].sort((a, b) => (ROLE_ORDER[a.role] - ROLE_ORDER[b.role]) || a.name.localeCompare(b.name));
}

/** Builds the panel into `panel`; returns its controller. */
export function createParticipants(panel, room) {
  const waitingSection = el('section', {
    className: 'panel-section',
    attrs: { id: 'waiting-room', 'aria-labelledby': 'waiting-room-title', 'data-testid': 'waiting-room' },
  });
  const waitingTitle = el('h3', { attrs: { id: 'waiting-room-title' } });
  const knockList = el('ul', { className: 'people', attrs: { id: 'knock-list' } });
  const bulk = el('div', { className: 'button-row' }, [
    el('button', { className: 'button small primary', text: 'room.waitingRoom.admitAll',
      attrs: { type: 'button', id: 'admit-all', 'data-testid': 'admit-all' }, on: { click: () => room.send({ type: 'admitAll' }) } }),
    el('button', { className: 'button small danger-outline', text: 'room.waitingRoom.denyAll',
      attrs: { type: 'button', id: 'deny-all', 'data-testid': 'deny-all' }, on: { click: () => {
        if (confirmAction('room.waitingRoom.denyAllConfirm')) {
          room.send({ type: 'denyAll' });
        }
      } } }),
  ]);
  const messageInput = el('input', { attrs: { id: 'waiting-room-text', type: 'text', maxlength: '500', autocomplete: 'off' } });
  const messageForm = el('form', { className: 'inline-form', attrs: { id: 'waiting-room-form', novalidate: true } }, [
    el('div', { className: 'field' }, [
      el('label', { text: 'room.waitingRoom.message', attrs: { for: 'waiting-room-text' } }), messageInput]),
    el('button', { className: 'button small secondary', text: 'room.waitingRoom.send', attrs: { type: 'submit' } }),
  ]);
  messageForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = messageInput.value.trim();
    if (text && room.send({ type: 'messageWaitingRoom', text })) {
      messageInput.value = '';
      room.notify('room.waitingRoom.messageSent');
    }
  });
  const emptyWaiting = el('p', { className: 'hint', text: 'room.waitingRoom.empty' });
  waitingSection.append(waitingTitle, emptyWaiting, knockList, bulk, messageForm);

  const peopleTitle = el('h3', { attrs: { id: 'people-title' } });
  const peopleList = el('ul', { className: 'people', attrs: { id: 'participant-list', 'data-testid': 'participant-list' } });
  const peopleSection = el('section', { className: 'panel-section', attrs: { 'aria-labelledby': 'people-title' } }, [
    peopleTitle, peopleList]);
  panel.append(waitingSection, peopleSection);

  let openMenu = null;

  function closeMenu(focusButton) {
    if (!openMenu) {
      return false;
    }
    const { menu, trigger } = openMenu;
    menu.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    openMenu = null;
    if (focusButton) {
      trigger.focus();
    }
    return true;
  }

  document.addEventListener('click', (event) => {
    if (openMenu && !openMenu.menu.contains(event.target) && !openMenu.trigger.contains(event.target)) {
      closeMenu(false);
    }
  });

  function action(key, run, args, danger) {
    return el('button', {
      className: `menu-item${danger ? ' danger' : ''}`,
      text: key,
      args,
      attrs: { type: 'button', role: 'menuitem', 'data-action': key.split('.').pop() },
      on: { click: () => { closeMenu(true); run(); } },
    });
  }

  function actionsFor(p) {
    const me = room.state.you;
    const items = [];
    if (p.audio) {
      items.push(action('room.menu.mute', () => room.send({ type: 'mute', participant: p.id })));
    }
    if (p.video) {
      items.push(action('room.menu.stopVideo', () => room.send({ type: 'stopVideo', participant: p.id })));
    }
    if (p.role !== 'HOST' && p.role !== 'COHOST') {
      items.push(p.mayShareScreen
        ? action('room.menu.withdrawShare', () => room.send({ type: 'setScreenShare', participant: p.id, allowed: false }))
        : action('room.menu.allowShare', () => room.send({ type: 'setScreenShare', participant: p.id, allowed: true })));
    }
    if (p.handRaised) {
      items.push(action('room.menu.lowerHand', () => room.send({ type: 'lowerHand', participant: p.id })));
    }
    items.push(action('room.menu.rename', async () => {
      const name = await askText({ titleKey: 'room.rename.titleOther', titleArgs: { name: p.name }, labelKey: 'room.rename.label', value: p.name });
      if (name) {
        room.send({ type: 'renameParticipant', participant: p.id, name });
      }
    }));
    if (me.role === 'HOST' && p.role !== 'HOST') {
      items.push(p.role === 'COHOST'
        ? action('room.menu.makeParticipant', () => room.send({ type: 'setRole', participant: p.id, role: 'PARTICIPANT' }))
        : action('room.menu.makeCohost', () => room.send({ type: 'setRole', participant: p.id, role: 'COHOST' })));
    }
    items.push(action('room.menu.remove', () => {
      if (confirmAction('room.menu.removeConfirm', { name: p.name })) {
        room.send({ type: 'remove', participant: p.id, banRejoin: false });
      }
    }, null, true));
    items.push(action('room.menu.removeBan', () => {
      if (confirmAction('room.menu.removeBanConfirm', { name: p.name })) {
        room.send({ type: 'remove', participant: p.id, banRejoin: true });
      }
    }, null, true));
    return items;
  }

  function menuFor(p) {
    const menuId = `menu-${p.id}`;
    const trigger = el('button', {
      className: 'icon-button',
      attrs: {
        type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId,
        'aria-label': t('room.menu.for', { name: p.name }), title: t('room.menu.for', { name: p.name }),
        'data-testid': 'participant-menu',
      },
    }, [icon('more')]);
    const menu = el('div', { className: 'menu', attrs: { id: menuId, role: 'menu', 'aria-label': p.name } });
    menu.hidden = true;
    trigger.addEventListener('click', () => {
      const wasOpen = openMenu && openMenu.menu === menu;
      closeMenu(false);
      if (wasOpen) {
        return;
      }
      menu.replaceChildren(...actionsFor(p));
      menu.hidden = false;
      trigger.setAttribute('aria-expanded', 'true');
      openMenu = { menu, trigger };
      menu.querySelector('button').focus();
    });
    menu.addEventListener('keydown', (event) => {
      const items = [...menu.querySelectorAll('button')];
      const index = items.indexOf(document.activeElement);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        items[(index + step + items.length) % items.length].focus();
      } else if (event.key === 'Escape') {
        event.stopPropagation();
        closeMenu(true);
      } else if (event.key === 'Tab') {
        closeMenu(false);
      }
    });
    return el('div', { className: 'menu-wrap' }, [trigger, menu]);
  }

  function personRow(p) {
    const me = room.state.you;
    const isMe = p.id === me.id;
    const name = el('span', { className: 'person-name', plain: p.name });
    const title = el('p', { className: 'person-title' }, [name]);
    if (isMe) {
      title.append(el('span', { className: 'hint', text: 'room.youSuffix' }));
    }
    title.append(el('span', { className: `badge ${p.role === 'GUEST' ? 'badge-off' : 'badge-info'}`, text: `room.role.${p.role}` }));
    const meta = el('p', { className: 'person-meta' }, [el('span', { plain: arrivalText(p) })]);
    if (!p.connected) {
      meta.append(el('span', { className: 'badge badge-warning', text: 'room.connection.reconnecting' }));
    }
    const row = el('li', {
      className: 'person',
      attrs: { 'data-testid': 'participant', 'data-participant-id': p.id, 'data-name': p.name, 'data-role': p.role },
    }, [
      el('span', { className: 'avatar', plain: initials(p.name), attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'person-body' }, [title, meta]),
      stateIcons(p),
    ]);
    const mayAct = room.isHost() && !isMe && (me.role === 'HOST' || p.role !== 'HOST');
    if (mayAct) {
      row.append(menuFor(p));
    }
    return row;
  }

  function knockRow(k) {
    const warnings = [];
    if (k.duplicateName) {
      warnings.push('room.knock.duplicateName');
    }
    if (k.reason === 'LINK_IN_USE') {
      warnings.push('room.knock.linkInUse');
    }
    if (k.reason === 'REMOVED_ADDRESS') {
      warnings.push('room.knock.removedAddress');
    }
    return el('li', {
      className: 'person knock',
      attrs: { 'data-testid': 'knock', 'data-participant-id': k.id, 'data-name': k.name },
    }, [
      el('span', { className: 'avatar', plain: initials(k.name), attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'person-body' }, [
        el('p', { className: 'person-title' }, [el('span', { className: 'person-name', plain: k.name })]),
        el('p', { className: 'person-meta' }, [
          el('span', { plain: arrivalText(k) }),
          el('span', { text: 'room.knock.since', args: { time: timeOfDay(k.since) } }),
        ]),
        ...warnings.map((key) => el('p', { className: 'knock-warning', attrs: { 'data-testid': 'knock-warning' } }, [
          icon('alert'), el('span', { text: key })])),
      ]),
      el('div', { className: 'button-row' }, [
        el('button', { className: 'button small primary', text: 'room.knock.admit',
          attrs: { type: 'button', 'data-testid': 'admit' }, on: { click: () => room.send({ type: 'admit', participant: k.id }) } }),
        el('button', { className: 'button small secondary', text: 'room.knock.deny',
          attrs: { type: 'button', 'data-testid': 'deny' }, on: { click: () => room.send({ type: 'deny', participant: k.id }) } }),
      ]),
    ]);
  }

  return {
    closeMenu,

    render() {
      const { participants, waiting } = room.state;
      const host = room.isHost();
      waitingSection.hidden = !host;
      if (host) {
        waitingTitle.textContent = t('room.waitingRoom.title', { count: waiting.length });
        knockList.replaceChildren(...waiting.map(knockRow));
        emptyWaiting.hidden = waiting.length > 0;
        bulk.hidden = waiting.length === 0;
      } else {
        knockList.replaceChildren();
      }
      const focusedMenu = openMenu ? openMenu.menu.id : null;
      closeMenu(false);
      peopleTitle.textContent = t('room.people.title', { count: participants.size });
      peopleList.replaceChildren(...sortPeople(participants.values()).map(personRow));
      if (focusedMenu) {
        const trigger = peopleList.querySelector(`[aria-controls="${CSS.escape(focusedMenu)}"]`);
        if (trigger) {
          trigger.focus();
        }
      }
    },
  };
}
