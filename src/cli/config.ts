import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, defaultConfig, parseConfig, type Config } from '../policy/config.js';
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
