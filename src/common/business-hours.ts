// Counting in business hours: a deadline of "8 hours" means 8 hours in which the municipality is open, in its time
// zone, skipping public holidays. Pure functions (Intl only) shared by server and console; the holiday test is handed
// in, so this file needs no holiday data.
import type { OpeningHours, Weekday } from './opening-hours.ts';
import { instantOfFloating, wallClock } from './time-zones.ts';

export interface BusinessCalendar {
  openingHours: OpeningHours;
  /** IANA time zone the opening hours are meant in, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Whether the local calendar day "YYYY-MM-DD" is a public holiday (closed all day). */
  isHoliday(isoDate: string): boolean;
}

/**
 * Thrown when a calendar has no open minute at all (a week without hours, or holidays all year): a deadline in business
 * hours can never be reached, and looping until one is would never end. Callers decide what counts instead.
 */
export class NoBusinessHoursError extends Error {
  constructor() {
    super('The calendar has no business hours: no opening hours on any weekday (or only holidays). Set opening hours first.');
    this.name = 'NoBusinessHoursError';
  }
}

const MINUTE = 60_000;
/** How many days a search walks before it gives up (holidays cannot close more than a few days in a row). */
const MAX_DAYS = 366 * 2;

interface LocalDay {
  y: number;
  m: number; // 1..12
  d: number;
}

/** The instant at which the wall clock in `timeZone` shows minute `minuteOfDay` (0..1440; 1440 is the next midnight) of a local day. */
function instantOf(day: LocalDay, minuteOfDay: number, timeZone: string): number {
  return instantOfFloating(Date.UTC(day.y, day.m - 1, day.d, 0, minuteOfDay), timeZone);
}

function localDayOf(ms: number, timeZone: string): LocalDay {
  const w = wallClock(ms, timeZone);
  return { y: w.y, m: w.m, d: w.d };
}

function shiftDay(day: LocalDay, by: number): LocalDay {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + by));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function isoOf(day: LocalDay): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** A weekday's spans as sorted, merged minute ranges (overlapping spans count once). */
function spansOf(hours: OpeningHours, weekday: number): Array<[number, number]> {
  const raw = (hours[String(weekday) as Weekday] ?? []).map(([a, b]) => [minutesOf(a), minutesOf(b)] as [number, number]);
  raw.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of raw) {
    if (b <= a) continue;
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Whether any weekday has opening hours at all. */
export function hasBusinessHours(hours: OpeningHours): boolean {
  for (let w = 0; w < 7; w++) if (spansOf(hours, w).length) return true;
  return false;
}

/** The open intervals of one local day as UTC instants (none on a holiday). */
function openIntervals(day: LocalDay, cal: BusinessCalendar): Array<[number, number]> {
  const weekday = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  const spans = spansOf(cal.openingHours, weekday);
  if (!spans.length || cal.isHoliday(isoOf(day))) return [];
  return spans.map(([a, b]) => [instantOf(day, a, cal.timeZone), instantOf(day, b, cal.timeZone)]);
}

/** Whether the municipality is open at this instant. */
export function isOpenAt(at: Date, cal: BusinessCalendar): boolean {
  const t = at.getTime();
  return openIntervals(localDayOf(t, cal.timeZone), cal).some(([a, b]) => t >= a && t < b);
}

/**
 * The instant `minutes` business minutes after `start` (before it, for negative minutes: "remind 60 business minutes
 * before due"). Zero returns `start` unchanged. A result that falls at a closing time is that closing time, not the
 * next opening. Throws NoBusinessHoursError when the calendar has no open minute (choice: an error that says what to
 * fix, rather than a null every caller must remember).
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (!Number.isFinite(minutes)) throw new RangeError(`minutes must be a finite number, got ${minutes}`);
  if (minutes === 0) return new Date(start.getTime());
  if (!hasBusinessHours(cal.openingHours)) throw new NoBusinessHoursError();
  const cursor = start.getTime();
  let remaining = Math.abs(minutes) * MINUTE;
  let day = localDayOf(cursor, cal.timeZone);
  const forward = minutes > 0;
  for (let i = 0; i < MAX_DAYS; i++, day = shiftDay(day, forward ? 1 : -1)) {
    const intervals = openIntervals(day, cal);
    if (!forward) intervals.reverse();
    for (const [a, b] of intervals) {
      const from = forward ? Math.max(a, cursor) : a;
      const to = forward ? b : Math.min(b, cursor);
      if (to <= from) continue;
      if (to - from >= remaining) return new Date(forward ? from + remaining : to - remaining);
      remaining -= to - from;
    }
  }
  throw new NoBusinessHoursError();
}

/**
 * Business minutes from `from` to `to` (negative when `to` is earlier); fractions of a minute are kept. Zero when the
 * calendar has no hours at all.
 */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessMinutesBetween(to, from, cal);
  if (a === b || !hasBusinessHours(cal.openingHours)) return 0;
  let total = 0;
  const last = isoOf(localDayOf(b, cal.timeZone));
  for (let day = localDayOf(a, cal.timeZone); ; day = shiftDay(day, 1)) {
    for (const [s, e] of openIntervals(day, cal)) {
      const lo = Math.max(s, a);
      const hi = Math.min(e, b);
      if (hi > lo) total += hi - lo;
    }
    if (isoOf(day) >= last) break;
  }
  return total / MINUTE;
}
