// The figures' period in the municipality's days.
import { dateInZone } from '../../../../common/time-zones.ts';

/**
 * The last `days` days up to today, both inclusive, in the municipality's days as the server counts them: the browser's
 * own date differs near midnight, or on a laptop set to another zone.
 */
export function lastDays(days: number, timeZone: string, now = new Date()): { from: string; to: string } {
  return { from: dateInZone(now, timeZone, days - 1), to: dateInZone(now, timeZone) };
}
