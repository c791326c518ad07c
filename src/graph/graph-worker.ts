import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from './pool.js';
import { prepareWork, type FileJob, type WorkTree } from './shard.js';

/**
 * The entry of a worker thread of pool.ts: takes batches of files from the shared counter, works
 * them and sends each back, then says it is done. A throw here reaches the pool as the worker's
 * `error` event.
 */
const { tree, jobs, next, size } = workerData as { tree: WorkTree; jobs: FileJob[]; next: Int32Array; size: number };
// Extraction only: the main thread resolves, with the one resolver of the build.
const work = await prepareWork(tree, jobs, undefined);
const send = (message: WorkerMessage) => parentPort!.postMessage(message);
for (let batch = Atomics.add(next, 0, 1); batch * size < jobs.length; batch = Atomics.add(next, 0, 1)) {
  send({ batch, results: work(jobs.slice(batch * size, (batch + 1) * size)) });
}
send({ done: true });
