/**
 * The 2×2 table every comparison starts from: failures among AI-assisted changes and among the others.
 * "Failure" is whatever the caller counts (a change linked to an incident, a revert, a bug-introducing
 * label, a failed deployment); the statistics do not care which.
 */
export interface GroupCounts {
  readonly aiFailures: number;
  readonly aiTotal: number;
  readonly otherFailures: number;
  readonly otherTotal: number;
}

/** Throws a RangeError naming the field when a count is not a whole number ≥ 0 or failures exceed the total. */
export function checkCounts(counts: GroupCounts, where = 'counts'): void {
  for (const field of ['aiFailures', 'aiTotal', 'otherFailures', 'otherTotal'] as const) {
    const value = counts[field];
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${where}.${field} must be a whole number ≥ 0, got ${value}`);
  }
  if (counts.aiFailures > counts.aiTotal) throw new RangeError(`${where}.aiFailures (${counts.aiFailures}) exceeds aiTotal (${counts.aiTotal})`);
  if (counts.otherFailures > counts.otherTotal) {
    throw new RangeError(`${where}.otherFailures (${counts.otherFailures}) exceeds otherTotal (${counts.otherTotal})`);
  }
}

/** The cell-wise sum of several tables (the crude table of a stratified comparison). */
export function sumCounts(tables: Iterable<GroupCounts>): GroupCounts {
  let aiFailures = 0;
  let aiTotal = 0;
  let otherFailures = 0;
  let otherTotal = 0;
  for (const table of tables) {
    aiFailures += table.aiFailures;
    aiTotal += table.aiTotal;
    otherFailures += table.otherFailures;
    otherTotal += table.otherTotal;
  }
  return { aiFailures, aiTotal, otherFailures, otherTotal };
}
