// The heap of a process that works the jobs (civicast start, civicast worker). V8 sizes its heap for the machine: on
// 24 GiB it allows semi-spaces of 64 MB (a young generation of 128 MB and more) and lets the old generation grow to
// about four times what survived the last full collection. A process handing off 100,000 messages so let its garbage
// grow to 700 MB of resident memory around a live heap of about 120 MB. By default it runs with 16 MB semi-spaces and an
// old generation that may grow by 30% over the live heap before the next full collection: measured in bench:fanout,
// peak RSS 700 → 297 MB, engine CPU about 6–10% more; unlike a hard cap, the old generation still grows where the live
// heap does (a campaign being accepted), so warnings are not made to wait on collections near a limit.
// V8 reads the semi-space size only at start, so the process starts itself again with the flags, under the same pid
// (process.execve), before any other module runs.
// CIVICAST_WORKER_HEAP_MB=N adds a hard cap of N MB on the old generation (for machines where memory is tight: 256 kept
// a fan-out at 284 MB, but made warnings late while a campaign filled the heap); 0 leaves V8 its own sizing.
const SEMI_SPACE_MB = 16;
const GROWING_PERCENT = 30;

/** The V8 flags for a process that works jobs, from the environment; empty when turned off. */
export function workerHeapFlags(env = process.env) {
  const raw = env.CIVICAST_WORKER_HEAP_MB;
  const mb = raw === undefined || raw === '' ? null : Number(raw);
  if (mb !== null && (!Number.isInteger(mb) || mb < 0)) {
    throw new Error(`CIVICAST_WORKER_HEAP_MB must be a whole number of megabytes (0: V8's own sizing), not "${raw}"`);
  }
  if (mb === 0) return [];
  const soft = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--heap-growing-percent=${GROWING_PERCENT}`];
  return mb === null ? soft : [...soft, `--max-old-space-size=${mb}`];
}

/** Starts this process again with the worker's heap flags, unless it already has them (or they are turned off). */
export function withWorkerHeap(env = process.env) {
  const flags = workerHeapFlags(env);
  const has = (flag) => process.execArgv.includes(flag) || (env.NODE_OPTIONS ?? '').split(/\s+/).includes(flag);
  if (!flags.length || flags.every(has) || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], env);
}
