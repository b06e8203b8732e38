// An event's times as staff enter them (local wall time in an IANA zone, or dates for all-day events, plus an RRULE)
// checked and turned into what is stored: UTC instants of the first occurrence and a bounded rule. Refusals are 400
// problem+json naming the field.
import { DateTime } from 'luxon';
import type { FieldError } from '../../platform/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { type EventTiming, instantOf, isValidZone, localOf, normalizeRrule } from './recurrence.ts';

export interface TimingInput {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  rrule: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const fail = (pointer: string, detail: string, code: string) =>
  new AppError('validation_failed', 'The event has invalid fields.', [{ pointer, detail, code } satisfies FieldError]);

/** The stored timing as the local input it came from (all-day: the last day, inclusive). */
export function timingInputOf(e: EventTiming): TimingInput {
  const endsAt = e.allDay ? DateTime.fromJSDate(e.endsAt, { zone: e.timeZone }).minus({ days: 1 }).toJSDate() : e.endsAt;
  return {
    startsAt: localOf(e.startsAt, e.timeZone, e.allDay),
    endsAt: localOf(endsAt, e.timeZone, e.allDay),
    timeZone: e.timeZone,
    allDay: e.allDay,
    rrule: e.rrule,
  };
}

/** Local input → stored timing: all-day events run from the first day's midnight to the midnight after the last day. */
export function resolveTiming(input: TimingInput, base = '/body'): EventTiming {
  const zone = input.timeZone;
  if (!isValidZone(zone)) throw fail(`${base}/timeZone`, `"${zone}" is not a known IANA time zone (e.g. Europe/Berlin)`, 'time_zone');
  const startLocal = input.allDay ? input.startsAt.slice(0, 10) : input.startsAt;
  const endLocal = input.allDay ? input.endsAt.slice(0, 10) : input.endsAt;
  if (!input.allDay && (DATE.test(startLocal) || DATE.test(endLocal))) {
    const pointer = DATE.test(startLocal) ? 'startsAt' : 'endsAt';
    throw fail(`${base}/${pointer}`, 'needs a time (2027-03-20T10:00), or set allDay', 'invalid_format');
  }
  const startsAt = instantOf(startLocal, zone);
  if (!startsAt) throw fail(`${base}/startsAt`, `"${input.startsAt}" is not a real date`, 'invalid_format');
  const endBase = instantOf(endLocal, zone);
  if (!endBase) throw fail(`${base}/endsAt`, `"${input.endsAt}" is not a real date`, 'invalid_format');
  const endsAt = input.allDay ? DateTime.fromJSDate(endBase, { zone }).plus({ days: 1 }).toJSDate() : endBase;
  if (endsAt <= startsAt) throw fail(`${base}/endsAt`, 'must be after the start', 'end_before_start');
  const rrule = input.rrule ? normalizeRrule(input.rrule, startsAt, zone, input.allDay, `${base}/rrule`) : null;
  return { startsAt, endsAt, timeZone: zone, allDay: input.allDay, rrule };
}
