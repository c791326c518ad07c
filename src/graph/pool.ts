import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult, WorkTree } from './shard.js';

/** Files a thread takes at a time: small enough that the threads end together, large enough that neighbours (sharing tsconfigs and package.json files) stay together. */
export const STEAL = 200;

/**
 * Runs the per-file work of a build on several threads that take batches of neighbouring files
 * from one shared counter until none is left: this thread through `work` (made by `prepare`), each
 * other through a worker (graph-worker.ts). A thread that starts late or has slower files simply
 * takes fewer batches, so no thread waits for another at the end. Results come back in job order.
 * `onBatch` hears of each batch this thread finishes, with the number of files taken so far.
 */
export async function workInParallel(
  tree: WorkTree,
  jobs: readonly FileJob[],
  threads: number,
  prepare: () => Promise<(jobs: readonly FileJob[]) => FileResult[]>,
  /** Completes a worker's results on this thread (the workers only extract; this thread resolves). */
  finish: (jobs: readonly FileJob[], results: FileResult[]) => FileResult[],
  onBatch?: (taken: number) => void,
): Promise<FileResult[]> {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const batches = Math.ceil(jobs.length / STEAL);
  const results = new Array<FileResult[]>(batches);
  // Started first, so that their loading overlaps this thread's own work.
  const finished = (batch: number, found: FileResult[]) => (results[batch] = finish(jobs.slice(batch * STEAL, (batch + 1) * STEAL), found));
  const workers = Array.from({ length: threads - 1 }, () => runWorker(tree, jobs, next, finished));
  // The first worker to fail ends the build, even while this thread is still loading.
  const failure = Promise.race(workers.map((worker) => worker.done.then(() => new Promise<never>(() => undefined))));
  failure.catch(() => undefined);
  try {
    const work = await Promise.race([prepare(), failure]);
    for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1)) {
      results[batch] = work(jobs.slice(batch * STEAL, (batch + 1) * STEAL));
      onBatch?.(Math.min(jobs.length, Atomics.load(next, 0) * STEAL));
      // Lets the workers' batches in, to be resolved between this thread's own.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(workers.map((worker) => worker.done));
    return results.flat();
  } finally {
    // On a failure, the workers still running are of no use.
    for (const worker of workers) void worker.stop();
  }
}

/**
 * A worker whose entry sits next to this module: in the `tsc` output (dist/graph/) and in the
 * bundle (this code is in a chunk of dist/cli/chunks/, where scripts/bundle.mjs puts the bundled
 * entry too). Under vitest both are TypeScript, which the worker loads through tsx's loader
 * (Node 20 does not take `--import` in a worker's execArgv, so the worker registers it itself).
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./graph-worker.js', import.meta.url), { workerData });
  const entry = JSON.stringify(new URL('./graph-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`, { eval: true, workerData });
}

/** A worker's messages: a batch it finished, then that it has taken the last one. */
export type WorkerMessage = { readonly batch: number; readonly results: FileResult[] } | { readonly done: true };

function runWorker(tree: WorkTree, jobs: readonly FileJob[], next: Int32Array, finished: (batch: number, results: FileResult[]) => void): { done: Promise<void>; stop: () => Promise<number> } {
  const worker = startWorker({ tree, jobs, next, size: STEAL });
  const done = new Promise<void>((resolve, reject) => {
    const failed = (reason: string) => new Error(`a graph worker failed on the ${jobs.length} files from ${jobs[0]?.path}: ${reason}`);
    worker.on('message', (message: WorkerMessage) => {
      if ('done' in message) resolve();
      else finished(message.batch, message.results);
    });
    worker.once('error', (error) => reject(failed(error.stack ?? error.message)));
    // A worker that ends without a message or an error (process.exit, killed) must not leave the build waiting.
    worker.once('exit', (code) => reject(failed(`it exited with code ${code} before it was done`)));
  });
  // Awaited only once this thread's own work is done, and not at all if that throws.
  done.catch(() => undefined);
  return { done, stop: () => worker.terminate() };
}
