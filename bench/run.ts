/**
 * Every benchmark in one report (`npm run bench`, which builds first).
 *
 *   node --import tsx bench/run.ts [--commits 20000] [--files 3000] [--seed 1] [--scan-runs 5] [--blame-runs 3] [--depth 1000]
 *                                  [--ingest-commits 100000] [--ingest-runs 3]
 */
import { benchBlame } from './blame.js';
import { benchIngest } from './ingest.js';
import { benchScan } from './scan.js';
import { benchOptions, comparisonTable } from './util.js';

const options = benchOptions(process.argv.slice(2), { 'scan-runs': 5, 'blame-runs': 3, depth: 1000, 'ingest-commits': 100000, 'ingest-runs': 3 });
try {
  const rows = [
    ...(await benchScan({ ...options, runs: options['scan-runs'] })),
    ...(await benchBlame({ ...options, runs: options['blame-runs'] })),
    // Its own, larger history: the target is for 100,000 commits.
    ...(await benchIngest({ ...options, commits: options['ingest-commits'], runs: options['ingest-runs'] })),
  ];
  console.log(comparisonTable(rows));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
