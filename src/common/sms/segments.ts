// SMS part counting, splitting and GSM-7 encoding (3GPP TS 23.038), shared by the server (SMPP adapter)
// and the staff console (live counter and cost estimate), so nothing here may use Node-only APIs.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** GSM-7: septets (extension characters count 2); UCS-2: UTF-16 code units. */
  units: number;
  segments: number;
  /** Capacity of one part: 160/70 for a single SMS, 153/67 once the text needs concatenation. */
  perSegment: number;
  /** Units still free in the last part before another part is needed. */
  remainingInSegment: number;
}

export interface SmsCostEstimate {
  encoding: SmsEncoding;
  partsPerMessage: number;
  totalParts: number;
  totalCents: number;
}

const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

/** The GSM 03.38 default alphabet in code order; 0x1B is the escape to the extension table. */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_ESCAPE = 0x1b;

/** Default extension table: each of these costs the escape plus one septet. */
const GSM_EXTENSION: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);

const GSM_BASIC_CODES: ReadonlyMap<string, number> = new Map([...GSM_BASIC].map((ch, code) => [ch, code] as const).filter(([, code]) => code !== GSM_ESCAPE));

/** By UTF-16 code unit: the septet, or 0x100 + the extension code; every GSM-7 character is one code unit. */
const GSM_BY_CODE_UNIT: ReadonlyMap<number, number> = new Map([
  ...[...GSM_BASIC_CODES].map(([ch, code]) => [ch.charCodeAt(0), code] as const),
  ...[...GSM_EXTENSION].map(([ch, code]) => [ch.charCodeAt(0), 0x100 | code] as const),
]);

export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!GSM_BY_CODE_UNIT.has(text.charCodeAt(i))) return false;
  return true;
}

/** Encoding and total units in one pass (the console calls this on every keystroke, the server per message). */
function measure(text: string): { encoding: SmsEncoding; units: number } {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const entry = GSM_BY_CODE_UNIT.get(text.charCodeAt(i));
    if (entry === undefined) return { encoding: 'UCS-2', units: text.length };
    septets += entry > 0xff ? 2 : 1;
  }
  return { encoding: 'GSM-7', units: septets };
}

/** Units of the indivisible piece at `i`: an escape pair (GSM-7) or a surrogate pair (UCS-2) is one piece. */
function pieceAt(text: string, i: number, encoding: SmsEncoding): { length: number; units: number } {
  const code = text.charCodeAt(i);
  if (encoding === 'GSM-7') return { length: 1, units: GSM_BY_CODE_UNIT.get(code)! > 0xff ? 2 : 1 };
  const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return pair ? { length: 2, units: 2 } : { length: 1, units: 1 };
}

/** Greedy fill of parts; returns each part's text and its units. */
function fillParts(text: string): { encoding: SmsEncoding; parts: Array<{ text: string; units: number }> } {
  const { encoding, units: total } = measure(text);
  const { single, multi } = LIMITS[encoding];
  if (total === 0) return { encoding, parts: [] };
  if (total <= single) return { encoding, parts: [{ text, units: total }] };
  const parts: Array<{ text: string; units: number }> = [];
  let start = 0;
  let units = 0;
  for (let i = 0; i < text.length; ) {
    const piece = pieceAt(text, i, encoding);
    if (units + piece.units > multi) {
      parts.push({ text: text.slice(start, i), units });
      start = i;
      units = 0;
    }
    units += piece.units;
    i += piece.length;
  }
  parts.push({ text: text.slice(start), units });
  return { encoding, parts };
}

export function analyzeSms(text: string): SmsAnalysis {
  const { encoding, parts } = fillParts(text);
  const { single, multi } = LIMITS[encoding];
  if (parts.length <= 1) {
    const units = parts[0]?.units ?? 0;
    return { encoding, units, segments: parts.length, perSegment: single, remainingInSegment: single - units };
  }
  const units = parts.reduce((sum, p) => sum + p.units, 0);
  // parts can end short of 153/67 when a pair would straddle the boundary, so count what is left in the last one
  const last = parts[parts.length - 1]!;
  return { encoding, units, segments: parts.length, perSegment: multi, remainingInSegment: multi - last.units };
}

/** The texts of the parts as they will be sent; an empty text has no parts. */
export function splitSms(text: string): string[] {
  return fillParts(text).parts.map((p) => p.text);
}

/**
 * Unpacked GSM-7 septets, one byte each, as SMPP data_coding 0 expects them; extension characters are
 * written as 0x1B plus their code. Throws on a character outside GSM-7: check `analyzeSms` first.
 */
export function encodeGsm7(text: string): Uint8Array {
  // the SMPP adapter calls this for every part and receipt, so it avoids per-character allocations
  const out = new Uint8Array(text.length * 2);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const entry = GSM_BY_CODE_UNIT.get(text.charCodeAt(i));
    if (entry === undefined) throw new RangeError(`character U+${text.codePointAt(i)!.toString(16)} has no GSM-7 form`);
    if (entry > 0xff) out[length++] = GSM_ESCAPE;
    out[length++] = entry & 0xff;
  }
  return out.slice(0, length);
}

/** Inverse of `encodeGsm7`; an unknown escape falls back to the basic character, as 23.038 asks. */
export function decodeGsm7(septets: Uint8Array): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const code = septets[i]! & 0x7f;
    if (code === GSM_ESCAPE && i + 1 < septets.length) {
      const next = septets[++i]! & 0x7f;
      const ext = [...GSM_EXTENSION].find(([, c]) => c === next);
      out += ext ? ext[0] : GSM_BASIC[next];
      continue;
    }
    out += code === GSM_ESCAPE ? ' ' : GSM_BASIC[code];
  }
  return out;
}

export function estimateSmsCost(text: string, recipients: number, centsPerPart: number): SmsCostEstimate {
  const { encoding, segments } = analyzeSms(text);
  const totalParts = segments * Math.max(0, recipients);
  return { encoding, partsPerMessage: segments, totalParts, totalCents: totalParts * centsPerPart };
}
