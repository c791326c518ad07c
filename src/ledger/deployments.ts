import { resolveCommit, type Repository as GitRepository } from '../git/repository.js';
import { commitsBetween, lookupCommits } from '../git/rev-list.js';
import type { ImportedDeployment } from './importers/records.js';
import type { DeploymentRecord, DeploymentStatus } from './records.js';
import { utc } from './rows.js';
import type { Store } from './store.js';

/**
 * Deployments into the ledger, each with the commits it shipped: `previous..sha`, where previous
 * is the commit the source says ran before, else the one of the previous successful deployment of
 * the same service to the same environment.
 *
 * The first deployment recorded for a service and environment ships only its own commit: what ran
 * before is unknown, and taking the whole history would make every old commit look freshly shipped
 * (and a suspect for any incident soon after).
 */

export interface DeploymentRequest {
  readonly repository: string;
  readonly environment: string;
  /** One row per service. */
  readonly services: readonly string[];
  /** A revision, resolved to its commit. */
  readonly sha: string;
  /** A revision: the commit that ran before (default: the previous successful deployment's). */
  readonly previous?: string | undefined;
  readonly status: DeploymentStatus;
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
}

export interface ShippedDeployment {
  readonly id: number;
  /** False: the same deployment (repository, environment, service, start, sha) was already there. */
  readonly created: boolean;
  readonly commitsAdded: number;
  readonly environment: string;
  readonly service: string;
  readonly sha: string;
  readonly status: DeploymentStatus;
  readonly startedAt: string;
  /** Where the shipped range starts; undefined when nothing is known to have run before. */
  readonly since: string | undefined;
  /** Newest first. */
  readonly commits: readonly string[];
}

export interface DeploymentsResult {
  readonly deployments: ShippedDeployment[];
  readonly warnings: string[];
}

/** `blastwall deploy record`: one deployment per service, idempotent by the store's natural key. */
export async function recordDeployments(repo: GitRepository, store: Store, request: DeploymentRequest): Promise<DeploymentsResult> {
  const sha = await resolveCommit(repo, request.sha);
  const previous = request.previous === undefined ? undefined : await resolveCommit(repo, request.previous);
  const shipper = new Shipper(repo, store);
  shipper.know([sha, ...(previous === undefined ? [] : [previous])]);
  const deployments: ShippedDeployment[] = [];
  for (const service of [...new Set(request.services)]) {
    const { repository, environment, status, startedAt, finishedAt } = request;
    deployments.push(await shipper.record({ repository, environment, service, sha, previousSha: previous, status, startedAt, finishedAt }));
  }
  return { deployments, warnings: shipper.warnings };
}

/**
 * Deployments from an import, through a store that is inside the import's transaction. Oldest
 * first, so that each finds the one before it, also when both come from this file.
 */
export async function storeImportedDeployments(repo: GitRepository, store: Store, repository: string, imported: readonly ImportedDeployment[]): Promise<DeploymentsResult> {
  const shipper = new Shipper(repo, store);
  const shas = imported.flatMap((deployment) => [deployment.sha, ...(deployment.previousSha === undefined ? [] : [deployment.previousSha])]);
  shipper.know(shas, await lookupCommits(repo, shas));
  const deployments: ShippedDeployment[] = [];
  const oldestFirst = [...imported].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  for (const deployment of oldestFirst) {
    for (const service of [...new Set(deployment.services)]) {
      const { environment, sha, previousSha, status, startedAt, finishedAt } = deployment;
      deployments.push(await shipper.record({ repository, environment, service, sha, previousSha, status, startedAt, finishedAt }));
    }
  }
  return { deployments, warnings: shipper.warnings };
}

/** Records deployments, asking git as little as it can: which commits exist, in one process; each range once. */
class Shipper {
  readonly warnings: string[] = [];
  readonly #repo: GitRepository;
  readonly #store: Store;
  /** Commit id → whether git has it. */
  readonly #known = new Map<string, boolean>();
  readonly #ranges = new Map<string, string[]>();
  /** Per service and environment, the start of the latest shipped deployment recorded here. */
  readonly #lastShipped = new Map<string, string>();

  constructor(repo: GitRepository, store: Store) {
    this.#repo = repo;
    this.#store = store;
  }

  /** Marks ids as known to git (ids resolved already), or as `lookup` says. */
  know(shas: readonly string[], lookup?: ReadonlyMap<string, string | undefined>): void {
    for (const sha of shas) this.#known.set(sha, lookup === undefined || lookup.get(sha) === sha);
  }

  async record(given: DeploymentRecord): Promise<ShippedDeployment> {
    // In UTC, as the store keeps it, so that times compare as text.
    const record = { ...given, startedAt: utc(given.startedAt) };
    const { commits, since } = await this.#shipped(record);
    const recorded = await this.#store.recordDeployment(record, commits);
    if (SHIPPED.has(record.status)) this.#lastShipped.set(groupOf(record), record.startedAt);
    return { ...recorded, environment: record.environment, service: record.service, sha: record.sha, status: record.status, startedAt: record.startedAt, since, commits };
  }

  async #shipped(record: DeploymentRecord): Promise<{ commits: string[]; since: string | undefined }> {
    const where = `${record.service} to ${record.environment} at ${record.startedAt}`;
    if (!(await this.#has(record.sha))) {
      this.warnings.push(`deployment of ${where}: commit ${record.sha} is not in this repository; recorded without its commits`);
      return { commits: [], since: undefined };
    }
    const since = record.previousSha ?? (await this.#previousSha(record));
    if (since === undefined) return { commits: [record.sha], since };
    if (!(await this.#has(since))) {
      this.warnings.push(`deployment of ${where}: the commit before it, ${since}, is not in this repository; recorded with its own commit only`);
      return { commits: [record.sha], since: undefined };
    }
    const range = `${since}..${record.sha}`;
    let commits = this.#ranges.get(range);
    if (commits === undefined) this.#ranges.set(range, (commits = await commitsBetween(this.#repo, since, record.sha)));
    return { commits, since };
  }

  async #has(sha: string): Promise<boolean> {
    if (!this.#known.has(sha)) this.know([sha], await lookupCommits(this.#repo, [sha]));
    return this.#known.get(sha)!;
  }

  /**
   * The commit of the previous shipped deployment of the service to the environment. GitHub marks
   * a successful deployment `inactive` once a newer one replaces it, which still means it ran;
   * `previousDeployment` knows only `success`, so the inactive ones since then are looked at too.
   */
  async #previousSha(record: DeploymentRecord): Promise<string | undefined> {
    const { repository, environment, service, startedAt } = record;
    const success = await this.#store.previousDeployment(repository, environment, service, startedAt);
    // The latest shipped one recorded from this batch bounds the search: an import reads no deployment twice.
    const bounds = [success?.startedAt, this.#lastShipped.get(groupOf(record))].filter((time) => time !== undefined && time < startedAt);
    const since = bounds.sort().at(-1);
    const between = await this.#store.deployments({ repository, environment, service, since, until: startedAt });
    return (between.filter((deployment) => deployment.status === 'inactive').at(-1) ?? success)?.sha;
  }
}

/** Deployments that ran: a later one of the same service starts from their commit. */
const SHIPPED: ReadonlySet<DeploymentStatus> = new Set(['success', 'inactive']);

const groupOf = (record: DeploymentRecord): string => `${record.repository}\u0000${record.environment}\u0000${record.service}`;
