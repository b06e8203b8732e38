// The heap of a process that works the jobs (civicast worker). V8 sizes its heap for the machine: on 24 GiB it allows
// semi-spaces of 64 MB and an old generation of 4 GB, and a worker handing off 100,000 messages let its garbage grow to
// 700 MB of resident memory around a live heap of about 120 MB. Small semi-spaces and a cap on the old generation keep it
// near 300 MB. V8 reads these flags only at start, so the process starts itself again with them, under the same pid
// (process.execve), before any other module runs. CIVICAST_WORKER_HEAP_MB sets the cap; 0 leaves V8 its own sizing.
// Unset, a worker of the bulk lane only (--lanes bulk) gets 256 MB and any other none: measured in bench:fanout, 256 MB
// cut the peak RSS from 676 to 284 MB for 10% more CPU, but in bench:alerts a capped process that also sent the
// warnings made them late (p95 first hand-off 3.5 s → 4.2–5.6 s) while a campaign filled its heap. A bulk worker sends
// no warning.
const BULK_OLD_SPACE_MB = 256;
const SEMI_SPACE_MB = 8;

/** The lanes a `civicast worker` command line asks for (`--lanes bulk` or `--lanes=bulk`); all when not given. */
export function lanesOf(argv = process.argv) {
  const i = argv.indexOf('--lanes');
  if (i >= 0) return argv[i + 1] ?? 'all';
  return argv.find((a) => a.startsWith('--lanes='))?.slice('--lanes='.length) ?? 'all';
}

/** The V8 flags for a worker of `lanes`, from the environment; empty when turned off. */
export function workerHeapFlags(env = process.env, lanes = 'all') {
  const raw = env.CIVICAST_WORKER_HEAP_MB;
  const mb = raw === undefined || raw === '' ? (lanes === 'bulk' ? BULK_OLD_SPACE_MB : 0) : Number(raw);
  if (!Number.isInteger(mb) || mb < 0) throw new Error(`CIVICAST_WORKER_HEAP_MB must be a whole number of megabytes (0: V8's own sizing), not "${raw}"`);
  return mb === 0 ? [] : [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${mb}`];
}

/** Starts this process again with the worker's heap flags, unless it already has them (or they are turned off). */
export function withWorkerHeap(env = process.env, lanes = lanesOf()) {
  const flags = workerHeapFlags(env, lanes);
  const has = (flag) => process.execArgv.includes(flag) || (env.NODE_OPTIONS ?? '').split(/\s+/).includes(flag);
  if (!flags.length || flags.every(has) || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], env);
}
