/** The lanes a `civicast worker` command line asks for (`--lanes bulk` or `--lanes=bulk`); all when not given. */
export function lanesOf(argv?: string[]): string;
/** The lanes a command works (start: all; worker: its --lanes); null for commands that work no jobs. */
export function commandLanes(argv?: string[]): string | null;
/** The V8 flags for a process of `lanes` (start: all), from CIVICAST_WORKER_HEAP_MB; empty when turned off. */
export function workerHeapFlags(env?: NodeJS.ProcessEnv, lanes?: string): string[];
/** GLIBC_TUNABLES with malloc's mmap threshold fixed added, or null when nothing is to add (set already, or not Linux). */
export function mallocTunables(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
/** Starts this process again with the worker's heap flags and malloc threshold, unless it already has them. */
export function withWorkerHeap(env?: NodeJS.ProcessEnv, lanes?: string): void;
