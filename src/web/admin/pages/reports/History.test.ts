// The history's events in words, from the fields reports.service writes, with the German texts the console shows.
import { describe, expect, it } from 'vitest';
import de from '../../i18n/de.json' with { type: 'json' };
import { interpolate } from '../../i18n.tsx';
import { eventLines } from './History.tsx';

const dict = de as Record<string, string>;
const i18n = {
  t: (key: string, vars?: Record<string, string | number>) => interpolate(dict[key] ?? key, vars),
  tOr: (key: string, fallback: string, vars?: Record<string, string | number>) => interpolate(dict[key] ?? fallback, vars),
} as Parameters<typeof eventLines>[1];
const names = {
  departments: [{ id: 'd1', name: 'Bauhof', email: null }],
  staff: [
    {
      userId: 'u1',
      email: 'anna@example.org',
      name: 'Anna Schmidt',
      role: 'agent' as const,
      departmentId: 'd1',
      totpEnabled: false,
      createdAt: '2026-11-30T10:00:00Z',
    },
  ],
};

describe('report history', () => {
  it('says a status change with the duplicate and the reason', () => {
    expect(eventLines({ type: 'status', from: 'received', to: 'duplicate', duplicateOfNumber: 7, reason: 'gleiche Laterne' }, i18n, names)).toEqual([
      'Status geändert: Eingegangen → Duplikat.',
      'Duplikat von Nr. 7.',
      'Begründung: gleiche Laterne',
    ]);
  });

  it('names the department and person an assignment went to', () => {
    expect(eventLines({ type: 'assigned', departmentId: 'd1', assigneeId: 'u1' }, i18n, names)).toEqual(['Zugewiesen: Bauhof · Anna Schmidt.']);
    expect(eventLines({ type: 'assigned', departmentId: 'd1', assigneeId: null }, i18n, names)).toEqual(['Zugewiesen: Bauhof · niemandem zugewiesen.']);
  });

  it('lists what an update changed, and says filing, photos and unknown events', () => {
    expect(eventLines({ type: 'updated', expectedAt: { from: null, to: 'x' }, location: true }, i18n, names)).toEqual([
      'Geändert: voraussichtliches Datum, Ort.',
    ]);
    expect(eventLines({ type: 'filed', source: 'portal' }, i18n, names)).toEqual(['Meldung eingegangen (über das Bürgerportal).']);
    expect(eventLines({ type: 'photo', to: 'approved' }, i18n, names)).toEqual(['Foto geprüft: freigegeben.']);
    expect(eventLines({ type: 'something_new' }, i18n, names)).toEqual(['something_new']);
  });
});
