import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, isOpenAt, NoBusinessHoursError } from './business-hours.ts';
import { DEFAULT_OPENING_HOURS, type OpeningHours } from './opening-hours.ts';

// the holiday data lives on the server (feiertagejs); here the days are handed in as the calendar does
const NW_HOLIDAYS = new Set(['2025-10-03', '2026-06-04', '2026-10-03', '2026-12-25', '2026-12-26']);
const BE_HOLIDAYS = new Set(['2025-10-03', '2026-10-03', '2026-12-25', '2026-12-26']);
const calendar = (overrides: Partial<BusinessCalendar> = {}, holidays: Set<string> = NW_HOLIDAYS): BusinessCalendar => ({
  openingHours: DEFAULT_OPENING_HOURS,
  timeZone: 'Europe/Berlin',
  isHoliday: (d) => holidays.has(d),
  ...overrides,
});
const at = (iso: string) => new Date(iso);
const NONE: OpeningHours = { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] };

describe('counting deadlines in business hours', () => {
  it('carries what does not fit on Friday morning over the weekend to Monday', () => {
    // Friday 27 Nov 2026 11:30 in Berlin (CET), open Friday 08–12 and Monday from 08:00
    expect(addBusinessMinutes(at('2026-11-27T11:30:00+01:00'), 120, calendar()).toISOString()).toBe(at('2026-11-30T09:30:00+01:00').toISOString());
  });

  it('ends at the closing time when the minutes run out exactly then', () => {
    expect(addBusinessMinutes(at('2026-11-27T11:30:00+01:00'), 30, calendar()).toISOString()).toBe(at('2026-11-27T12:00:00+01:00').toISOString());
  });

  it('starts counting at the next opening when the clock starts outside the hours', () => {
    expect(addBusinessMinutes(at('2026-11-28T10:00:00+01:00'), 60, calendar()).toISOString()).toBe(at('2026-11-30T09:00:00+01:00').toISOString());
  });

  it('skips the lunch break between two spans of a day', () => {
    const hours: OpeningHours = {
      ...NONE,
      '1': [
        ['13:00', '16:00'],
        ['08:00', '12:00'],
      ],
    };
    expect(addBusinessMinutes(at('2026-11-30T11:30:00+01:00'), 60, calendar({ openingHours: hours })).toISOString()).toBe(
      at('2026-11-30T13:30:00+01:00').toISOString(),
    );
  });

  it('skips Tag der Deutschen Einheit (3 October) in every state', () => {
    // Thursday 2 Oct 2025 15:00, open until 16:00; Friday 3 Oct is a holiday; Monday from 08:00
    const start = at('2025-10-02T15:00:00+02:00');
    for (const holidays of [NW_HOLIDAYS, BE_HOLIDAYS])
      expect(addBusinessMinutes(start, 120, calendar({}, holidays)).toISOString()).toBe(at('2025-10-06T09:00:00+02:00').toISOString());
  });

  it('skips Fronleichnam in Nordrhein-Westfalen but not in Berlin', () => {
    // Wednesday 3 Jun 2026 17:00, open until 18:00; Thursday 4 Jun is Fronleichnam
    const start = at('2026-06-03T17:00:00+02:00');
    expect(addBusinessMinutes(start, 120, calendar({}, NW_HOLIDAYS)).toISOString()).toBe(at('2026-06-05T09:00:00+02:00').toISOString());
    expect(addBusinessMinutes(start, 120, calendar({}, BE_HOLIDAYS)).toISOString()).toBe(at('2026-06-04T09:00:00+02:00').toISOString());
  });

  it('keeps the wall-clock opening time across the change to summer time', () => {
    // Friday 27 Mar 2026 11:00 CET (+01:00); clocks go forward on Sunday 29 Mar; Monday opens 08:00 CEST (+02:00)
    const due = addBusinessMinutes(at('2026-03-27T11:00:00+01:00'), 120, calendar());
    expect(due.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('keeps the wall-clock opening time across the change back to winter time', () => {
    const due = addBusinessMinutes(at('2026-10-23T11:30:00+02:00'), 120, calendar());
    expect(due.toISOString()).toBe('2026-10-26T08:30:00.000Z');
  });

  it('counts the short day of the change to summer time as 23 hours', () => {
    const always: OpeningHours = { ...NONE, '0': [['00:00', '24:00']] };
    const cal = calendar({ openingHours: always });
    expect(businessMinutesBetween(at('2026-03-28T12:00:00+01:00'), at('2026-03-30T12:00:00+02:00'), cal)).toBe(23 * 60);
    expect(addBusinessMinutes(at('2026-03-29T00:00:00+01:00'), 23 * 60, cal).toISOString()).toBe(at('2026-03-30T00:00:00+02:00').toISOString());
  });

  it('returns the start for zero minutes and counts backwards for negative minutes', () => {
    const start = at('2026-11-28T10:00:00+01:00');
    expect(addBusinessMinutes(start, 0, calendar()).getTime()).toBe(start.getTime());
    expect(addBusinessMinutes(at('2026-11-30T09:30:00+01:00'), -120, calendar()).toISOString()).toBe(at('2026-11-27T11:30:00+01:00').toISOString());
    // backwards from a closed time starts at the last closing
    expect(addBusinessMinutes(at('2026-11-28T10:00:00+01:00'), -30, calendar()).toISOString()).toBe(at('2026-11-27T11:30:00+01:00').toISOString());
  });

  it('refuses a week without any hours instead of looping for ever', () => {
    expect(() => addBusinessMinutes(at('2026-11-27T11:30:00+01:00'), 60, calendar({ openingHours: NONE }))).toThrow(NoBusinessHoursError);
    expect(() => addBusinessMinutes(at('2026-11-27T11:30:00+01:00'), -60, calendar({ openingHours: NONE }))).toThrow(NoBusinessHoursError);
    // hours on paper, but every day a holiday: the search gives up after two years
    expect(() => addBusinessMinutes(at('2026-11-27T11:30:00+01:00'), 60, calendar({ isHoliday: () => true }))).toThrow(NoBusinessHoursError);
    expect(businessMinutesBetween(at('2026-11-27T11:30:00+01:00'), at('2026-12-27T11:30:00+01:00'), calendar({ openingHours: NONE }))).toBe(0);
  });

  it('measures business minutes between two instants in both directions', () => {
    const friday = at('2026-11-27T11:30:00+01:00');
    const monday = at('2026-11-30T09:30:00+01:00');
    expect(businessMinutesBetween(friday, monday, calendar())).toBe(120);
    expect(businessMinutesBetween(monday, friday, calendar())).toBe(-120);
    // a whole default week: 8 + 8 + 10 + 8 + 4 hours
    expect(businessMinutesBetween(at('2026-11-30T00:00:00+01:00'), at('2026-12-07T00:00:00+01:00'), calendar())).toBe(38 * 60);
    // Christmas: Friday 25 and Saturday 26 Dec are holidays, so that week has 8 + 8 + 10 + 8 hours
    expect(businessMinutesBetween(at('2026-12-21T00:00:00+01:00'), at('2026-12-28T00:00:00+01:00'), calendar())).toBe(34 * 60);
  });

  it('tells whether the municipality is open at an instant, in its own time zone', () => {
    expect(isOpenAt(at('2026-11-30T07:59:00+01:00'), calendar())).toBe(false);
    expect(isOpenAt(at('2026-11-30T08:00:00+01:00'), calendar())).toBe(true);
    expect(isOpenAt(at('2026-11-30T16:00:00+01:00'), calendar())).toBe(false);
    expect(isOpenAt(at('2026-10-03T10:00:00+02:00'), calendar())).toBe(false);
    // 08:30 in Berlin is 07:30 in London: closed there
    expect(isOpenAt(at('2026-11-30T08:30:00+01:00'), calendar({ timeZone: 'Europe/London' }))).toBe(false);
  });
});
