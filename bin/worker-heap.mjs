// The memory settings of a process that works the jobs (civicast worker, and civicast start, which serves and works in
// one process): V8's heap and glibc's malloc.
// V8 sizes its heap for the machine: on 24 GiB it allows semi-spaces of 64 MB and an old generation of 4 GB, and a
// process handing off 100,000 messages let its garbage grow to 600-700 MB of resident memory around a live heap of about
// 90-120 MB. Small semi-spaces and a cap on the old generation keep it near 300 MB. V8 reads these flags only at start,
// so the process starts itself again with them, under the same pid (process.execve), before any other module runs.
// CIVICAST_WORKER_HEAP_MB sets the cap; 0 leaves V8 its own sizing. Unset:
// - a worker of the bulk lane only (--lanes bulk) gets 256 MB: in bench:fanout it cut the peak RSS from 676 to 284 MB
//   for 10% more CPU;
// - a process of all lanes (start, or a worker without --lanes) gets 384 MB: it also accepts sends and works imports,
//   so it keeps room for them (a 100,000-recipient accept holds about 125 MB live, the check of a 25 MB resident file
//   about 165 MB). In bench:fanout in one process the peak RSS went from 598 to 298-307 MB, for 5-10% more CPU. In
//   bench:alerts a cap no longer makes the warnings late (an earlier build, which sent warnings more slowly, lost
//   0.7-2 s to it): in five alternating pairs, p95 first hand-off 0.98-1.24 s (median 1.02) with a cap (256 MB in
//   three, 384 in two) against 0.83-1.16 s (median 1.07) without;
// - a worker of the urgent lane only gets none: it holds no campaign's garbage.
const BULK_OLD_SPACE_MB = 256;
const ALL_OLD_SPACE_MB = 384;
const SEMI_SPACE_MB = 8;

/** The lanes a `civicast worker` command line asks for (`--lanes bulk` or `--lanes=bulk`); all when not given. */
export function lanesOf(argv = process.argv) {
  const i = argv.indexOf('--lanes');
  if (i >= 0) return argv[i + 1] ?? 'all';
  return argv.find((a) => a.startsWith('--lanes='))?.slice('--lanes='.length) ?? 'all';
}

/** The lanes a command works, whose heap it runs with: start all of them, worker those of --lanes; others none (null). */
export function commandLanes(argv = process.argv) {
  if (argv[2] === 'start') return 'all';
  if (argv[2] === 'worker') return lanesOf(argv);
  return null;
}

/** The V8 flags for a worker of `lanes`, from the environment; empty when turned off. */
export function workerHeapFlags(env = process.env, lanes = 'all') {
  const raw = env.CIVICAST_WORKER_HEAP_MB;
  const byLanes = { bulk: BULK_OLD_SPACE_MB, all: ALL_OLD_SPACE_MB, urgent: 0 };
  const mb = raw === undefined || raw === '' ? (Object.hasOwn(byLanes, lanes) ? byLanes[lanes] : 0) : Number(raw);
  if (!Number.isInteger(mb) || mb < 0) throw new Error(`CIVICAST_WORKER_HEAP_MB must be a whole number of megabytes (0: V8's own sizing), not "${raw}"`);
  return mb === 0 ? [] : [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${mb}`];
}

// glibc's malloc raises the size above which it maps a block of its own (and unmaps it when freed) to the largest
// block freed so far, up to 32 MB. After a burst of large blocks (a PGlite query's result, a compiler's scratch memory,
// a sent batch's buffers) later ones come from its heaps, and what is freed there mostly stays resident. A fixed
// threshold (its default, 128 KB) turns that off: in bench:fanout the peak RSS on PostgreSQL went from 288-302 to
// 261-269 MB at the same CPU, on PGlite from 637-641 to 506-514 MB. glibc reads it only at start, as V8 its flags.
const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold';
const MALLOC_TUNABLES = `${MALLOC_TUNABLE}=131072`;

/** GLIBC_TUNABLES with the fixed threshold added, or null when nothing is to add (the operator set one, or not Linux). */
export function mallocTunables(env = process.env, platform = process.platform) {
  if (platform !== 'linux') return null;
  const given = env.GLIBC_TUNABLES ?? '';
  if (given.split(':').some((t) => t.split('=')[0] === MALLOC_TUNABLE)) return null;
  return given ? `${given}:${MALLOC_TUNABLES}` : MALLOC_TUNABLES;
}

/** A V8 flag's name as V8 reads it: dashes and underscores are the same. */
const flagName = (arg) => arg.split('=')[0].replaceAll('_', '-');

/**
 * Starts this process again with the worker's heap flags and malloc threshold, unless it already has them (or they are
 * turned off). A size the operator gave in NODE_OPTIONS or on node's command line is kept: node reads NODE_OPTIONS
 * before its command line, so a flag added here would override it. So is a threshold of the operator's GLIBC_TUNABLES.
 */
export function withWorkerHeap(env = process.env, lanes = lanesOf()) {
  const given = new Set([...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].map(flagName));
  const flags = workerHeapFlags(env, lanes).filter((f) => !given.has(flagName(f)));
  // after the restart it is set, so a process restarts once at most
  const tunables = mallocTunables(env);
  if ((!flags.length && !tunables) || typeof process.execve !== 'function') return;
  const restartEnv = tunables ? { ...env, GLIBC_TUNABLES: tunables } : env;
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], restartEnv);
}
