import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, defaultConfig, parseConfig, type Config } from '../policy/config.js';
import { readFileAt } from '../git/objects.js';
import type { Repository } from '../git/repository.js';
import { createCatalog, type Catalog } from '../provenance/catalog.js';
import { UserError } from '../shared/errors.js';

/** Reads `blastwall.yml` from the repository root, or the defaults when there is none. */
export function loadConfig(root: string, file?: string): Config {
  const path = file ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (file === undefined) return defaultConfig();
    throw new UserError(`config file not found: ${file}`, 'check the --config path');
  }
  return parseConfig(text, file ?? CONFIG_FILE);
}

export const catalogFor = (config: Config): Catalog =>
  createCatalog({ tools: config.provenance.tools, markers: config.provenance.markers });

export interface LoadedPolicy {
  readonly config: Config;
  /** Where it came from: `blastwall.yml@<base>`, a --config file, the work tree's file, or `defaults`. */
  readonly source: string;
  readonly warnings: readonly string[];
}

/**
 * The policy that judges a change is the one of its base commit: a change cannot loosen the rules
 * it is judged by. An explicit --config file wins; without a policy at the base, the work tree's
 * file (or the defaults) is used.
 */
export async function loadPolicy(repo: Repository, base: string, file?: string): Promise<LoadedPolicy> {
  if (file !== undefined) return { config: loadConfig(repo.root, file), source: file, warnings: [] };
  const atBase = await readFileAt(repo.root, base, CONFIG_FILE);
  if (atBase === undefined) {
    const config = loadConfig(repo.root);
    return { config, source: existsSync(join(repo.root, CONFIG_FILE)) ? CONFIG_FILE : 'defaults', warnings: [] };
  }
  const text = atBase.toString('utf8');
  const source = `${CONFIG_FILE}@${base.slice(0, 12)}`;
  const config = parseConfig(text, source);
  const warnings: string[] = [];
  let local: string | undefined;
  try {
    local = readFileSync(join(repo.root, CONFIG_FILE), 'utf8');
  } catch {
    local = undefined;
  }
  if (local !== undefined && local !== text) {
    warnings.push(`${CONFIG_FILE} differs from the base's: the change is judged by the policy at ${base.slice(0, 12)} (pass --config ${CONFIG_FILE} to try yours)`);
  }
  return { config, source, warnings };
}
