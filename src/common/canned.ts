// Canned responses (Textbausteine): the placeholders {{name}}, {{gemeinde}}, {{betreff}} and {{mitarbeiter}} are filled
// in from plain values. Shared by the console (picker, live preview) and the server, so both show the same text.
// Pure string substitution: no template engine, nothing in a body or a value is ever evaluated.
import { CANNED_VARIABLES } from './contracts/inbox.ts';

export type CannedVariable = (typeof CANNED_VARIABLES)[number];

const KNOWN: ReadonlySet<string> = new Set(CANNED_VARIABLES);
// Letters (also umlauts), digits, _ and -; spaces inside the braces are tolerated because clerks type them.
const PLACEHOLDER = /\{\{\s*([\p{L}\p{N}_-]+)\s*\}\}/gu;

/**
 * Fills the known placeholders of `body` from `vars` (keys compared case-insensitively). A placeholder that is not
 * one of CANNED_VARIABLES, or has no value in `vars`, stays visible as written so the writer notices it before sending.
 * Values are inserted literally (a value containing "{{…}}" or "$&" is not expanded again).
 */
export function renderCanned(body: string, vars: Record<string, string>): string {
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(vars)) if (typeof v === 'string') values.set(k.toLowerCase(), v);
  return body.replace(PLACEHOLDER, (whole, raw: string) => {
    const key = raw.toLowerCase();
    if (!KNOWN.has(key)) return whole;
    const value = values.get(key);
    return value === undefined ? whole : value;
  });
}

/** The placeholders in `body` that renderCanned will never fill (typos such as {{nmae}}), in order, without repeats. */
export function unknownCannedVariables(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) {
    const key = (m[1] ?? '').toLowerCase();
    if (!KNOWN.has(key) && !out.includes(m[1] ?? '')) out.push(m[1] ?? '');
  }
  return out;
}
