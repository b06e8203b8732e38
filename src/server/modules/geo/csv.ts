// CSV files staff upload (streets, residents): records with their line numbers, values by header name.
import { csvRecords, findColumn } from '../../../common/csv.ts';

export { findColumn } from '../../../common/csv.ts';

export interface CsvRecord {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

export function parseCsv(text: string): CsvTable {
  const { header, records } = readCsv(text);
  return { header, records: [...records] };
}

/** The records of a file without its header, counted without keeping them (a progress total). */
export function countCsvRecords(text: string): number {
  let n = -1; // the header is no record
  for (const _ of csvRecords(text)) n++;
  return Math.max(0, n);
}

/**
 * The header at once and the records one at a time: a large file (a resident import) is checked without all its
 * records in memory. The records read `text` as they go.
 */
export function readCsv(text: string): { header: string[]; records: Generator<CsvRecord, void, void> } {
  const all = csvRecords(text);
  const first = all.next();
  const header = first.done ? [] : first.value.cells.map((h) => h.trim());
  function* records(): Generator<CsvRecord, void, void> {
    for (const { cells, line } of all) yield { line, values: Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()])) };
  }
  return { header, records: records() };
}

/**
 * The file's records and, for each field, the header name of its column (the first of the field's names the header
 * has); `errors` holds the one error every such file shares: a file without a street column.
 */
export function parseCsvColumns<K extends string>(
  text: string,
  columns: Record<K, readonly string[]>,
): CsvTable & { col: Record<K, string | undefined>; errors: { line: number; field: string; detail: string }[] } {
  const { header, records } = parseCsv(text);
  const col = Object.fromEntries(Object.entries<readonly string[]>(columns).map(([k, names]) => [k, findColumn(header, [...names])])) as Record<
    K,
    string | undefined
  >;
  const errors =
    'street' in col && !col['street' as K] ? [{ line: 1, field: 'street', detail: `no street column; the header has ${header.join(', ') || 'nothing'}` }] : [];
  return { header, records, col, errors };
}
