// Dates in the municipality's time zone, whatever the clock of the machine that asks.
import { describe, expect, it } from 'vitest';
import { dateInZone, instantOfWallTime, wallTimeInZone } from './time-zones.ts';

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

describe('wall time in a zone', () => {
  it('shows an instant as Berlin wall time in winter and in summer, whatever the machine zone', () => {
    expect(wallTimeInZone(new Date('2026-12-01T23:30:00Z'), 'Europe/Berlin')).toBe('2026-12-02T00:30');
    expect(wallTimeInZone(new Date('2026-07-01T10:05:00Z'), 'Europe/Berlin')).toBe('2026-07-01T12:05');
    expect(wallTimeInZone(new Date('2026-07-01T10:05:00Z'), 'Pacific/Pago_Pago')).toBe('2026-06-30T23:05');
  });
  it('turns Berlin wall time back into the same instant, in winter and in summer', () => {
    for (const iso of ['2026-12-01T23:30:00.000Z', '2026-07-01T10:05:00.000Z', '2026-03-29T00:59:00.000Z', '2026-10-25T02:00:00.000Z']) {
      expect(instantOfWallTime(wallTimeInZone(new Date(iso), 'Europe/Berlin'), 'Europe/Berlin')?.toISOString()).toBe(iso);
    }
    expect(instantOfWallTime('2026-12-03T17:59', 'Europe/Berlin')?.toISOString()).toBe('2026-12-03T16:59:00.000Z');
    expect(instantOfWallTime('2026-12-03T17:59', 'America/New_York')?.toISOString()).toBe('2026-12-03T22:59:00.000Z');
  });
  it('takes a skipped spring time as that much later and the repeated autumn hour as winter time', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST
    expect(instantOfWallTime('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice
    expect(instantOfWallTime('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });
  it('refuses what is no wall time', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-12-03', '2026-12-03T24:00', 'morgen']) expect(instantOfWallTime(bad, 'Europe/Berlin')).toBeNull();
  });
});
