import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult, WorkTree } from './shard.js';

/**
 * Runs the per-file work of a build on several threads: the jobs are cut into `threads` runs of
 * neighbouring files (neighbours share tsconfigs and package.json files, which each thread's
 * resolver then reads once), the first run is done by this thread through `local`, each other run
 * by a worker (graph-worker.ts), and the results come back in the order of the jobs.
 */
export async function workInParallel(tree: WorkTree, jobs: readonly FileJob[], threads: number, local: (jobs: readonly FileJob[]) => Promise<FileResult[]>): Promise<FileResult[]> {
  const size = Math.ceil(jobs.length / threads);
  const shards = Array.from({ length: threads }, (_, at) => jobs.slice(at * size, (at + 1) * size)).filter((shard) => shard.length > 0);
  // Started before this thread takes its own run, so that their loading overlaps it.
  const workers = shards.slice(1).map((shard) => runWorker(tree, shard));
  try {
    const own = await local(shards[0] ?? []);
    const others = await Promise.all(workers.map((worker) => worker.result));
    return own.concat(...others);
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

/** Files whose results a worker sends at once. */
const BATCH = 1000;

function runWorker(tree: WorkTree, jobs: readonly FileJob[]): { result: Promise<FileResult[]>; stop: () => Promise<number> } {
  const worker = startWorker({ tree, jobs, batch: BATCH });
  const result = new Promise<FileResult[]>((resolve, reject) => {
    const failed = (reason: string) => new Error(`the graph worker for ${jobs.length} files from ${jobs[0]?.path} failed: ${reason}`);
    const results: FileResult[] = [];
    worker.on('message', (batch: FileResult[]) => {
      for (const one of batch) results.push(one);
      if (results.length === jobs.length) resolve(results);
    });
    worker.once('error', (error) => reject(failed(error.stack ?? error.message)));
    // A worker that ends without a message or an error (process.exit, killed) must not leave the build waiting.
    worker.once('exit', (code) => reject(failed(`it exited with code ${code} before sending its results`)));
  });
  // Awaited only once this thread's own run is done, and not at all if that run throws.
  result.catch(() => undefined);
  return { result, stop: () => worker.terminate() };
}
