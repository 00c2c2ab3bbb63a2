/**
 * What a pull run reports: the six counts every run of the history shows (created, updated, deleted, conflicts,
 * errors, skipped), folded from the finer outcomes the engines record per contact. The fine names stay visible
 * where they say more than the fold (a person matched on first link, an import candidate, a duplicate).
 */
/** Counts by outcome, as runs record them. */
export type RunCountsLike = Readonly<Record<string, number>>;

export const PULL_SUMMARY = ['created', 'updated', 'deleted', 'conflicts', 'errors', 'skipped'] as const;
export type PullSummaryKey = (typeof PULL_SUMMARY)[number];

/** Outcome recorded per contact (push-updates, google-deleted, the pull) → the count it adds to. */
const FOLD: Record<string, PullSummaryKey> = {
  imported: 'created',
  updated: 'updated',
  merged: 'updated',
  regrouped: 'updated',
  'google-deleted': 'deleted',
  unlinked: 'deleted',
  conflicts: 'conflicts',
  failed: 'errors',
  unchanged: 'skipped',
  skipped: 'skipped',
  candidate: 'skipped',
  ambiguous: 'skipped',
  duplicate: 'skipped',
  orphan: 'skipped',
};

/**
 * Outcomes shown besides the six: they explain a 'skipped', or say how a person was linked (a linked or relinked
 * person is also counted once by what its update did).
 */
const SHOWN = new Set(['linked', 'relinked', 'candidate', 'ambiguous', 'duplicate', 'orphan', 'full', 'requests', 'pending-removals']);

export function summarisePull(raw: RunCountsLike): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(PULL_SUMMARY.map((key) => [key, 0]));
  for (const [outcome, n] of Object.entries(raw)) {
    const key = FOLD[outcome];
    if (key) out[key] = (out[key] ?? 0) + n;
    if (SHOWN.has(outcome)) out[outcome] = n;
  }
  return out;
}
