// Imported first by the benchmarks whose engine works the jobs in this process: it runs as `civicast start` does (all
// lanes), so it gets the same bounded heap (bin/worker-heap.mjs, or CIVICAST_WORKER_HEAP_MB), started again before
// the other modules load.
import { withWorkerHeap } from '../../bin/worker-heap.mjs';

withWorkerHeap();
