// The console's own checks of opening hours name the same mistakes the server refuses, at the field that has them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, type OpeningHours } from '../../../../common/opening-hours.ts';
import { lastDays } from '../analytics/period.ts';
import { niceMax } from '../analytics/SeriesChart.tsx';
import { checkOpeningHours, formatMinutes, spanError } from './hours.ts';

const week = (monday: Array<[string, string]>): OpeningHours => ({ ...DEFAULT_OPENING_HOURS, '1': monday });
/** The problems found in a week whose Monday has these spans. */
const mondayErrors = (...spans: Array<[string, string]>) => checkOpeningHours(week(spans), 'openingHours');

describe('opening hours in the console', () => {
  it('takes a usual week and a day with a lunch break', () => {
    expect(checkOpeningHours(DEFAULT_OPENING_HOURS, 'openingHours')).toEqual({});
    expect(mondayErrors(['08:00', '12:00'], ['13:00', '24:00'])).toEqual({});
  });

  it('names a bad time, an end before the start and an overlap at their own field', () => {
    expect(mondayErrors(['8', '12:00'])).toEqual({ 'openingHours.1.0.0': 'inboxSettings.hours.badTime' });
    expect(mondayErrors(['12:00', '08:00'])).toEqual({ 'openingHours.1.0.1': 'inboxSettings.hours.endBeforeStart' });
    expect(mondayErrors(['12:00', '12:00'])).toEqual({ 'openingHours.1.0.1': 'inboxSettings.hours.endBeforeStart' });
    // the later span (by time, not by place in the list) is the one that overlaps
    expect(mondayErrors(['11:00', '16:00'], ['08:00', '12:00'])).toEqual({ 'openingHours.1.0.0': 'inboxSettings.hours.overlap' });
    expect(mondayErrors(['08:00', '12:00'], ['12:00', '16:00'])).toEqual({});
  });

  it('puts a server error on a whole span or day at the span start', () => {
    expect(spanError({ 'openingHours.3.1': 'x' }, 'openingHours', '3', 1, 0)).toBe('x');
    expect(spanError({ 'openingHours.3.1': 'x' }, 'openingHours', '3', 1, 1)).toBeUndefined();
    expect(spanError({ 'openingHours.3': 'y' }, 'openingHours', '3', 0, 0)).toBe('y');
    expect(spanError({ 'openingHours.3.0.1': 'z' }, 'openingHours', '3', 0, 1)).toBe('z');
  });
});

describe('figures formatting', () => {
  it('says minutes as hours and minutes', () => {
    const units = { h: 'Std.', min: 'Min.' };
    expect(formatMinutes(null, units)).toBe('–');
    expect(formatMinutes(45.4, units)).toBe('45 Min.');
    expect(formatMinutes(120, units)).toBe('2 Std.');
    expect(formatMinutes(135, units)).toBe('2 Std. 15 Min.');
  });

  it('rounds the chart top up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 40, 51, 999].map(niceMax)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 100, 1000]);
  });
});

describe('the figures period', () => {
  it('counts the municipality’s days, not the browser’s: at 23:30 UTC Berlin is on the next day', () => {
    const late = new Date('2026-12-01T23:30:00Z');
    expect(lastDays(30, 'Europe/Berlin', late)).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(lastDays(7, 'Europe/Berlin', late)).toEqual({ from: '2026-11-26', to: '2026-12-02' });
    expect(lastDays(1, 'UTC', late)).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });
});
