// An instant's fields in a time zone. Each function keeps its formatter per zone (one map lookup on the hot path:
// quiet hours are checked per recipient); the formatter itself comes from the one memo in date-format.ts.
import { dateFormat } from './date-format.ts';

/**
 * The fields of an instant in a time zone by type (`{ hour: '09', minute: '05', … }`), as a formatter with these
 * options shows them.
 */
export function fieldsInZone(locale: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>) {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (at: Date | number, timeZone: string): Record<string, string> => {
    let f = made.get(timeZone);
    if (!f) {
      f = dateFormat(locale, { ...options, timeZone });
      made.set(timeZone, f);
    }
    return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  };
}

const DAY_MS = 86_400_000;

/**
 * The calendar date ("YYYY-MM-DD") in `timeZone` at the instant `at`, `daysBack` days earlier. The console asks for
 * periods in the municipality's days: the browser's own clock may already be on another date (23:30 UTC is the next
 * day in Berlin).
 */
export function dateInZone(at: Date | number, timeZone: string, daysBack = 0): string {
  const day = dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return daysBack ? new Date(Date.parse(`${day}T00:00:00Z`) - daysBack * DAY_MS).toISOString().slice(0, 10) : day;
}

const wallClockFields = fieldsInZone('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The wall-clock fields of an instant in a time zone, as numbers (month 1..12). */
export function wallClock(ms: number, timeZone: string) {
  const p = wallClockFields(ms, timeZone);
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** Offset of the zone from UTC at an instant, in ms (Berlin: +1 h in winter, +2 h in summer). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `floating` (a wall time written as if it were UTC). A time
 * the clock skips in spring is moved on by the jump (02:30 → 03:30 summer time); of the hour shown twice in autumn,
 * the second (winter time) is meant.
 */
export function instantOfFloating(floating: number, timeZone: string): number {
  const first = floating - offsetAt(floating, timeZone);
  const second = floating - offsetAt(first, timeZone);
  if (first === second) return first;
  // the two guesses straddle a change: take the one whose wall clock really shows the time, else the later one
  const earlier = Math.min(first, second);
  return floating - offsetAt(earlier, timeZone) === earlier ? earlier : Math.max(first, second);
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The wall time ("YYYY-MM-DDTHH:mm") that the instant `at` shows in `timeZone`: what a `datetime-local` field shows for
 * it. The console enters and shows times in the municipality's zone, as the residents read them, whatever zone the
 * browser is set to.
 */
export function wallTimeInZone(at: Date | number, timeZone: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const d = new Date(ms + offsetAt(ms, timeZone));
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The instant that the wall time `wall` ("YYYY-MM-DDTHH:mm[:ss]") means in `timeZone` (instantOfFloating); null when it is no such time. */
export function instantOfWallTime(wall: string, timeZone: string): Date | null {
  const m = WALL_TIME.exec(wall);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
  const floating = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(floating);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return new Date(instantOfFloating(floating, timeZone));
}
