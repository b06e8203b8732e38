// Dates in the municipality's time zone, whatever the clock of the machine that asks.
import { describe, expect, it } from 'vitest';
import { dateInZone } from './time-zones.ts';

describe('dateInZone', () => {
  it('is the next day in Berlin an hour before midnight UTC, and the same day in UTC', () => {
    const late = new Date('2026-12-01T23:30:00Z');
    expect(dateInZone(late, 'Europe/Berlin')).toBe('2026-12-02');
    expect(dateInZone(late, 'UTC')).toBe('2026-12-01');
  });
  it('counts days back across a month and a daylight-saving change', () => {
    expect(dateInZone(new Date('2026-12-01T23:30:00Z'), 'Europe/Berlin', 29)).toBe('2026-11-03');
    // 29 March 2026, 00:30 in Berlin (CET, before the clocks go forward at 02:00)
    expect(dateInZone(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin', 1)).toBe('2026-03-28');
    expect(dateInZone(new Date('2026-03-30T10:00:00Z'), 'Europe/Berlin', 2)).toBe('2026-03-28');
  });
});
