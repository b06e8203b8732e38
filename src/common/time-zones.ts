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
