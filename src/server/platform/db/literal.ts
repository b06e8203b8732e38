// Values written into SQL text, for the statements of Database.tenantScript: a simple query has no parameters (the
// extended protocol's would cost a round trip per statement). Strings go through the driver's escaping.
import pg from 'pg';

export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return String(value);
  }
  // PostgreSQL text cannot hold NUL; a provider's error text is the one value here that could bring one
  return pg.escapeLiteral(value.replaceAll('\0', ''));
}

/** A JSON document as a jsonb literal, e.g. rows for `jsonb_to_recordset` (jsonb refuses \u0000, so NULs go). */
export const jsonbLiteral = (value: unknown) =>
  `${literal(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v)))}::jsonb`;
