/** The lanes a `civicast worker` command line asks for (`--lanes bulk` or `--lanes=bulk`); all when not given. */
export function lanesOf(argv?: string[]): string;
/** The lanes a command works (start: all; worker: its --lanes); null for commands that work no jobs. */
export function commandLanes(argv?: string[]): string | null;
/** The V8 flags for a process of `lanes` (start: all), from CIVICAST_WORKER_HEAP_MB; empty when turned off. */
export function workerHeapFlags(env?: NodeJS.ProcessEnv, lanes?: string): string[];
/** Starts this process again with the worker's heap flags, unless it already has them (or they are turned off). */
export function withWorkerHeap(env?: NodeJS.ProcessEnv, lanes?: string): void;
