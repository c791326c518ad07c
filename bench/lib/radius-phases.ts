/**
 * One warm `blastwall radius <files> --format json` taken apart, in a fresh process as the command
 * runs: each step of the command through the built modules (loading the CLI is timed apart, see
 * phases.ts). With `--graph`, the module graph alone (work tree and cache), in a process of its
 * own so that it too runs cold. Prints one JSON object of milliseconds by phase.
 *
 *   node --import tsx bench/lib/radius-phases.ts [--graph] <repo> <files...>
 */
import type * as CliConfig from '../../src/cli/config.js';
import type * as Reporters from '../../src/cli/reporters/radius.js';
import type * as Build from '../../src/graph/build.js';
import type * as Index from '../../src/index.js';
import { loadBuilt as load, phaseClock } from './phase-clock.js';

const args = process.argv.slice(2);
const graphOnly = args[0] === '--graph';
const [repoDir, ...files] = graphOnly ? args.slice(1) : args;
if (repoDir === undefined || files.length === 0) throw new Error('usage: radius-phases.ts [--graph] <repo> <files...>');

const { phase, print } = phaseClock();
const lib = await load<typeof Index>('index.js');
const { buildGraph } = await load<typeof Build>('graph', 'build.js');
const { loadConfig } = await load<typeof CliConfig>('cli', 'config.js');
const { radiusJson } = await load<typeof Reporters>('cli', 'reporters', 'radius.js');

const repo = await phase('open repository', () => lib.openRepository(repoDir));
if (graphOnly) {
  await phase('module graph (work tree, cache)', () => buildGraph(repo.root, { gitDir: repo.gitDir }));
} else {
  const config = await phase('blastwall.yml (YAML, schema)', () => loadConfig(repo.root));
  const report = await phase('radius (graph, ownership, co-change, compute)', () => lib.analyzeRadius(repo, { config, files }));
  const text = await phase('JSON report', () => radiusJson(report));
  await phase('report encoded for stdout', () => Buffer.from(text, 'utf8').length);
}
print();
