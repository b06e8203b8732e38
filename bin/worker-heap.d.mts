/** The V8 flags for a worker, from CIVICAST_WORKER_HEAP_MB; empty when turned off. */
export function workerHeapFlags(env?: NodeJS.ProcessEnv): string[];
/** Starts this process again with the worker's heap flags, unless it already has them (or they are turned off). */
export function withWorkerHeap(env?: NodeJS.ProcessEnv): void;
