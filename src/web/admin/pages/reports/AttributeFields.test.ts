// A report filed by hand: the extra fields' values as the API takes them, and the required ones left empty.
import { describe, expect, it } from 'vitest';
import type { ReportFieldDef } from '../../../../common/contracts/reports.ts';
import { attributesBody, missingAttributes } from './AttributeFields.tsx';

const fields: ReportFieldDef[] = [
  { code: 'mast', datatype: 'string', label: 'Mastnummer', required: true },
  { code: 'hoehe', datatype: 'number', label: 'Höhe', required: false },
  { code: 'art', datatype: 'multivaluelist', label: 'Art', required: true, values: [{ key: 'a', name: 'A' }] },
];

describe('extra fields of a report filed by hand', () => {
  it('sends numbers as numbers (also with a comma), lists as lists, and leaves empty ones out', () => {
    expect(attributesBody(fields, { mast: ' M-1 ', hoehe: '2,5', art: ['a'] })).toEqual({ mast: 'M-1', hoehe: 2.5, art: ['a'] });
    expect(attributesBody(fields, { mast: '', hoehe: 'viel', art: [] })).toEqual({ hoehe: 'viel' });
  });

  it('names the required fields left empty', () => {
    expect(missingAttributes(fields, { mast: '  ', art: [] })).toEqual(['attributes.mast', 'attributes.art']);
    expect(missingAttributes(fields, { mast: 'M-1', art: ['a'] })).toEqual([]);
  });
});
