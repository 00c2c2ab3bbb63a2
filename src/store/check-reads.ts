/**
 * Read-only queries of Check synchro: the outbox rows still to push, those that failed, the account's failed runs.
 * Each answers a complete count and the first `limit` rows, so a backlog of 50,000 rows costs two small queries.
 */
import type { Knex } from 'knex';
import type { Listed } from '../core/check';
import type { OutboxOp } from './outbox';
import type { StoreContext } from './db';
import type { RunKind } from './runs';

export interface OutboxItem {
  contactId: number;
  op: OutboxOp;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}

export interface FailedRunItem {
  runId: number;
  kind: RunKind;
  startedAt: string;
  error: string | null;
}

export interface CheckReads {
  /** Every pending row, the next due first. */
  pendingOutbox(accountId: number, limit: number): Promise<Listed<OutboxItem>>;
  /** Rows whose last attempt failed, the latest failure first. */
  failedOutbox(accountId: number, limit: number): Promise<Listed<OutboxItem>>;
  /** The account's failed runs, newest first. */
  failedRuns(accountId: number, limit: number): Promise<Listed<FailedRunItem>>;
}

function outboxItem(row: Record<string, unknown>): OutboxItem {
  return {
    contactId: Number(row.contact_id),
    op: row.op as OutboxOp,
    attempts: Number(row.attempts),
    nextAttemptAt: String(row.next_attempt_at),
    lastError: (row.last_error as string | null) ?? null,
  };
}

export function knexCheckReads({ db }: StoreContext): CheckReads {
  const outbox = (accountId: number) => db('gcontacts_outbox').where('account_id', accountId);
  const failedOutbox = (accountId: number) => outbox(accountId).whereNotNull('last_error');
  const failedRuns = (accountId: number) => db('gcontacts_run').where({ account_id: accountId, status: 'failed' });
  const count = async (query: Knex.QueryBuilder) => Number((await query.count({ n: '*' }).first<{ n: unknown } | undefined>())?.n ?? 0);
  return {
    async pendingOutbox(accountId, limit) {
      const rows = await outbox(accountId).orderBy(['next_attempt_at', 'id']).limit(limit);
      return { count: await count(outbox(accountId)), items: rows.map(outboxItem) };
    },
    async failedOutbox(accountId, limit) {
      const rows = await failedOutbox(accountId).orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
      return { count: await count(failedOutbox(accountId)), items: rows.map(outboxItem) };
    },
    async failedRuns(accountId, limit) {
      const rows = await failedRuns(accountId).orderBy('id', 'desc').limit(limit).select<Record<string, unknown>[]>();
      const items = rows.map((row) => ({ runId: Number(row.id), kind: row.kind as RunKind, startedAt: String(row.started_at), error: (row.error as string | null) ?? null }));
      return { count: await count(failedRuns(accountId)), items };
    },
  };
}
