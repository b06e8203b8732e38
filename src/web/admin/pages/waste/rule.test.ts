import { describe, expect, it } from 'vitest';
import { fromRrule, toRrule } from './rule.ts';

describe('the schedule rule builder', () => {
  it('writes every n weeks on a weekday and the nth weekday of a month as RRULEs', () => {
    expect(toRrule({ kind: 'weekly', interval: 1, day: 'TH' })).toBe('FREQ=WEEKLY;BYDAY=TH');
    expect(toRrule({ kind: 'weekly', interval: 2, day: 'MO' })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO');
    expect(toRrule({ kind: 'monthly', nth: 1, day: 'FR' })).toBe('FREQ=MONTHLY;BYDAY=1FR');
    expect(toRrule({ kind: 'custom', rrule: 'RRULE:FREQ=DAILY;COUNT=3' })).toBe('FREQ=DAILY;COUNT=3');
  });

  it('reads back what it wrote, and keeps any other rule as text', () => {
    for (const r of ['FREQ=WEEKLY;BYDAY=TH', 'FREQ=WEEKLY;INTERVAL=4;BYDAY=SA', 'FREQ=MONTHLY;BYDAY=2WE']) expect(toRrule(fromRrule(r))).toBe(r);
    expect(fromRrule('FREQ=WEEKLY;BYDAY=TH,FR')).toEqual({ kind: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=TH,FR' });
    expect(fromRrule('FREQ=WEEKLY;INTERVAL=9;BYDAY=TH')).toMatchObject({ kind: 'custom' });
  });
});
