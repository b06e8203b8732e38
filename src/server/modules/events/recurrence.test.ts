// Recurrence in local wall time: a weekly 10:00 in Berlin stays 10:00 across both daylight-saving changes of 2027,
// open rules are bounded, and bad rules are refused naming the field.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { resolveTiming } from './events.timing.ts';
import { isOver, lastOccurrenceEnd, nextOccurrence, occurrences } from './recurrence.ts';

const berlin = (o: { start: Date }) => DateTime.fromJSDate(o.start, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm");
/** A timed event in Berlin from `startsAt` to `endsAt` (local wall time), repeating by `rrule`. */
const inBerlin = (startsAt: string, endsAt: string, rrule: string | null) =>
  resolveTiming({ startsAt, endsAt, timeZone: 'Europe/Berlin', allDay: false, rrule });
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, pointer: err.errors[0]?.pointer, detail: err.errors[0]?.detail, fieldCode: err.errors[0]?.code };
    throw err;
  }
  throw new Error('not refused');
};

describe('a weekly event across daylight-saving changes', () => {
  const market = inBerlin('2027-03-13T10:00', '2027-03-13T13:00', 'FREQ=WEEKLY;BYDAY=SA;COUNT=40');

  it('stays at 10:00 local time before and after the change to summer time (2027-03-28)', () => {
    const dates = occurrences(market, new Date('2027-03-01T00:00:00Z'), new Date('2027-04-10T00:00:00Z'));
    expect(dates.map(berlin)).toEqual(['2027-03-13T10:00', '2027-03-20T10:00', '2027-03-27T10:00', '2027-04-03T10:00']);
    // the instants move by the offset: 09:00 UTC in winter, 08:00 UTC in summer
    expect(dates[2].start.toISOString()).toBe('2027-03-27T09:00:00.000Z');
    expect(dates[3].start.toISOString()).toBe('2027-04-03T08:00:00.000Z');
    expect(dates[3].end.toISOString()).toBe('2027-04-03T11:00:00.000Z');
  });

  it('stays at 10:00 local time across the change back to winter time (2027-10-31)', () => {
    const dates = occurrences(market, new Date('2027-10-20T00:00:00Z'), new Date('2027-11-10T00:00:00Z'));
    expect(dates.map(berlin)).toEqual(['2027-10-23T10:00', '2027-10-30T10:00', '2027-11-06T10:00']);
    expect(dates[1].start.toISOString()).toBe('2027-10-30T08:00:00.000Z');
    expect(dates[2].start.toISOString()).toBe('2027-11-06T09:00:00.000Z');
  });

  it('tells the occurrence running now, the next one, and when the series ends', () => {
    expect(berlin(nextOccurrence(market, new Date('2027-03-20T10:00:00Z'))!)).toBe('2027-03-20T10:00');
    expect(berlin(nextOccurrence(market, new Date('2027-03-20T12:30:00Z'))!)).toBe('2027-03-27T10:00');
    const last = lastOccurrenceEnd(market);
    expect(DateTime.fromJSDate(last, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe('2027-12-11T13:00');
    expect(isOver(market, new Date('2027-12-11T11:59:00Z'))).toBe(false);
    expect(isOver(market, new Date('2027-12-11T12:00:00Z'))).toBe(true);
    expect(nextOccurrence(market, new Date('2028-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('rules as stored', () => {
  it('bounds an open rule two years after the first start', () => {
    const t = inBerlin('2027-01-05T18:00', '2027-01-05T19:00', 'rrule:freq=weekly;byday=tu');
    expect(t.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20290105T170000Z');
    expect(occurrences(t, new Date('2027-01-01'), new Date('2030-01-01'))).toHaveLength(105);
  });

  it('turns a local UNTIL into UTC for timed events and keeps a date for all-day ones', () => {
    const timed = inBerlin('2027-06-01T10:00', '2027-06-01T11:00', 'FREQ=DAILY;UNTIL=20270603');
    expect(timed.rrule).toBe('FREQ=DAILY;UNTIL=20270603T215959Z');
    expect(occurrences(timed, new Date('2027-05-01'), new Date('2027-07-01')).map(berlin)).toEqual([
      '2027-06-01T10:00',
      '2027-06-02T10:00',
      '2027-06-03T10:00',
    ]);
    const allDay = resolveTiming({ startsAt: '2027-06-01', endsAt: '2027-06-01', timeZone: 'Europe/Berlin', allDay: true, rrule: 'FREQ=MONTHLY;COUNT=3' });
    expect(allDay.endsAt.getTime() - allDay.startsAt.getTime()).toBe(24 * 3600_000);
    expect(occurrences(allDay, new Date('2027-01-01'), new Date('2028-01-01')).map(berlin)).toEqual([
      '2027-06-01T00:00',
      '2027-07-01T00:00',
      '2027-08-01T00:00',
    ]);
  });

  it.each([
    ['FREQ=HOURLY;COUNT=3', 'rrule_freq'],
    ['FREQ=WEEKLY;BYHOUR=10', 'rrule_part'],
    ['BYDAY=MO', 'rrule_freq'],
    ['FREQ=WEEKLY;BYDAY=XX', 'rrule_value'],
    ['FREQ=DAILY;COUNT=501', 'rrule_too_many'],
    ['FREQ=DAILY', 'rrule_too_many'],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20280101', 'rrule_value'],
    ['FREQ=YEARLY;UNTIL=20200101', 'rrule_empty'],
  ])('refuses the rule %s naming /body/rrule', (rrule, fieldCode) => {
    const r = refusal(() => inBerlin('2027-03-13T10:00', '2027-03-13T11:00', rrule));
    expect(r).toMatchObject({ code: 'validation_failed', pointer: '/body/rrule', fieldCode });
  });

  it('refuses an unknown time zone, an end before the start and a date that does not exist', () => {
    const base = { startsAt: '2027-03-13T10:00', endsAt: '2027-03-13T11:00', timeZone: 'Europe/Berlin', allDay: false, rrule: null };
    expect(refusal(() => resolveTiming({ ...base, timeZone: 'Europe/Musterstadt' }))).toMatchObject({ pointer: '/body/timeZone', fieldCode: 'time_zone' });
    expect(refusal(() => resolveTiming({ ...base, endsAt: '2027-03-13T09:00' }))).toMatchObject({ pointer: '/body/endsAt', fieldCode: 'end_before_start' });
    expect(refusal(() => resolveTiming({ ...base, endsAt: '2027-03-13T10:00' }))).toMatchObject({ pointer: '/body/endsAt', fieldCode: 'end_before_start' });
    expect(refusal(() => resolveTiming({ ...base, startsAt: '2027-02-30T10:00' }))).toMatchObject({ pointer: '/body/startsAt', fieldCode: 'invalid_format' });
    expect(refusal(() => resolveTiming({ ...base, allDay: true, startsAt: '2027-03-14', endsAt: '2027-03-13' }))).toMatchObject({ pointer: '/body/endsAt' });
  });
});
