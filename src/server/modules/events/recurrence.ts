// An event's dates: local wall time in the event's IANA zone, and its recurrence (RRULE). Rules are expanded on
// "floating" dates (the local wall time written into a UTC Date), and only then each local time is turned into its UTC
// instant with luxon, so a weekly 10:00 stays 10:00 local across the change to and from summer time.
import { DateTime, IANAZone } from 'luxon';
// rrule is CommonJS: Node's ESM loader sees only its default export (vitest's resolver would hide a named import)
import rrulePkg, { type Options } from 'rrule';
import { EVENT_OCCURRENCES_MAX } from '../../../common/contracts/events.ts';
import type { events } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/errors.ts';

const { Frequency, RRule } = rrulePkg;
type Rule = InstanceType<typeof RRule>;

export type EventRow = typeof events.$inferSelect;
/** What the dates of an event depend on. */
export type EventTiming = Pick<EventRow, 'startsAt' | 'endsAt' | 'timeZone' | 'allDay' | 'rrule'>;

export interface Occurrence {
  start: Date;
  end: Date;
}

/** An open rule (neither COUNT nor UNTIL) stops this long after the first start. */
const OPEN_RULE_YEARS = 2;
const ALLOWED_FREQ = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]);
const DAY = '(?:[+-]?(?:[1-9]|[1-4][0-9]|5[0-3]))?(?:MO|TU|WE|TH|FR|SA|SU)';
const INT_LIST = (max: number) => new RegExp(`^[+-]?\\d{1,${max}}(,[+-]?\\d{1,${max}})*$`);
/** The RRULE parts taken, each with the form of its value (RFC 5545 3.3.10); time parts are not: an event has its time. */
const PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: new RegExp(`^${DAY}(,${DAY})*$`),
  BYMONTHDAY: INT_LIST(2),
  BYMONTH: /^(1[0-2]|[1-9])(,(1[0-2]|[1-9]))*$/,
  BYSETPOS: INT_LIST(3),
  BYWEEKNO: INT_LIST(2),
  BYYEARDAY: INT_LIST(3),
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};

export const isValidZone = (zone: string) => IANAZone.isValidZone(zone);

/** A local "2027-03-20T10:00" (or a date) in `zone` as its UTC instant; null when it is not a real date. */
export function instantOf(local: string, zone: string): Date | null {
  const dt = DateTime.fromISO(local, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

/** The instant as local wall time in `zone`: "2027-03-20T10:00", or the date for all-day events. */
export function localOf(at: Date, zone: string, allDay = false): string {
  const dt = DateTime.fromJSDate(at, { zone });
  return allDay ? dt.toISODate()! : dt.toFormat("yyyy-MM-dd'T'HH:mm");
}

const floating = (dt: DateTime) => new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
const fromFloating = (d: Date, zone: string) =>
  DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
    { zone },
  );

/** The rule over floating dates; a UNTIL in UTC ("…Z") is moved to the local wall time it means in the zone. */
function floatingRule(rrule: string, startsAt: Date, zone: string): Rule {
  const options: Partial<Options> = RRule.parseString(rrule);
  options.dtstart = floating(DateTime.fromJSDate(startsAt, { zone }));
  options.tzid = null;
  const until = /(?:^|;)UNTIL=(\d{8}T\d{6}Z)/.exec(rrule)?.[1];
  if (until) options.until = floating(DateTime.fromFormat(until, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(zone));
  return new RRule(options);
}

/** Length of one occurrence: whole days on the calendar, the rest in real time (a night across a change stays right). */
function lengthOf(event: EventTiming) {
  const start = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone });
  const end = DateTime.fromJSDate(event.endsAt, { zone: event.timeZone });
  return end.diff(start, ['days', 'milliseconds']);
}

function occurrenceAt(local: DateTime, event: EventTiming, length = lengthOf(event)): Occurrence {
  return { start: local.toJSDate(), end: local.plus(length).toJSDate() };
}

/** The occurrences overlapping [from, to), in order (at most EVENT_OCCURRENCES_MAX). */
export function occurrences(event: EventTiming, from: Date, to: Date): Occurrence[] {
  if (!event.rrule) return event.endsAt > from && event.startsAt < to ? [{ start: event.startsAt, end: event.endsAt }] : [];
  const zone = event.timeZone;
  const length = lengthOf(event);
  const span = event.endsAt.getTime() - event.startsAt.getTime();
  // one day of slack on both sides: floating dates are off from instants by the zone's offset
  const after = floating(DateTime.fromJSDate(new Date(from.getTime() - span), { zone }).minus({ days: 1 }));
  const before = floating(DateTime.fromJSDate(to, { zone }).plus({ days: 1 }));
  return floatingRule(event.rrule, event.startsAt, zone)
    .between(after, before, true, (_d, i) => i < EVENT_OCCURRENCES_MAX)
    .map((d) => occurrenceAt(fromFloating(d, zone), event, length))
    .filter((o) => o.end > from && o.start < to);
}

/** All occurrences of the event (rules are bounded: see `normalizeRrule`). */
export function allOccurrences(event: EventTiming): Occurrence[] {
  if (!event.rrule) return [{ start: event.startsAt, end: event.endsAt }];
  const length = lengthOf(event);
  return floatingRule(event.rrule, event.startsAt, event.timeZone)
    .all((_d, i) => i < EVENT_OCCURRENCES_MAX)
    .map((d) => occurrenceAt(fromFloating(d, event.timeZone), event, length));
}

/** The occurrence running at `after` or the next one to start (null: every occurrence has ended). */
export function nextOccurrence(event: EventTiming, after: Date): Occurrence | null {
  if (!event.rrule) return event.endsAt > after ? { start: event.startsAt, end: event.endsAt } : null;
  return allOccurrences(event).find((o) => o.end > after) ?? null;
}

/** Up to `limit` occurrences not yet ended at `after`. */
export function nextOccurrences(event: EventTiming, after: Date, limit: number): Occurrence[] {
  return allOccurrences(event)
    .filter((o) => o.end > after)
    .slice(0, limit);
}

/** When the last occurrence ends. */
export function lastOccurrenceEnd(event: EventTiming): Date {
  const all = allOccurrences(event);
  return all.length ? all[all.length - 1].end : event.endsAt;
}

export const isOver = (event: EventTiming, now: Date) => lastOccurrenceEnd(event) <= now;

/** A given UNTIL as local time in the zone: a UTC time as such, a floating time as local, a date as its last second. */
function untilOf(value: string, zone: string): DateTime {
  if (value.endsWith('Z')) return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(zone);
  if (value.length === 8) return DateTime.fromFormat(value, 'yyyyMMdd', { zone }).endOf('day').startOf('second');
  return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss", { zone });
}

/**
 * Checks an RRULE value (with or without "RRULE:") for an event starting at `startsAt` and answers it as stored:
 * upper-case, and bounded (an open rule gets UNTIL two years after the first start). Refusals name `/rrule`.
 */
export function normalizeRrule(value: string, startsAt: Date, zone: string, allDay: boolean, pointer = '/rrule'): string {
  const rule = value
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  const parts = rule.split(';').filter(Boolean);
  const keys = new Set<string>();
  for (const part of parts) {
    const [key, val, extra] = part.split('=');
    if (!PARTS[key])
      throw invalid(pointer, `"${key}" is not supported in a rule (use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS)`, 'rrule_part');
    if (key === 'FREQ' && !PARTS.FREQ.test(val ?? '')) throw invalid(pointer, 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY', 'rrule_freq');
    if (extra !== undefined || !val || !PARTS[key].test(val)) throw invalid(pointer, `"${part}" is not a valid ${key} value`, 'rrule_value');
    if (keys.has(key)) throw invalid(pointer, `${key} is given twice`, 'rrule_value');
    keys.add(key);
  }
  if (!keys.has('FREQ')) throw invalid(pointer, 'needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY', 'rrule_freq');
  if (keys.has('COUNT') && keys.has('UNTIL')) throw invalid(pointer, 'give COUNT or UNTIL, not both', 'rrule_value');
  const kept = parts.filter((p) => !p.startsWith('UNTIL='));
  const given = parts.find((p) => p.startsWith('UNTIL='))?.slice(6);
  const last = given ? untilOf(given, zone) : keys.has('COUNT') ? null : DateTime.fromJSDate(startsAt, { zone }).plus({ years: OPEN_RULE_YEARS });
  if (last && !last.isValid) throw invalid(pointer, `UNTIL=${given} is not a real date`, 'rrule_value');
  // RFC 5545: UNTIL is a DATE when DTSTART is one, else a UTC time (DTSTART carries a TZID)
  const bounded = last ? [...kept, `UNTIL=${allDay ? last.toFormat('yyyyMMdd') : last.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`].join(';') : kept.join(';');
  const parsed = RRule.parseString(bounded);
  if (parsed.freq === undefined || !ALLOWED_FREQ.has(parsed.freq)) throw invalid(pointer, 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY', 'rrule_freq');
  const count = floatingRule(bounded, startsAt, zone).all((_d, i) => i <= EVENT_OCCURRENCES_MAX).length;
  if (count > EVENT_OCCURRENCES_MAX)
    throw invalid(pointer, `has more than ${EVENT_OCCURRENCES_MAX} dates; end it sooner`, 'rrule_too_many', { maximum: EVENT_OCCURRENCES_MAX });
  if (count === 0) throw invalid(pointer, 'gives no date at all; check UNTIL and the BY parts', 'rrule_empty');
  return bounded;
}
