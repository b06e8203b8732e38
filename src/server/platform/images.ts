// sharp (libvips) loads on first use: importing it adds ~22 MB to a process's resident memory (measured with the
// process's RSS before and after the import), which a worker that never reads an image, or a server before its first
// upload, should not pay.
import { once } from './once.ts';

/** sharp's entry function, imported once. */
export const loadSharp = once(async () => (await import('sharp')).default);
