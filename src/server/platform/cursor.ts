// Keyset cursors: where a list's page ended (the last row's time and id), handed to the client as an opaque string.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { invalid } from './errors.ts';

/** The last row of a page: its time (ISO 8601) and id, for `(created_at, id) < (at, id)`. */
export interface KeysetCursor {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows after the cursor in a newest-first list ordered by time, then id: `(at, id) < (cursor's at, cursor's id)`. */
export const olderThan = (at: SQLWrapper, id: SQLWrapper, c: KeysetCursor): SQL => sql`(${at}, ${id}) < (${c.at}::timestamptz, ${c.id}::uuid)`;

export const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify({ at, id })).toString('base64url');

/** The cursor a previous page gave out (none: the first page); anything else is refused at `pointer` with `detail`. */
export function decodeCursor(value: string | undefined, pointer = '/querystring/cursor', detail = 'is not a cursor this list gave out'): KeysetCursor | null {
  if (!value) return null;
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<KeysetCursor>;
    if (typeof c.at === 'string' && c.at.length < 60 && !Number.isNaN(Date.parse(c.at)) && typeof c.id === 'string' && UUID.test(c.id))
      return { at: c.at, id: c.id };
  } catch {}
  throw invalid(pointer, detail);
}
