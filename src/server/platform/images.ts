// sharp (libvips) loads on first use: importing it adds ~22 MB to a process's resident memory (measured with the
// process's RSS before and after the import), which a worker that never reads an image, or a server before its first
// upload, should not pay.
import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/** sharp's entry function, imported once. */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(
    (m) => m.default,
    (err: unknown) => {
      loading = undefined; // a failed load is tried again by the next caller
      throw err;
    },
  );
  return loading;
}
