/**
 * When a meeting happens: the date, time, duration and time-zone fields of the scheduling forms,
 * turning a wall-clock time in a named time zone into the instant the server stores (and back),
 * and describing a meeting's time in the reader's language.
 */

import { el } from '../dom.js';
import { language, t, translate } from '../i18n.js';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240, 480];

/** The browser's own time zone (what a new meeting defaults to). */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) {
    return 'UTC';
  }
}

function zones() {
  let list = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch (e) {
    list = [];
  }
  const all = new Set(list);
  all.add('UTC');
  all.add(browserZone());
  return [...all].sort();
}

/** The wall-clock parts of an instant in a time zone. */
function partsIn(zone, millis) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const v = {};
  for (const p of format.formatToParts(new Date(millis))) {
    v[p.type] = p.value;
  }
  return {
    year: Number(v.year),
    month: Number(v.month),
    day: Number(v.day),
    hour: Number(v.hour) % 24,
    minute: Number(v.minute),
    second: Number(v.second),
  };
}

function offsetAt(zone, millis) {
  const p = partsIn(zone, millis);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(millis / 1000) * 1000;
}

/**
 * The instant (ISO-8601) at which the clocks of a time zone show the given date ("2026-12-01") and
 * time ("09:30"), or null when either is missing or malformed.
 */
export function toInstant(date, time, zone) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  const h = /^(\d{2}):(\d{2})$/.exec(time || '');
  if (!d || !h) {
    return null;
  }
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(h[1]), Number(h[2]));
  let guess = wall - offsetAt(zone, wall);
  guess = wall - offsetAt(zone, guess);
  return new Date(guess).toISOString();
}

const pad = (n) => String(n).padStart(2, '0');

/** The date ("2026-12-01") and time ("09:30") that an instant shows in a time zone. */
export function wallClock(instant, zone) {
  const p = partsIn(zone, new Date(instant).getTime());
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** A date and time in the meeting's own time zone, in the reader's language, naming the zone. */
export function formatIn(instant, zone) {
  if (!instant) {
    return '';
  }
  let text;
  try {
    text = new Intl.DateTimeFormat(language() === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: zone || 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(instant));
  } catch (e) {
    text = new Date(instant).toISOString();
  }
  return `${text} (${zone || 'UTC'})`;
}

/** When a meeting (details or list line) happens, in words; empty for rooms without a time. */
export function describeWhen(meeting) {
  if (meeting.kind === 'PERSONAL') {
    return t('meetings.when.anyTime');
  }
  if (!meeting.startsAt) {
    return '';
  }
  const start = formatIn(meeting.startsAt, meeting.timeZone || browserZone());
  if (meeting.kind === 'RECURRING' && meeting.recurrence && meeting.recurrence !== 'NONE') {
    return t(`meetings.when.${meeting.recurrence}`, { start, count: meeting.recurrenceCount ?? '' });
  }
  return start;
}

function labelled(id, key, control, hint) {
  return el('div', { className: 'field' }, [el('label', { text: key, attrs: { for: id } }), control, hint || null]);
}

/**
 * Builds the schedule fields (date, time, duration, time zone, and repetition for a recurring
 * meeting) into a container.
 *
 * @param {HTMLElement} container where the fields go
 * @param {string} prefix id prefix, so two forms never share ids
 * @param {object} [current] the meeting being edited (its start, duration, zone, recurrence)
 * @returns {{setKind: (kind: string) => void, read: () => object}} read gives the request fields
 *     (null startsAt when the date or time is missing)
 */
export function scheduleFields(container, prefix, current) {
  const zone = (current && current.timeZone) || browserZone();
  let start;
  if (current && current.startsAt) {
    start = wallClock(current.startsAt, zone);
  } else {
    const soon = Date.now() + 60 * 60 * 1000;
    const rounded = Math.ceil(soon / (30 * 60 * 1000)) * 30 * 60 * 1000;
    start = wallClock(new Date(rounded).toISOString(), zone);
  }
  const date = el('input', { attrs: { id: `${prefix}-date`, type: 'date', required: true, value: start.date } });
  const time = el('input', { attrs: { id: `${prefix}-time`, type: 'time', required: true, value: start.time } });
  const duration = el('select', { attrs: { id: `${prefix}-duration` } });
  const minutes = (current && current.durationMinutes) || 60;
  const options = DURATIONS.includes(minutes) ? DURATIONS : [...DURATIONS, minutes].sort((a, b) => a - b);
  for (const m of options) {
    const option = el('option', { attrs: { value: m } });
    if (m < 60 || m % 60 !== 0) {
      translate(option, 'meetings.minutes', { count: m });
    } else {
      translate(option, 'meetings.hours', { count: m / 60 });
    }
    option.selected = m === minutes;
    duration.append(option);
  }
  const zoneSelect = el('select', { attrs: { id: `${prefix}-zone` } });
  const known = zones();
  for (const z of known.includes(zone) ? known : [...known, zone]) {
    zoneSelect.append(el('option', { plain: z, attrs: { value: z, selected: z === zone } }));
  }
  zoneSelect.value = zone;
  const recurrence = el('select', { attrs: { id: `${prefix}-recurrence` } }, [
    el('option', { text: 'meetings.recurrence.WEEKLY', attrs: { value: 'WEEKLY' } }),
    el('option', { text: 'meetings.recurrence.DAILY', attrs: { value: 'DAILY' } }),
  ]);
  if (current && current.recurrence && current.recurrence !== 'NONE') {
    recurrence.value = current.recurrence;
  }
  const count = el('input', {
    attrs: {
      id: `${prefix}-count`,
      type: 'number',
      min: 2,
      max: 366,
      step: 1,
      inputmode: 'numeric',
      value: (current && current.recurrenceCount) || 4,
    },
  });
  const timed = [
    labelled(`${prefix}-date`, 'meetings.field.date', date),
    labelled(`${prefix}-time`, 'meetings.field.time', time),
    labelled(`${prefix}-zone`, 'meetings.field.timeZone', zoneSelect),
  ];
  const durationField = labelled(`${prefix}-duration`, 'meetings.field.duration', duration);
  const repeating = [
    labelled(`${prefix}-recurrence`, 'meetings.field.repeats', recurrence),
    labelled(`${prefix}-count`, 'meetings.field.count', count),
  ];
  container.replaceChildren(...timed, durationField, ...repeating);

  function setKind(kind) {
    const hasTime = kind === 'SCHEDULED' || kind === 'RECURRING';
    for (const f of timed) {
      f.hidden = !hasTime;
    }
    for (const f of repeating) {
      f.hidden = kind !== 'RECURRING';
    }
    container.hidden = kind === 'PERSONAL';
  }

  function read(kind) {
    const body = { durationMinutes: Number(duration.value) };
    if (kind === 'SCHEDULED' || kind === 'RECURRING') {
      body.timeZone = zoneSelect.value;
      body.startsAt = toInstant(date.value, time.value, zoneSelect.value);
    }
    if (kind === 'RECURRING') {
      body.recurrence = recurrence.value;
      body.recurrenceCount = Number.parseInt(count.value, 10) || null;
    }
    return body;
  }

  setKind((current && current.kind) || 'INSTANT');
  return { setKind, read };
}
