import { describe, expect, it } from 'vitest';
import { collectionDayOf, dueSlots, minutesOfTime } from './reminders.window.ts';

const TZ = 'Europe/Berlin';

describe('which reminder times a run covers', () => {
  it('the two hours before now on the municipality clock, the minute of now included', () => {
    expect(dueSlots(new Date('2026-12-02T18:00:30+01:00'), TZ)).toEqual([{ date: '2026-12-02', from: 16 * 60 + 1, to: 18 * 60 }]);
  });

  it('a run just after midnight covers the evening before too', () => {
    expect(dueSlots(new Date('2026-12-03T00:30:00+01:00'), TZ)).toEqual([
      { date: '2026-12-02', from: 22 * 60 + 31, to: 1439 },
      { date: '2026-12-03', from: 0, to: 30 },
    ]);
  });

  it('the hour the clocks skip in spring is covered by the run after it', () => {
    // 2027-03-28: 02:00 CET becomes 03:00 CEST; a reminder set for 02:30 comes at the run of 03:00
    expect(dueSlots(new Date('2027-03-28T03:00:00+02:00'), TZ)).toEqual([{ date: '2027-03-28', from: 1, to: 180 }]);
  });

  it('the evening before is about the next day, the same morning about that day', () => {
    expect(collectionDayOf('2026-12-31', 'day_before')).toBe('2027-01-01');
    expect(collectionDayOf('2026-12-31', 'same_day')).toBe('2026-12-31');
  });

  it('a time is read as residents type it, and nonsense is refused', () => {
    expect(['18:00', '6:30', '18.15', '07:05:00'].map(minutesOfTime)).toEqual([1080, 390, 1095, 425]);
    expect(['24:00', '18:60', '1800', '', 'abends'].map(minutesOfTime)).toEqual([null, null, null, null, null]);
  });
});
