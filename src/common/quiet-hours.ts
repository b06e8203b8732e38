// Quiet hours: a resident's window (minutes of the day, in the municipality's time zone, possibly over midnight) in
// which non-urgent messages wait. Plain functions, shared by the delivery engine and the audience preview.
import { fieldsInZone } from './time-zones.ts';

const DAY = 24 * 60;
const clockFields = fieldsInZone('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Minutes since local midnight of `at` in `timeZone` (with seconds as a fraction). */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = clockFields(at, timeZone);
  return Number(parts.hour) * 60 + Number(parts.minute) + (Number(parts.second) + at.getUTCMilliseconds() / 1000) / 60;
}

/** True when minute `m` of the day lies in [start, end) (a window over midnight wraps). */
export function inQuietWindow(quietStart: number, quietEnd: number, m: number): boolean {
  if (quietStart === quietEnd) return false;
  return quietStart < quietEnd ? m >= quietStart && m < quietEnd : m >= quietStart || m < quietEnd;
}

/**
 * Whether quiet hours hold a message of this kind: a staff message always; a warning when the municipality's policy
 * says so; a code, a confirmation or a test send never.
 */
export function quietHoursApply(kind: string, policy: { ignoreQuietHours: boolean }): boolean {
  if (kind === 'message') return true;
  if (kind === 'warning') return !policy.ignoreQuietHours;
  return false;
}

/**
 * When the resident's quiet hours end, if `now` lies inside them; else null (also when no window is set).
 * Daylight-saving changes inside the wait are corrected for (the end is the wall-clock time `quietEnd`).
 */
export function quietHoursEnd(quietStart: number | null | undefined, quietEnd: number | null | undefined, timeZone: string, now: Date): Date | null {
  if (quietStart == null || quietEnd == null) return null;
  const m = localMinutes(now, timeZone);
  if (!inQuietWindow(quietStart, quietEnd, m)) return null;
  let wait = (quietEnd - m + DAY) % DAY;
  if (wait === 0) return null;
  let end = new Date(now.getTime() + wait * 60_000);
  // across a DST change the wall clock moved by an hour: one correction lands on quietEnd local time
  const drift = (quietEnd - localMinutes(end, timeZone) + DAY) % DAY;
  if (drift > 0.01 && drift < DAY - 0.01) {
    wait += drift > DAY / 2 ? drift - DAY : drift;
    end = new Date(now.getTime() + wait * 60_000);
  }
  return end;
}

/**
 * How many of these quiet windows hold a message sent `now` (for the console's "will wait for quiet hours").
 * Takes the follows' windows so the audience preview counts without another query.
 */
export function countWaiting(windows: Array<{ quietStart: number | null; quietEnd: number | null }>, timeZone: string, now: Date = new Date()): number {
  const m = localMinutes(now, timeZone);
  let n = 0;
  for (const w of windows) if (w.quietStart != null && w.quietEnd != null && inQuietWindow(w.quietStart, w.quietEnd, m)) n++;
  return n;
}
