// A small RFC 4180 CSV reader (quotes, doubled quotes, line breaks inside quotes) that keeps each record's line number.
export interface CsvRecord {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/** Spreadsheets in German locales write `;`; the header line tells which one the file uses. */
function detectDelimiter(firstLine: string): string {
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

export function parseCsv(text: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel's byte order mark
  const delimiter = detectDelimiter(body.slice(0, body.search(/\r?\n|$/)));
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ line: start, cells });
  }
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = (nonEmpty.shift()?.cells ?? []).map((h) => h.trim());
  const records = nonEmpty.map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])) }));
  return { header, records };
}

/** Finds the header that matches one of the accepted names (case, spaces, dashes and umlauts ignored). */
export function findColumn(header: string[], names: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/ß/g, 'ss').replace(/[\s_.-]/g, '');
  const wanted = names.map(norm);
  return header.find((h) => wanted.includes(norm(h)));
}
