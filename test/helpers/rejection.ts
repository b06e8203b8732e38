// The error a call fails with, for tests that look at its code or fields rather than only that it throws; the fields a
// problem+json answer names.
import { expect } from 'vitest';

/** What `p` is rejected with; the test fails when `p` resolves or the error is not an instance of `type`. */
export async function rejectionOf<E>(p: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}

/** The JSON pointers of a problem+json answer's `errors`, in the order the answer gives them. */
export function pointersOf(res: { json(): unknown }): string[] {
  return (res.json() as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer);
}
