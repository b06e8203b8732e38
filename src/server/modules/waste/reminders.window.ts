// Which reminder times are due in a run: the minutes of the municipality's wall clock since the run's look-back
// began. A run looks back two hours, so minutes a stopped worker missed are caught up; `last_reminded_for` makes
// sure a day is reminded of once however often a minute is looked at.
import { DateTime } from 'luxon';
import type { WasteReminderDay } from '../../../common/states.ts';

/** How far a run looks back: minutes missed by a stopped or busy worker are caught up within this. */
export const CATCH_UP_MINUTES = 120;

/** Minutes of one local day, from (inclusive) to (inclusive), that a run covers. */
export interface LocalSlot {
  /** The local date, YYYY-MM-DD. */
  date: string;
  from: number;
  to: number;
}

const minuteOf = (d: DateTime) => d.hour * 60 + d.minute;

/**
 * The wall-clock minutes in (now − look-back, now] in the time zone, split at midnight: at most two slots. A wall
 * clock that jumps (daylight saving) is covered: the slots run from the local time of the start to that of now.
 */
export function dueSlots(now: Date, timeZone: string, lookBackMinutes = CATCH_UP_MINUTES): LocalSlot[] {
  const to = DateTime.fromJSDate(now, { zone: timeZone });
  const from = DateTime.fromJSDate(new Date(now.getTime() - lookBackMinutes * 60_000), { zone: timeZone });
  if (!to.isValid || !from.isValid) return [];
  const toDate = to.toISODate()!;
  const fromDate = from.toISODate()!;
  // the start minute itself belonged to the run before
  const first = minuteOf(from) + 1;
  if (fromDate === toDate) return first <= minuteOf(to) ? [{ date: toDate, from: first, to: minuteOf(to) }] : [];
  const slots: LocalSlot[] = [];
  if (first <= 1439) slots.push({ date: fromDate, from: first, to: 1439 });
  slots.push({ date: toDate, from: 0, to: minuteOf(to) });
  return slots;
}

/** The collection day a reminder at a slot's date is about: the next day for the evening before, else the same day. */
export function collectionDayOf(slotDate: string, kind: WasteReminderDay): string {
  if (kind === 'same_day') return slotDate;
  return DateTime.fromISO(slotDate, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
}

/** "HH:MM" for minutes after midnight. */
export const timeOfMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Minutes after midnight for a time as typed: "18:00", "6:30", "18.00", or a browser's "18:00:00"; else null. */
export function minutesOfTime(value: string): number | null {
  const m = /^(\d{1,2})[:.]([0-5]\d)(?::[0-5]\d)?$/.exec(value.trim());
  if (!m || Number(m[1]) > 23) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}
