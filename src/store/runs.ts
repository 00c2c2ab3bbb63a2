/**
 * The run history (gcontacts_run): each push, export, cleanup, sync and reconcile with its progress, counts and
 * error. A pull keeps its resume point in `checkpoint` while it runs, cleared when it ends: a run that died keeps
 * it, and the account's next pull starts from there.
 */
import { parseJson, type StoreContext } from './db';

/** sync: the incremental pull (a full one when there is no usable sync token); reconcile: a full pull. */
export type RunKind = 'push' | 'export' | 'cleanup' | 'check' | 'sync' | 'reconcile' | 'import';
export type RunTrigger = 'cron' | 'cli' | 'web' | 'test';
/**
 * needs_confirmation: a pull stopped by the mass-deletion guard, having changed nothing, or a push that held back
 * the contacts it found deleted in Google past that guard; confirmed: such a run after an admin confirmed it (the
 * confirming run applied it).
 */
export type RunStatus = 'running' | 'done' | 'failed' | 'needs_confirmation' | 'confirmed';

/** Counts of what a run did, by outcome (created, updated, deleted, ungrouped, unchanged, failed, …). */
export type RunCounts = Record<string, number>;

export interface Run {
  id: number;
  accountId: number | null;
  kind: RunKind;
  trigger: RunTrigger;
  userId: number | null;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  progressDone: number;
  progressTotal: number | null;
  counts: RunCounts;
  error: string | null;
  checkpoint: unknown;
}

export interface RunStore {
  start(input: { accountId: number | null; kind: RunKind; trigger: RunTrigger; userId?: number | null; total?: number | null }): Promise<number>;
  progress(id: number, done: number, total: number | null, counts: RunCounts): Promise<void>;
  finish(id: number, status: Exclude<RunStatus, 'running'>, counts: RunCounts, error: string | null): Promise<void>;
  /** Forgets a run that found nothing to do (an adaptive poll every few seconds would bury the history). */
  discard(id: number): Promise<void>;
  get(id: number): Promise<Run | null>;
  /** Newest first. */
  recent(limit: number): Promise<Run[]>;
  saveCheckpoint(id: number, checkpoint: unknown): Promise<void>;
  /** The account's latest run of these kinds, if any. */
  latest(accountId: number, kinds: readonly RunKind[]): Promise<Run | null>;
  setStatus(id: number, status: RunStatus): Promise<void>;
  /** The account's latest run of these kinds that ended well (the setup page's "last successful push/pull"). */
  latestDone(accountId: number, kinds: readonly RunKind[]): Promise<Run | null>;
}

const T = 'gcontacts_run';

function fromRow(row: Record<string, unknown>): Run {
  return {
    id: Number(row.id),
    accountId: row.account_id == null ? null : Number(row.account_id),
    kind: row.kind as RunKind,
    trigger: row.trigger as RunTrigger,
    userId: row.user_id == null ? null : Number(row.user_id),
    status: row.status as RunStatus,
    startedAt: String(row.started_at),
    finishedAt: (row.finished_at as string | null) ?? null,
    progressDone: Number(row.progress_done),
    progressTotal: row.progress_total == null ? null : Number(row.progress_total),
    counts: parseJson<RunCounts>(row.counts) ?? {},
    error: (row.error as string | null) ?? null,
    checkpoint: parseJson<unknown>(row.checkpoint),
  };
}

export function knexRunStore(ctx: StoreContext): RunStore {
  const { db } = ctx;
  return {
    async start({ accountId, kind, trigger, userId = null, total = null }) {
      const [id] = await db(T).insert({ account_id: accountId, kind, trigger, user_id: userId, status: 'running', started_at: ctx.now(), progress_total: total, counts: '{}' });
      return Number(id);
    },
    async progress(id, done, total, counts) {
      await db(T).where({ id }).update({ progress_done: done, progress_total: total, counts: JSON.stringify(counts) });
    },
    async finish(id, status, counts, error) {
      await db(T).where({ id }).update({ status, counts: JSON.stringify(counts), error, finished_at: ctx.now() });
    },
    async discard(id) {
      await db(T).where({ id }).delete();
    },
    async get(id) {
      const row = await db(T).where({ id }).first<Record<string, unknown> | undefined>();
      return row ? fromRow(row) : null;
    },
    async recent(limit) {
      return (await db(T).orderBy('id', 'desc').limit(limit)).map(fromRow);
    },
    async saveCheckpoint(id, checkpoint) {
      await db(T).where({ id }).update({ checkpoint: checkpoint === null ? null : JSON.stringify(checkpoint) });
    },
    async latest(accountId, kinds) {
      const row = await db(T).where('account_id', accountId).whereIn('kind', kinds).orderBy('id', 'desc').first<Record<string, unknown> | undefined>();
      return row ? fromRow(row) : null;
    },
    async latestDone(accountId, kinds) {
      const row = await db(T).where({ account_id: accountId, status: 'done' }).whereIn('kind', kinds).orderBy('id', 'desc').first<Record<string, unknown> | undefined>();
      return row ? fromRow(row) : null;
    },
    async setStatus(id, status) {
      await db(T).where({ id }).update({ status });
    },
  };
}
