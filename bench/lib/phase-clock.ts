import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../util.js';

/**
 * For the phase scripts: times named phases of one run and prints them as one JSON object of
 * milliseconds by phase (what phases.ts reads), and loads the built modules they time.
 */
export function phaseClock(): { phase: <T>(name: string, work: () => Promise<T> | T) => Promise<T>; print: () => void } {
  const times: Record<string, number> = {};
  return {
    async phase(name, work) {
      const started = performance.now();
      const result = await work();
      times[name] = performance.now() - started;
      return result;
    },
    print: () => console.log(JSON.stringify(times)),
  };
}

/** A module of dist/, as the built CLI has it. */
export const loadBuilt = async <T>(...path: string[]): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', ...path)).href)) as T;
