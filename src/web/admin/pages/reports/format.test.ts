// Meldungen's pure helpers: the workflow the status select offers, filters in the address and the API, the map's box,
// report numbers typed by staff, attribute values in words and the expected date.
import { describe, expect, it } from 'vitest';
import { REPORT_STATUSES } from '../../../../common/states.ts';
import {
  attributeText,
  bboxString,
  filtersQuery,
  listQuery,
  mapQuery,
  mapStatus,
  NO_FILTERS,
  parseReportNumber,
  pointerKey,
  readFilters,
  STATUS_TRANSITIONS,
  toDateInput,
} from './format.ts';
import { noonOfDay } from '../../components/zoned-input.ts';

describe('report helpers', () => {
  it('offers only changes to another status, and a way back from every ending status', () => {
    for (const s of REPORT_STATUSES) {
      expect(STATUS_TRANSITIONS[s]).not.toContain(s);
      expect(STATUS_TRANSITIONS[s].length).toBeGreaterThan(0);
    }
    expect(STATUS_TRANSITIONS.resolved).toEqual(['in_progress']);
    expect(STATUS_TRANSITIONS.received).toContain('duplicate');
  });

  it('keeps the filters in the address and reads them back, ignoring what it does not know', () => {
    const filters = { ...NO_FILTERS, status: 'resolved', q: ' Laterne ' };
    expect(filtersQuery(filters)).toBe('status=resolved&q=Laterne');
    expect(readFilters(`?${filtersQuery(filters)}&evil=1`)).toEqual({ ...NO_FILTERS, status: 'resolved', q: 'Laterne' });
    expect(filtersQuery(NO_FILTERS)).toBe('');
  });

  it('asks the list for the named view and a real status only', () => {
    expect(listQuery('overdue', { ...NO_FILTERS, status: 'open', categoryId: 'c1' }, 50).toString()).toBe('view=overdue&categoryId=c1&limit=50');
    expect(listQuery('all', { ...NO_FILTERS, status: 'confirmed' }).toString()).toBe('view=all&status=confirmed');
  });

  it('shows open reports on the map unless another status or all were chosen', () => {
    expect(mapStatus(NO_FILTERS)).toBe('open');
    expect(mapQuery(NO_FILTERS, '1,2,3,4').toString()).toBe('bbox=1%2C2%2C3%2C4&status=open');
    expect(mapQuery({ ...NO_FILTERS, status: 'all', categoryId: 'c' }, '1,2,3,4').toString()).toBe('bbox=1%2C2%2C3%2C4&categoryId=c');
    expect(mapQuery({ ...NO_FILTERS, status: 'resolved' }, 'b').get('status')).toBe('resolved');
  });

  it('rounds the box and keeps it inside the world', () => {
    expect(bboxString({ west: 9.123456789, south: 50.1, east: 200, north: -95 })).toBe('9.12346,50.1,180,-90');
  });

  it('reads a report number however staff type it', () => {
    expect(parseReportNumber('12')).toBe(12);
    expect(parseReportNumber(' #12 ')).toBe(12);
    expect(parseReportNumber('Nr. 7')).toBe(7);
    expect(parseReportNumber('0')).toBeNull();
    expect(parseReportNumber('12a')).toBeNull();
    expect(parseReportNumber('')).toBeNull();
  });

  it('says attribute values in words: choice names, dates, lists', () => {
    const field = { code: 'art', datatype: 'multivaluelist' as const, label: 'Art', required: false, values: [{ key: 'sperr', name: 'Sperrmüll' }] };
    const date = (iso: string) => `D(${iso})`;
    expect(attributeText(field, ['sperr', 'other'], date)).toBe('Sperrmüll, other');
    expect(attributeText({ ...field, datatype: 'singlevaluelist' }, 'sperr', date)).toBe('Sperrmüll');
    expect(attributeText({ ...field, datatype: 'datetime' }, '2026-11-30', date)).toBe('D(2026-11-30)');
    expect(attributeText(undefined, 42, date)).toBe('42');
    expect(attributeText(field, '', date)).toBe('–');
  });

  it("turns the expected date into noon of that day in the municipality's zone and back, whatever the browser's zone", () => {
    const iso = noonOfDay('2026-12-24', 'Europe/Berlin');
    expect(iso).toBe('2026-12-24T11:00:00.000Z');
    expect(toDateInput(iso, 'Europe/Berlin')).toBe('2026-12-24');
    // late in the evening UTC it is already the next day in Berlin
    expect(toDateInput('2026-12-24T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-12-25');
    expect(noonOfDay('24.12.2026', 'Europe/Berlin')).toBeNull();
    expect(noonOfDay('2026-02-30', 'Europe/Berlin')).toBeNull();
    expect(toDateInput(null, 'Europe/Berlin')).toBe('');
  });

  it('maps field error pointers with or without /body to the form keys', () => {
    expect(pointerKey('/body/duplicateOf')).toBe('duplicateOf');
    expect(pointerKey('/fields/0/code')).toBe('fields.0.code');
  });
});
