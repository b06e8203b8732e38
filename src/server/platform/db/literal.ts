// Values written into SQL text, for the statements of Database.tenantScript: a simple query has no parameters (the
// extended protocol's would cost a round trip per statement).

/**
 * A string as an SQL literal, as the driver's `escapeLiteral` writes it: quotes doubled, and where the text has a
 * backslash, an E'' literal with backslashes doubled. The driver builds its result one character at a time; for the
 * outcome documents of a fan-out (a jsonb literal per flush) that was 18% of a worker's allocations (bench:fanout,
 * sampled), here it is two native replacements.
 */
function escapeString(value: string): string {
  const quoted = value.replaceAll("'", "''");
  return value.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return String(value);
  }
  // PostgreSQL text cannot hold NUL; a provider's error text is the one value here that could bring one
  return escapeString(value.replaceAll('\0', ''));
}

/** A JSON document as a jsonb literal, e.g. rows for `jsonb_to_recordset` (jsonb refuses \u0000, so NULs go). */
export const jsonbLiteral = (value: unknown) =>
  `${literal(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v)))}::jsonb`;
