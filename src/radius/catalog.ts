import { listFiles } from '../git/ls-files.js';
import type { Repository } from '../git/repository.js';
import { readOptional } from '../graph/fs.js';
import { parseCatalogInfo, type BackstageEntity } from '../ownership/backstage.js';
import { formatProblem } from '../ownership/problem.js';
import type { ServicesConfig } from '../ownership/schema.js';
import { buildServiceCatalog, type ServiceCatalog } from '../ownership/services.js';

const CATALOG_FILES = [':(glob)**/catalog-info.yaml', ':(glob)**/catalog-info.yml'];

export interface ServiceCatalogReading {
  readonly catalog: ServiceCatalog;
  /** Problems of the catalog files and of the declared services, as `file:line: message`. */
  readonly warnings: readonly string[];
}

/**
 * The services of blastwall.yml and of the Backstage catalogs (catalog-info.yaml) in the work tree,
 * for callers that need the catalog without a radius (insights --by zone). Without a repository,
 * the declared services alone. The radius reads the same catalogs from its listing of the work tree,
 * through its cache (analyze.ts).
 */
export async function readServiceCatalog(repo: Repository | undefined, declared: ServicesConfig): Promise<ServiceCatalogReading> {
  const backstage: BackstageEntity[] = [];
  const warnings: string[] = [];
  if (repo !== undefined) {
    for (const path of await listFiles(repo.root, CATALOG_FILES)) {
      const text = await readOptional(repo.root, path);
      // Tracked but deleted from the work tree: not part of it any more.
      if (text === undefined) continue;
      const reading = parseCatalogInfo(text, path);
      backstage.push(...reading.entities);
      warnings.push(...reading.problems.map(formatProblem));
    }
  }
  const catalog = buildServiceCatalog({ declared, backstage });
  warnings.push(...catalog.problems.map(formatProblem));
  return { catalog, warnings };
}
