import { describe, expect, it } from 'vitest';
import { csvRecords, eachCsvRecord, findColumn } from './csv.ts';

const records = (text: string) => {
  const out: Array<[number, string[]]> = [];
  eachCsvRecord(text, (cells, line) => out.push([line, cells]));
  return out;
};

describe('the CSV reader shared by server and console', () => {
  it('takes the delimiter from the header line and skips blank records', () => {
    expect(records('\ufeffStraße;Nr\nHauptstraße;1-9\n\n;\nLindenweg;2\n')).toEqual([
      [1, ['Straße', 'Nr']],
      [2, ['Hauptstraße', '1-9']],
      [5, ['Lindenweg', '2']],
    ]);
    expect(records('a,b\r\n1,2')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
  });

  it('keeps quoted delimiters, doubled quotes and line breaks, and counts lines inside quotes', () => {
    expect(records('name;note\n"Müller; Anna";"sagt ""hallo""\nzweite Zeile"\nBerg;x\n')).toEqual([
      [1, ['name', 'note']],
      [2, ['Müller; Anna', 'sagt "hallo"\nzweite Zeile']],
      [4, ['Berg', 'x']],
    ]);
  });

  it('gives the records one at a time, as the resident import reads a large file', () => {
    const text = 'name;note\n"Müller; Anna";"zwei\nZeilen"\n\nBerg;x\n';
    const reader = csvRecords(text);
    expect(reader.next().value).toEqual({ line: 1, cells: ['name', 'note'] });
    expect(reader.next().value).toEqual({ line: 2, cells: ['Müller; Anna', 'zwei\nZeilen'] });
    // the rest, as the callback reader sees it
    expect([...reader].map((r) => [r.line, r.cells])).toEqual(records(text).slice(2));
    expect([...csvRecords('')]).toEqual([]);
  });

  it('finds a column by its usual names, whatever the case, spaces or ß', () => {
    expect(findColumn(['Telefon', 'Strasse', 'Haus-Nr'], ['straße'])).toBe('Strasse');
    expect(findColumn(['Telefon'], ['email'])).toBeUndefined();
  });
});
