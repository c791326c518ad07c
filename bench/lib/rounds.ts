import { runOnce, summarize, type Command, type Sample, type Timing } from '../util.js';

/** A command with untimed work before each run, such as deleting a cache for a cold start. */
export interface Step extends Command {
  readonly prepare?: () => void;
}

/**
 * `timeInterleaved` of util.ts with a `prepare` hook per command: rounds alternate the order
 * (A B C, C B A, ...), the first `warmup` rounds are not counted, and each timing is a median.
 */
export async function timeSteps<K extends string>(steps: Record<K, Step>, options: { readonly runs: number; readonly warmup: number }): Promise<Record<K, Timing>> {
  const names = Object.keys(steps) as K[];
  const samples = new Map<K, Sample[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const { prepare, ...command } = steps[name];
      prepare?.();
      const sample = await runOnce(command);
      if (round >= options.warmup) samples.get(name)!.push(sample);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples.get(name)!)])) as Record<K, Timing>;
}
