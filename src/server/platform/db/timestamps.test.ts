import { describe, expect, it } from 'vitest';
import { isoOf, isoOrNull } from './timestamps.ts';

describe('isoOf', () => {
  it('writes what Date writes for every text form PostgreSQL gives in a UTC session', () => {
    for (const text of [
      '2026-12-01 03:05:26+00',
      '2026-12-01 03:05:26.1+00',
      '2026-12-01 03:05:26.12+00',
      '2026-12-01 03:05:26.123456+00',
      '1999-02-28 23:59:59.999999+00',
    ]) {
      expect(isoOf(text)).toBe(new Date(text).toISOString());
    }
  });

  it('reads other offsets, Dates and null through Date', () => {
    expect(isoOf('2026-12-01 04:05:26.5+01')).toBe('2026-12-01T03:05:26.500Z');
    expect(isoOf(new Date(Date.UTC(2026, 11, 1, 3, 5, 26)))).toBe('2026-12-01T03:05:26.000Z');
    expect(isoOrNull(null)).toBeNull();
  });
});
