/**
 * One `blastwall check` taken apart, in a fresh process as the command runs: each phase of the
 * gate timed on its own (the command runs history, diff and radius at the same time), through the
 * built library. Prints one JSON object of milliseconds by phase.
 *
 *   node --import tsx bench/lib/check-phases.ts <repo> <base> <head>
 */
import type * as Config from '../../src/cli/config.js';
import type * as Index from '../../src/index.js';
import { loadBuilt, phaseClock } from './phase-clock.js';

type Library = typeof Index;
type CliConfig = typeof Config;

const [repoDir, baseRef, headRef] = process.argv.slice(2);
if (repoDir === undefined || baseRef === undefined || headRef === undefined) throw new Error('usage: check-phases.ts <repo> <base> <head>');

const lib = await loadBuilt<Library>('index.js');
const cli = await loadBuilt<CliConfig>('cli', 'config.js');

const { phase, print } = phaseClock();

const repo = await phase('open repository', () => lib.openRepository(repoDir));
const { base, head, config, catalog } = await phase('resolve base and head, policy of the base', async () => {
  const { base, head } = await lib.resolveChange(repo, { base: baseRef, head: headRef });
  const policy = await cli.loadPolicy(repo, base);
  return { base, head, config: policy.config, catalog: cli.catalogFor(policy.config) };
});
const range = `${base}..${head}`;
await phase('history (commits, provenance)', () => lib.readHistory(repo, { catalog, range, minConfidence: config.provenance.minConfidence, notesRefs: config.provenance.notes }));
await phase('diff (numstat, hunks)', () => Promise.all([lib.diffStat(repo.root, base, head), lib.readRangePatch(repo.root, base, head)]));
await phase('radius', () => lib.analyzeRadius(repo, { config, base, head }));
const gathered = await phase('all facts at once, as check gathers them (2nd time)', () => lib.gatherFacts(repo, { config, catalog, base, head }));
await phase('evaluate', () => lib.evaluate({ facts: gathered.facts, policy: config, catalog, signOffs: [], overrides: [] }));
print();
