import { describe, expect, it } from 'vitest';
import { fromRrule, NO_RECURRENCE, type Recurrence, recurrenceProblem, toRrule, weekdayOf } from './recurrence.ts';

const weekly: Recurrence = { ...NO_RECURRENCE, freq: 'weekly', weekdays: ['TH', 'TU'], interval: '2', end: 'count', count: '6' };

describe('the recurrence builder', () => {
  it('a single date has no rule', () => {
    expect(toRrule(NO_RECURRENCE, 'Europe/Berlin', false)).toBeNull();
    expect(fromRrule(null, 'Europe/Berlin')).toEqual(NO_RECURRENCE);
  });

  it('"every second week on Tuesday and Thursday, 6 times" is one RRULE with the days in calendar order', () => {
    expect(toRrule(weekly, 'Europe/Berlin', false)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6');
  });

  it('"until 31 March" ends at the end of that day in the event’s time zone, in UTC', () => {
    const r: Recurrence = { ...NO_RECURRENCE, freq: 'monthly', end: 'until', until: '2027-03-31' };
    // 31 March 2027 is summer time in Berlin (UTC+2)
    expect(toRrule(r, 'Europe/Berlin', false)).toBe('FREQ=MONTHLY;UNTIL=20270331T215959Z');
    expect(toRrule(r, 'Europe/Berlin', true)).toBe('FREQ=MONTHLY;UNTIL=20270331');
  });

  it('a stored rule opens in the builder as it was made', () => {
    expect(fromRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6', 'Europe/Berlin')).toMatchObject({
      freq: 'weekly',
      interval: '2',
      weekdays: ['TU', 'TH'],
      end: 'count',
      count: '6',
    });
    expect(fromRrule('FREQ=MONTHLY;UNTIL=20270331T215959Z', 'Europe/Berlin')).toMatchObject({ freq: 'monthly', end: 'until', until: '2027-03-31' });
    expect(fromRrule('RRULE:FREQ=DAILY;UNTIL=20261224', 'Europe/Berlin')).toMatchObject({ freq: 'daily', end: 'until', until: '2026-12-24' });
  });

  it('a rule the builder cannot show stays as text', () => {
    for (const rule of ['FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3', 'FREQ=YEARLY;COUNT=2', 'FREQ=WEEKLY;BYDAY=1MO;COUNT=2', 'FREQ=DAILY']) {
      expect(fromRrule(rule, 'Europe/Berlin')).toMatchObject({ freq: 'custom', custom: rule });
    }
    expect(toRrule({ ...NO_RECURRENCE, freq: 'custom', custom: 'RRULE:FREQ=YEARLY;COUNT=2' }, 'UTC', false)).toBe('FREQ=YEARLY;COUNT=2');
  });

  it('says which part is missing before anything is sent', () => {
    expect(recurrenceProblem({ ...weekly, interval: '0' })).toBe('interval');
    expect(recurrenceProblem({ ...weekly, count: '' })).toBe('count');
    expect(recurrenceProblem({ ...weekly, end: 'until', until: '' })).toBe('until');
    expect(recurrenceProblem({ ...NO_RECURRENCE, freq: 'custom', custom: 'jeden Dienstag' })).toBe('custom');
    expect(recurrenceProblem(weekly)).toBeNull();
  });

  it('knows the weekday of the start for the default', () => {
    expect(weekdayOf('2026-12-01T18:00')).toBe('TU');
    expect(weekdayOf('')).toBeNull();
  });
});
