/**
 * Pending pushes (architecture §3): at most one row per (account, contact), whatever happened to the contact since the
 * last push, because the worker always pushes the contact's CURRENT state. Enqueueing coalesces into that row and
 * bumps its version (see sql/002_push); the worker clears a row only at the version it read.
 */
import { chunks, inserted, type StoreContext } from './db';

/** Why the row was written: a CRM change, a CRM delete, or Export all. The worker decides from current state. */
export type OutboxOp = 'change' | 'delete' | 'export';

export interface OutboxEntry {
  accountId: number;
  contactId: number;
  op: OutboxOp;
}

export interface OutboxRow extends OutboxEntry {
  id: number;
  version: number;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}

export interface OutboxStore {
  /** Coalesced upsert, due at once; one statement per CHUNK rows. */
  enqueue(entries: readonly OutboxEntry[]): Promise<void>;
  /** Rows of the account due at `now`, oldest first. */
  due(accountId: number, limit: number): Promise<OutboxRow[]>;
  /** Removes the rows that were pushed, unless a newer change coalesced into them meanwhile. */
  clear(rows: readonly Pick<OutboxRow, 'id' | 'version'>[]): Promise<void>;
  /** Records a failed attempt: attempts + 1, tried again at `nextAttemptAt`. */
  postpone(rows: readonly Pick<OutboxRow, 'id' | 'attempts'>[], nextAttemptAt: (attempts: number) => string, error: string): Promise<void>;
  /** The accounts that have rows due now (every worker process looks, so rows queued by another process go out). */
  dueAccounts(): Promise<number[]>;
  /** Makes postponed rows due again at once (the push retries one transient failure within its run). */
  dueNow(rows: readonly Pick<OutboxRow, 'id'>[]): Promise<void>;
  count(accountId: number): Promise<number>;
  /** Makes the account's rows waiting for their backoff due now (a person asked for a push, or "Retry" on the setup page); returns how many. */
  retryNow(accountId: number): Promise<number>;
  /** The account's rows not due yet: how many, and when the first of them is due. */
  waiting(accountId: number): Promise<{ count: number; next: string | null }>;
  /** The rows waiting for this contact, in every account (the GContacts tab's 'pending'). */
  ofContact(contactId: number): Promise<OutboxRow[]>;
  removeAll(accountId: number): Promise<void>;
}

const T = 'gcontacts_outbox';

function fromRow(row: Record<string, unknown>): OutboxRow {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    contactId: Number(row.contact_id),
    op: row.op as OutboxOp,
    version: Number(row.version),
    attempts: Number(row.attempts),
    nextAttemptAt: String(row.next_attempt_at),
    lastError: (row.last_error as string | null) ?? null,
  };
}

export function knexOutboxStore(ctx: StoreContext): OutboxStore {
  const { db } = ctx;
  return {
    async enqueue(entries) {
      const now = ctx.now();
      for (const part of chunks(entries)) {
        const rows = part.map((e) => ({ account_id: e.accountId, contact_id: e.contactId, op: e.op, attempts: 0, next_attempt_at: now, last_error: null, created_at: now, updated_at: now, version: 0 }));
        await db(T)
          .insert(rows)
          .onConflict(['account_id', 'contact_id'])
          .merge({
            op: inserted(db, 'op'),
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            updated_at: now,
            version: db.raw('?? + 1', [`${T}.version`]),
          });
      }
    },
    async due(accountId, limit) {
      const rows = await db(T).where('account_id', accountId).andWhere('next_attempt_at', '<=', ctx.now()).orderBy(['next_attempt_at', 'id']).limit(limit);
      return rows.map(fromRow);
    },
    async clear(rows) {
      for (const part of chunks(rows)) {
        await db(T)
          .where((q) => {
            for (const row of part) q.orWhere({ id: row.id, version: row.version });
          })
          .delete();
      }
    },
    async postpone(rows, nextAttemptAt, error) {
      const now = ctx.now();
      for (const row of rows) {
        await db(T).where({ id: row.id }).update({ attempts: row.attempts + 1, next_attempt_at: nextAttemptAt(row.attempts + 1), last_error: error, updated_at: now });
      }
    },
    async dueAccounts() {
      const rows = await db(T).distinct<{ account_id: unknown }[]>('account_id').where('next_attempt_at', '<=', ctx.now());
      return rows.map((row) => Number(row.account_id));
    },
    async dueNow(rows) {
      const now = ctx.now();
      for (const part of chunks(rows)) await db(T).whereIn('id', part.map((row) => row.id)).update({ next_attempt_at: now });
    },
    async retryNow(accountId) {
      const now = ctx.now();
      return Number(await db(T).where('account_id', accountId).andWhere('next_attempt_at', '>', now).update({ next_attempt_at: now, updated_at: now }));
    },
    async waiting(accountId) {
      const row = await db(T).where('account_id', accountId).andWhere('next_attempt_at', '>', ctx.now()).count({ n: '*' }).min({ next: 'next_attempt_at' }).first();
      return { count: Number(row?.n ?? 0), next: row?.next ? String(row.next) : null };
    },
    async ofContact(contactId) {
      return (await db(T).where('contact_id', contactId).orderBy('id')).map(fromRow);
    },
    async removeAll(accountId) {
      await db(T).where('account_id', accountId).delete();
    },
    async count(accountId) {
      const row = await db(T).where('account_id', accountId).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
