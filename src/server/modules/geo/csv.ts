// CSV files staff upload (streets, residents): records with their line numbers, values by header name.
import { eachCsvRecord } from '../../../common/csv.ts';

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
