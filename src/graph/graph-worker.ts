import { parentPort, workerData } from 'node:worker_threads';
import { workShard, type FileJob, type WorkTree } from './shard.js';

/**
 * The entry of a worker thread of pool.ts: works its run of files and sends the results back. A
 * throw here reaches the pool as the worker's `error` event.
 */
const { tree, jobs } = workerData as { tree: WorkTree; jobs: FileJob[] };
parentPort!.postMessage(await workShard(tree, jobs));
