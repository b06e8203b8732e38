// Reads a CSV in the browser the way the server does (delimiter from the header line: ; , or tab; RFC 4180 quotes):
// the header for the column mapping and the number of data rows for the 5,000-row limit.
export interface CsvPreview {
  header: string[];
  rows: number;
}

export function previewCsv(text: string): CsvPreview {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, Math.max(0, body.search(/\r?\n|$/)));
  const delimiter = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  let header: string[] | null = null;
  let rows = 0;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) {
      if (header === null) header = cells.map((c) => c.trim());
      else rows++;
    }
    cells = [];
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRecord();
  return { header: header ?? [], rows };
}

const norm = (s: string) => s.toLowerCase().replace(/ß/g, 'ss').replace(/[\s_.-]/g, '');

/** The column whose name matches one of the usual names for a field, for a first guess of the mapping. */
export function guessColumn(header: string[], names: string[]): string {
  const wanted = names.map(norm);
  return header.find((h) => wanted.includes(norm(h))) ?? '';
}
