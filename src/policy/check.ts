import type { Repository } from '../git/repository.js';
import type { RadiusReport } from '../radius/analyze.js';
import type { Decision, Override, SignOff } from './decision.js';
import { evaluate } from './evaluate.js';
import type { ChangeFacts } from './facts.js';
import { gatherFacts, type GatherOptions } from './gather.js';

export interface CheckOptions extends GatherOptions {
  readonly signOffs?: readonly SignOff[];
  readonly overrides?: readonly Override[];
}

/** What `blastwall check` returns: the facts it judged, the decision, and the radius behind it. */
export interface CheckReport {
  readonly facts: ChangeFacts;
  readonly decision: Decision;
  readonly radius: RadiusReport;
  readonly warnings: readonly string[];
}

/** Judges a committed change against the policy: gather the facts, then evaluate them. */
export async function checkChange(repo: Repository, options: CheckOptions): Promise<CheckReport> {
  const { facts, radius, warnings } = await gatherFacts(repo, options);
  const decision = evaluate({
    facts,
    policy: options.config,
    catalog: options.catalog,
    signOffs: options.signOffs ?? [],
    overrides: options.overrides ?? [],
  });
  return { facts, decision, radius, warnings };
}
