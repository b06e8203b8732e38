// Imported first by the benchmarks whose engine works the jobs in this process: it runs as `civicast worker` does, so
// with CIVICAST_WORKER_HEAP_MB set it gets the same bounded heap (bin/worker-heap.mjs), started again before the
// other modules load.
import { withWorkerHeap } from '../../bin/worker-heap.mjs';

withWorkerHeap();
