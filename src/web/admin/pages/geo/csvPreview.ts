// Reads a CSV in the browser exactly as the server does (src/common/csv.ts): the header for the column mapping and the
// number of data rows.
import { eachCsvRecord, findColumn } from '../../../../common/csv.ts';

export interface CsvPreview {
  header: string[];
  rows: number;
}

export function previewCsv(text: string): CsvPreview {
  let header: string[] | null = null;
  let rows = 0;
  eachCsvRecord(text, (cells) => {
    if (header === null) header = cells.map((c) => c.trim());
    else rows++;
  });
  return { header: header ?? [], rows };
}

/** The column whose name matches one of the usual names for a field, for a first guess of the mapping. */
export const guessColumn = (header: string[], names: string[]): string => findColumn(header, names) ?? '';
