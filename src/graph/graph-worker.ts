import { parentPort, workerData } from 'node:worker_threads';
import { workShard, type FileJob, type WorkTree } from './shard.js';

/**
 * The entry of a worker thread of pool.ts: works its run of files and sends the results back, a batch at a time. A
 * throw here reaches the pool as the worker's `error` event.
 */
const { tree, jobs, batch } = workerData as { tree: WorkTree; jobs: FileJob[]; batch: number };
await workShard(tree, jobs, batch, (results) => parentPort!.postMessage(results));
