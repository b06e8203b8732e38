// Imported first by the benchmarks whose engine works the jobs in this process: it runs as `civicast worker` does, with
// the worker's bounded heap (bin/worker-heap.mjs), started again with those flags before the other modules load.
import { withWorkerHeap } from '../../bin/worker-heap.mjs';

withWorkerHeap();
