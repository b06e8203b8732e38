// The editor's recurrence builder (keine / täglich / wöchentlich an Wochentagen / monatlich; Intervall; bis Datum oder
// Anzahl) as an RFC 5545 RRULE value and back. A rule the builder cannot show (made through the API, e.g. with
// BYMONTHDAY) stays "eigene Regel" with its text, so opening and saving an event never changes its series silently.
import { DateTime } from 'luxon';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const FREQUENCIES = ['none', 'daily', 'weekly', 'monthly', 'custom'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Recurrence {
  freq: Frequency;
  /** Every n days, weeks or months (text as typed). */
  interval: string;
  weekdays: Weekday[];
  end: 'count' | 'until';
  count: string;
  /** The last day (yyyy-mm-dd, the event's local calendar day). */
  until: string;
  /** The rule as text, for `custom`. */
  custom: string;
}

export const NO_RECURRENCE: Recurrence = { freq: 'none', interval: '1', weekdays: [], end: 'count', count: '10', until: '', custom: '' };

const FREQ_NAMES: Record<'daily' | 'weekly' | 'monthly', string> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY' };

/** A problem the builder finds before sending (the server checks the rule again). */
export type RecurrenceProblem = 'interval' | 'count' | 'until' | 'custom' | null;

export function recurrenceProblem(r: Recurrence): RecurrenceProblem {
  if (r.freq === 'none') return null;
  if (r.freq === 'custom')
    return /^[A-Z]+=/.test(
      r.custom
        .trim()
        .replace(/^RRULE:/i, '')
        .toUpperCase(),
    )
      ? null
      : 'custom';
  if (!/^\d{1,3}$/.test(r.interval.trim()) || Number(r.interval) < 1) return 'interval';
  if (r.end === 'count' && (!/^\d{1,4}$/.test(r.count.trim()) || Number(r.count) < 1)) return 'count';
  if (r.end === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(r.until)) return 'until';
  return null;
}

/**
 * The RRULE value (without "RRULE:") or null for a single date. UNTIL is the end of the chosen local day: a date for
 * an all-day event, else that instant in UTC, as RFC 5545 demands next to a DTSTART with a TZID.
 */
export function toRrule(r: Recurrence, timeZone: string, allDay: boolean): string | null {
  if (r.freq === 'none') return null;
  if (r.freq === 'custom') return r.custom.trim().replace(/^RRULE:/i, '') || null;
  const parts = [`FREQ=${FREQ_NAMES[r.freq]}`];
  const interval = Number(r.interval.trim());
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (r.freq === 'weekly' && r.weekdays.length) parts.push(`BYDAY=${WEEKDAYS.filter((d) => r.weekdays.includes(d)).join(',')}`);
  if (r.end === 'count') parts.push(`COUNT=${Number(r.count.trim())}`);
  else parts.push(`UNTIL=${untilValue(r.until, timeZone, allDay)}`);
  return parts.join(';');
}

function untilValue(day: string, timeZone: string, allDay: boolean): string {
  if (allDay) return day.replaceAll('-', '');
  const end = DateTime.fromISO(`${day}T23:59:59`, { zone: timeZone });
  return end.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** The builder's state for a stored rule; anything it cannot show becomes `custom`. */
export function fromRrule(rule: string | null | undefined, timeZone: string): Recurrence {
  if (!rule) return NO_RECURRENCE;
  const text = rule.trim().replace(/^RRULE:/i, '');
  const custom = { ...NO_RECURRENCE, freq: 'custom' as const, custom: text };
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || rest.length || fields.has(key.toUpperCase())) return custom;
    fields.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = (Object.entries(FREQ_NAMES).find(([, name]) => name === fields.get('FREQ'))?.[0] ?? null) as Recurrence['freq'] | null;
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL']);
  if (!freq || [...fields.keys()].some((k) => !known.has(k)) || (fields.has('COUNT') && fields.has('UNTIL'))) return custom;
  const weekdays = (fields.get('BYDAY')?.split(',') ?? []) as Weekday[];
  if (weekdays.some((d) => !WEEKDAYS.includes(d)) || (weekdays.length && freq !== 'weekly')) return custom;
  const interval = fields.get('INTERVAL') ?? '1';
  const count = fields.get('COUNT');
  const until = fields.get('UNTIL');
  const day = until ? untilDay(until, timeZone) : null;
  if (!/^\d+$/.test(interval) || (count !== undefined && !/^\d+$/.test(count)) || (until !== undefined && !day) || (!count && !until)) return custom;
  return { ...NO_RECURRENCE, freq, interval, weekdays, end: until ? 'until' : 'count', count: count ?? NO_RECURRENCE.count, until: day ?? '' };
}

/** UNTIL (a date, or a UTC or floating date-time) as the local calendar day it ends. */
function untilDay(value: string, timeZone: string): string | null {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (date) return `${date[1]}-${date[2]}-${date[3]}`;
  const time = /^(\d{8}T\d{6})(Z?)$/.exec(value);
  if (!time) return null;
  const at = DateTime.fromFormat(time[1], "yyyyMMdd'T'HHmmss", { zone: time[2] ? 'utc' : timeZone });
  return at.isValid ? at.setZone(timeZone).toISODate() : null;
}

/** The weekday of a local date-time input (yyyy-mm-ddThh:mm or yyyy-mm-dd), for the builder's default. */
export function weekdayOf(local: string): Weekday | null {
  const at = DateTime.fromISO(local);
  return at.isValid ? WEEKDAYS[at.weekday - 1] : null;
}
