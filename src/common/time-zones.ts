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
