import { describe, expect, it } from 'vitest';
import { holidaysOf, isHoliday } from './holidays.ts';

describe('public holidays per federal state', () => {
  it('has Tag der Deutschen Einheit everywhere and Fronleichnam only where it is a holiday', () => {
    expect(isHoliday('NW', '2026-10-03')).toBe(true);
    expect(isHoliday('BE', '2026-10-03')).toBe(true);
    expect(isHoliday('NW', '2026-06-04')).toBe(true);
    expect(isHoliday('BE', '2026-06-04')).toBe(false);
    expect(isHoliday('BY', '2026-06-04')).toBe(true);
  });

  it('knows the moving feasts of other years and state-only days', () => {
    expect(isHoliday('NW', '2027-03-26')).toBe(true); // Karfreitag 2027
    expect(isHoliday('NW', '2027-03-29')).toBe(true); // Ostermontag 2027
    expect(isHoliday('SN', '2026-11-18')).toBe(true); // Buß- und Bettag, Sachsen only
    expect(isHoliday('NW', '2026-11-18')).toBe(false);
    expect(isHoliday('BE', '2026-03-08')).toBe(true); // Frauentag, Berlin only
    expect(isHoliday('NW', '2026-11-30')).toBe(false);
  });

  it('lists a year of a state as dates', () => {
    expect([...holidaysOf('NW', 2026)]).toContain('2026-12-26');
    expect(holidaysOf('NW', 2026).size).toBe(11);
  });

  it('refuses something that is not a date', () => {
    expect(() => isHoliday('NW', '3.10.2026')).toThrow(RangeError);
  });
});
