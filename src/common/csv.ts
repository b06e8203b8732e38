// One RFC 4180 CSV reader for server and console (quotes, doubled quotes, line breaks inside quotes; delimiter from
// the header line: `;` as German spreadsheets write, `,` or tab), with each record's starting line number.

/** Spreadsheets in German locales write `;`; the header line tells which one the file uses. */
export function detectDelimiter(firstLine: string): string {
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * The records that have any non-blank cell, one at a time, with the line each starts on (the first line is 1): a caller
 * can check a large file without holding all its records at once.
 */
export function* csvRecords(text: string): Generator<{ cells: string[]; line: number }, void, void> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel's byte order mark
  const delimiter = detectDelimiter(body.slice(0, Math.max(0, body.search(/\r?\n|$/))));
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(cell);
    const record = cells.some((c) => c.trim() !== '') ? { cells, line: start } : null;
    cells = [];
    cell = '';
    return record;
  };
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
      const record = end();
      if (record) yield record;
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    const record = end();
    if (record) yield record;
  }
}

/** Calls `visit` for every record that has any non-blank cell, with the line it starts on (the first line is 1). */
export function eachCsvRecord(text: string, visit: (cells: string[], line: number) => void): void {
  for (const { cells, line } of csvRecords(text)) visit(cells, line);
}

const normalizeName = (s: string) =>
  s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\s_.-]/g, '');

/** The header that matches one of the accepted names (case, spaces, dashes and ß/ss ignored). */
export function findColumn(header: string[], names: string[]): string | undefined {
  const wanted = names.map(normalizeName);
  return header.find((h) => wanted.includes(normalizeName(h)));
}
