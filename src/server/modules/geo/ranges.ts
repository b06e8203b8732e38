// House number ranges of a street ("1-99", "2-40 gerade", "1-39 ungerade", several joined by ";" or ",").
export interface HouseRange {
  from: number;
  to: number;
  parity?: 'odd' | 'even';
}

const PARITY: Record<string, 'odd' | 'even'> = { gerade: 'even', even: 'even', g: 'even', ungerade: 'odd', odd: 'odd', u: 'odd' };

/** Returns the ranges, or a sentence saying what is wrong with the text. */
export function parseRanges(text: string): HouseRange[] | string {
  const parts = text
    .split(/[;,/]|\bund\b/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: HouseRange[] = [];
  for (const part of parts) {
    const m = /^(\d+)\s*[a-z]?\s*(?:[-–]\s*(\d+)\s*[a-z]?)?\s*(?:\(?\s*(gerade|ungerade|even|odd|g|u)\s*\)?)?$/i.exec(part);
    if (!m) return `"${part}" is not a house number range; write e.g. 1-99, 2-40 gerade or 1-39 ungerade`;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (to < from) return `"${part}" ends before it starts`;
    const parity = m[3] ? PARITY[m[3].toLowerCase()] : undefined;
    out.push(parity ? { from, to, parity } : { from, to });
  }
  return out;
}

/** The number part of a house number: "12a" → 12, "3-5" → 3. */
export function houseNumberValue(houseNumber: string | null | undefined): number | null {
  const m = /^\s*(\d+)/.exec(houseNumber ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Whether a house number lies on this street record. A street without ranges covers every number; a resident who
 * gave the street but no number stays in (they live there, and a warning is better received twice than missed).
 */
export function inRanges(houseNumber: string | null | undefined, ranges: HouseRange[]): boolean {
  if (!ranges.length) return true;
  const n = houseNumberValue(houseNumber);
  if (n === null) return true;
  return ranges.some((r) => n >= r.from && n <= r.to && (!r.parity || (r.parity === 'even') === (n % 2 === 0)));
}
