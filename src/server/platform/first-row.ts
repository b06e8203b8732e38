// Look-ups by a key that names at most one row (an id, a unique pair): the query answers a list, the caller wants
// the row or nothing.
/** The first row `rows` answers, or undefined: `return firstRow(tx.select().from(t).where(eq(t.id, id)))`. */
export async function firstRow<R>(rows: PromiseLike<R[]>): Promise<R | undefined> {
  const [row] = await rows;
  return row;
}
