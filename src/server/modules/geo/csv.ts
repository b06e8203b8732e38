// CSV files staff upload (streets, residents): records with their line numbers, values by header name.
import { eachCsvRecord, findColumn } from '../../../common/csv.ts';

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
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  eachCsvRecord(text, (cells, line) => {
    if (header === null) header = cells.map((h) => h.trim());
    else {
      const names: string[] = header;
      records.push({ line, values: Object.fromEntries(names.map((h, i) => [h, (cells[i] ?? '').trim()])) });
    }
  });
  return { header: header ?? [], records };
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
