import type { BusinessHours } from './sla-state.js';

const DAY_MS = 86_400_000;
/** A policy whose windows never open would never be due; a year of searching is the end of that. */
const MAX_DAYS = 366;

/**
 * The instant `durationMs` of business time after `start`: the SLA clock runs only inside the
 * weekly windows, in the policy's time zone (daylight saving included, via Intl).
 */
export function addBusinessTime(start: number, durationMs: number, hours: BusinessHours): number {
  let remaining = durationMs;
  let cursor = start;
  const firstDay = localMidnight(start, hours.timeZone);
  for (let d = 0; d < MAX_DAYS; d++) {
    const dayStart = firstDay + d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    for (const window of hours.windows.filter((w) => w.day === weekday).sort((a, b) => a.start.localeCompare(b.start))) {
      const open = toInstant(dayStart + minutesOf(window.start) * 60_000, hours.timeZone);
      const close = toInstant(dayStart + minutesOf(window.end) * 60_000, hours.timeZone);
      const from = Math.max(open, cursor);
      if (close <= from) continue;
      if (close - from >= remaining) return from + remaining;
      remaining -= close - from;
      cursor = close;
    }
  }
  throw new RangeError('These business hours never open: the SLA could never be met.');
}

/** Checks business hours given by an administrator; returns the problem or undefined. */
export function businessHoursProblem(hours: BusinessHours): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: hours.timeZone });
  } catch {
    return `${hours.timeZone} is not a time zone (use an IANA name like Europe/Amsterdam)`;
  }
  if (hours.windows.length === 0) return 'there must be at least one window';
  for (const w of hours.windows) {
    if (!Number.isInteger(w.day) || w.day < 0 || w.day > 6) return 'day must be 0 (Sunday) to 6 (Saturday)';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(w.start) || !/^([01]\d|2[0-4]):[0-5]\d$/.test(w.end) || minutesOf(w.end) > 24 * 60) return 'times are HH:MM (24:00 for midnight at the end)';
    if (minutesOf(w.end) <= minutesOf(w.start)) return 'a window must end after it starts';
  }
  return undefined;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Local wall-clock time in `timeZone` as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The UTC-based "wall midnight" of the local day holding `instant`. */
function localMidnight(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return wall - (wall % DAY_MS);
}

/** The instant at which the local wall clock shows `wall` (UTC-based ms). */
function toInstant(wall: number, timeZone: string): number {
  const guess = wall - (wallClock(wall, timeZone) - wall);
  return guess - (wallClock(guess, timeZone) - wall);
}
