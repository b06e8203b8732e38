// Opening hours in the console's forms: the week in the order a German clerk reads it (Monday first), and the same
// checks the server makes (time format, a span ends after it starts, no overlaps within a day), so a mistake is named
// at its field before anything is sent. The server checks again; its field pointers land on the same keys.
import type { OpeningHours, Weekday } from '../../../../common/opening-hours.ts';
import type { MessageKey } from '../../i18n.tsx';

/** Monday … Sunday (the stored keys are JavaScript's getDay(): 0 Sunday … 6 Saturday). */
export const WEEK: readonly Weekday[] = ['1', '2', '3', '4', '5', '6', '0'];

export const weekdayLabel: Record<Weekday, MessageKey> = {
  '0': 'inboxSettings.day.0',
  '1': 'inboxSettings.day.1',
  '2': 'inboxSettings.day.2',
  '3': 'inboxSettings.day.3',
  '4': 'inboxSettings.day.4',
  '5': 'inboxSettings.day.5',
  '6': 'inboxSettings.day.6',
};

const HHMM = /^([01]\d|2[0-4]):[0-5]\d$/;

/** The form key of one span's field, the same as a server pointer `/body/<prefix>/<day>/<i>/<0|1>` gives. */
export const spanKey = (prefix: string, day: Weekday, index: number, end: 0 | 1) => `${prefix}.${day}.${index}.${end}`;

/** Local errors of an opening-hours value, as form keys → message keys; empty when it may be sent. */
export function checkOpeningHours(hours: OpeningHours, prefix: string): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const day of WEEK) {
    const spans = hours[day];
    spans.forEach(([from, to], i) => {
      if (!HHMM.test(from)) errors[spanKey(prefix, day, i, 0)] = 'inboxSettings.hours.badTime';
      if (!HHMM.test(to)) errors[spanKey(prefix, day, i, 1)] = 'inboxSettings.hours.badTime';
      else if (HHMM.test(from) && from >= to) errors[spanKey(prefix, day, i, 1)] = 'inboxSettings.hours.endBeforeStart';
    });
    const sorted = spans.map((s, i) => ({ s, i })).sort((a, b) => (a.s[0] < b.s[0] ? -1 : 1));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      const cur = sorted[k];
      if (prev && cur && HHMM.test(cur.s[0]) && HHMM.test(prev.s[1]) && cur.s[0] < prev.s[1]) {
        errors[spanKey(prefix, day, cur.i, 0)] ??= 'inboxSettings.hours.overlap';
      }
    }
  }
  return errors;
}

/** A server error on a span or a day (pointers may name the span, one of its ends, or the whole day). */
export function spanError(errors: Record<string, string>, prefix: string, day: Weekday, index: number, end: 0 | 1): string | undefined {
  return errors[spanKey(prefix, day, index, end)] ?? (end === 0 ? (errors[`${prefix}.${day}.${index}`] ?? errors[`${prefix}.${day}`]) : undefined);
}

/** "90" minutes → "1 h 30 min"; null → "–". */
export function formatMinutes(minutes: number | null, units: { h: string; min: string }): string {
  if (minutes === null || !Number.isFinite(minutes)) return '–';
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest} ${units.min}`;
  return rest === 0 ? `${h} ${units.h}` : `${h} ${units.h} ${rest} ${units.min}`;
}
