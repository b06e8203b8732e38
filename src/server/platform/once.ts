// A module loaded on first use, once: each dynamic import() walks the loader again (resolve, and any hooks) even when
// cached, and a library that costs memory at import (channel adapters, sharp) should cost it only where it is used.

/** `load` run on the first call and its promise shared after; a failed load is tried again by the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}
