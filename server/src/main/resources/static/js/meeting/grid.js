/**
 * The stage: one tile per person (their camera, or their initials while it is off, their name and
 * microphone state), our own tile first and mirrored, the active speaker outlined and marked in
 * words. When someone shares a screen it is shown large for everyone, with the people in a strip
 * beside it. Big rooms are shown a page at a time (nine tiles, four on a phone); videos of people on
 * other pages are not attached, so the browser decodes only what it shows. Audio is not played
 * here: every remote microphone has its own player (media.js), whatever the page.
 *
 * Tiles are kept by `${participantId}:${source}` and updated in place, so a video keeps playing
 * while names, icons and the speaker outline change around it.
 */

import { el, icon } from '../dom.js';
import { t, translate } from '../i18n.js';
import { stateIcons } from './participants.js';
import { initials } from './ui.js';

const GRID_PAGE = 9;
const GRID_PAGE_NARROW = 4;
const STRIP_PAGE = 4;
const NARROW = '(max-width: 720px)';

function attach(video, track) {
  if (!track) {
    if (video.srcObject) {
      video.srcObject = null;
    }
    video.hidden = true;
    return false;
  }
  if (!video.srcObject || video.srcObject.getVideoTracks()[0] !== track) {
    video.srcObject = new MediaStream([track]);
  }
  video.hidden = false;
  if (video.paused) {
    video.play().catch(() => {});
  }
  return true;
}

/** Builds the stage into `stage`; returns {render(model), setSpeaker(id), tiles(), destroy()}. */
export function createGrid(stage) {
  const main = el('div', { className: 'stage-main', attrs: { id: 'stage-main', 'data-testid': 'stage-main' } });
  const list = el('ul', { className: 'tiles', attrs: { id: 'tiles', 'data-testid': 'tiles' } });
  const previous = el('button', {
    className: 'icon-button pager-button',
    attrs: { type: 'button', id: 'page-previous', 'data-testid': 'page-previous', 'aria-label': t('media.page.previous'), 'data-i18n-aria-label': 'media.page.previous' },
  }, [icon('arrow-left')]);
  const next = el('button', {
    className: 'icon-button pager-button pager-next',
    attrs: { type: 'button', id: 'page-next', 'data-testid': 'page-next', 'aria-label': t('media.page.next'), 'data-i18n-aria-label': 'media.page.next' },
  }, [icon('arrow-left')]);
  const status = el('span', { className: 'pager-status', attrs: { id: 'page-status', 'data-testid': 'page-status', 'aria-live': 'polite' } });
  const pager = el('nav', { className: 'pager', attrs: { 'aria-label': t('media.page.label'), 'data-i18n-aria-label': 'media.page.label' } }, [previous, status, next]);
  const body = el('div', { className: 'stage-body' }, [main, el('div', { className: 'strip' }, [list, pager])]);
  stage.append(body);

  const narrow = window.matchMedia(NARROW);
  const tiles = new Map();
  let model = null;
  let page = 0;
  let speakerId = null;

  function tileFor(key) {
    let tile = tiles.get(key);
    if (!tile) {
      const video = el('video', { className: 'tile-video' });
      video.muted = true;
      video.autoplay = true;
      video.playsInline = true;
      video.hidden = true;
      tile = {
        key,
        root: el('li', { className: 'tile', attrs: { 'data-testid': 'tile' } }),
        video,
        avatar: el('span', { className: 'tile-avatar', attrs: { 'aria-hidden': 'true' } }),
        name: el('p', { className: 'tile-name' }),
        speaking: el('span', { className: 'tile-speaking', attrs: { 'data-testid': 'speaking' } }, [
          icon('mic'), el('span', { className: 'visually-hidden', text: 'media.speaking' })]),
        icons: null,
      };
      tile.root.append(video, tile.avatar, tile.name, tile.speaking);
      tiles.set(key, tile);
    }
    return tile;
  }

  function drop(key) {
    const tile = tiles.get(key);
    if (tile) {
      attach(tile.video, null);
      tile.root.remove();
      tiles.delete(key);
    }
  }

  /** The track a tile shows, or null for initials. */
  function trackFor(item) {
    const { you, view } = model;
    const own = item.person.id === you.id;
    if (item.source === 'screen') {
      const entry = own ? null : view.remote.get(`${item.person.id}:screen`);
      return own ? view.screen : entry && !entry.track.muted ? entry.track : null;
    }
    if (own) {
      return view.camera;
    }
    const entry = view.remote.get(`${item.person.id}:camera`);
    return item.person.video && entry && !entry.track.muted ? entry.track : null;
  }

  function update(item, where) {
    const p = item.person;
    const own = p.id === model.you.id;
    const tile = tileFor(`${p.id}:${item.source}`);
    const root = tile.root;
    root.className = `tile${item.source === 'screen' ? ' tile-screen' : ''}${p.handRaised ? ' hand' : ''}${p.connected === false ? ' away' : ''}`;
    root.dataset.participantId = p.id;
    root.dataset.source = item.source;
    root.dataset.where = where;
    root.dataset.speaking = String(item.source === 'camera' && p.id === speakerId);
    tile.video.classList.toggle('mirror', own && item.source === 'camera');
    const showing = attach(tile.video, trackFor(item));
    root.dataset.video = String(showing);
    tile.avatar.textContent = initials(p.name);
    tile.avatar.hidden = showing;
    if (item.source === 'screen') {
      tile.name.replaceChildren(el('span', { className: 'tile-label', text: 'media.screenOf', args: { name: p.name } }));
    } else {
      tile.name.replaceChildren(...[el('span', { plain: p.name }), own ? el('span', { className: 'tile-you', text: 'room.youSuffix' }) : null].filter(Boolean));
    }
    const icons = item.source === 'camera' ? stateIcons(p) : el('span', { className: 'state-icons' });
    if (tile.icons) {
      tile.icons.replaceWith(icons);
    } else {
      root.append(icons);
    }
    tile.icons = icons;
    return root;
  }

  /** Puts exactly `wanted` into `box`, in order, moving nodes only when the order changed. */
  function place(box, wanted) {
    const current = [...box.children];
    if (current.length === wanted.length && current.every((node, i) => node === wanted[i])) {
      return;
    }
    box.replaceChildren(...wanted);
    for (const node of wanted) {
      const video = node.querySelector('video');
      if (video && video.srcObject && video.paused) {
        video.play().catch(() => {});
      }
    }
  }

  function render(latest) {
    if (latest) {
      model = latest;
    }
    if (!model) {
      return;
    }
    const { participants, you, view } = model;
    const people = [you, ...[...participants.values()].filter((p) => p.id !== you.id)];
    const screens = people
      .filter((p) => (p.id === you.id ? !!view.screen : p.screen))
      .sort((a, b) => (a.id === you.id) - (b.id === you.id))
      .map((person) => ({ person, source: 'screen' }));
    const presenting = screens.length > 0;
    const strip = [...screens.slice(1), ...people.map((person) => ({ person, source: 'camera' }))];
    const size = presenting ? STRIP_PAGE : narrow.matches ? GRID_PAGE_NARROW : GRID_PAGE;
    const pages = Math.max(1, Math.ceil(strip.length / size));
    page = Math.min(page, pages - 1);
    const shown = strip.slice(page * size, (page + 1) * size);
    const keep = new Set([...shown, ...screens.slice(0, 1)].map((i) => `${i.person.id}:${i.source}`));
    for (const key of [...tiles.keys()]) {
      if (!keep.has(key)) {
        drop(key);
      }
    }
    place(main, presenting ? [update(screens[0], 'stage')] : []);
    place(list, shown.map((item) => update(item, 'grid')));
    stage.dataset.layout = presenting ? 'presenting' : 'grid';
    list.dataset.count = String(presenting ? shown.length : Math.min(shown.length, size));
    pager.hidden = pages < 2;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    translate(status, 'media.page.status', { page: page + 1, pages });
  }

  previous.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    render();
  });
  next.addEventListener('click', () => {
    page += 1;
    render();
  });
  const onResize = () => render();
  narrow.addEventListener('change', onResize);

  return {
    render,

    setSpeaker(id) {
      speakerId = id || null;
      for (const tile of tiles.values()) {
        tile.root.dataset.speaking = String(tile.root.dataset.source === 'camera' && tile.root.dataset.participantId === speakerId);
      }
    },

    /** The tiles on screen: {participantId, source, where ('stage' or 'grid'), video, speaking}. */
    tiles() {
      return [...stage.querySelectorAll('[data-testid=tile]')].map((node) => ({
        participantId: node.dataset.participantId,
        source: node.dataset.source,
        where: node.dataset.where,
        video: node.dataset.video === 'true',
        speaking: node.dataset.speaking === 'true',
      }));
    },

    destroy() {
      narrow.removeEventListener('change', onResize);
      for (const key of [...tiles.keys()]) {
        drop(key);
      }
    },
  };
}
