/** The audit trail per contact (gcontacts_log): what the module did to its Google side, and why. */
import { chunks, type StoreContext } from './db';

export interface LogEntry {
  accountId: number | null;
  contactId: number | null;
  runId: number | null;
  /** created, updated, deleted, ungrouped, unlinked, recovered, failed… */
  action: string;
  detail?: Record<string, unknown>;
}

export interface LogStore {
  add(entries: readonly LogEntry[]): Promise<void>;
  forContact(contactId: number, limit: number): Promise<(LogEntry & { createdAt: string })[]>;
  /** A run's entries of these actions, oldest first (an import's per-row results). */
  forRun(runId: number, actions: readonly string[]): Promise<LogEntry[]>;
  /** The latest entries of one action not about a contact (settings changes), newest first. */
  recentOf(action: string, limit: number): Promise<(LogEntry & { createdAt: string })[]>;
}

const T = 'gcontacts_log';

function fromRow(row: Record<string, unknown>): LogEntry & { createdAt: string } {
  return {
    accountId: row.account_id == null ? null : Number(row.account_id),
    contactId: row.contact_id == null ? null : Number(row.contact_id),
    runId: row.run_id == null ? null : Number(row.run_id),
    action: String(row.action),
    ...(row.detail ? { detail: JSON.parse(String(row.detail)) as Record<string, unknown> } : {}),
    createdAt: String(row.created_at),
  };
}

export function knexLogStore(ctx: StoreContext): LogStore {
  const { db } = ctx;
  return {
    async add(entries) {
      const now = ctx.now();
      for (const part of chunks(entries)) {
        const rows = part.map((e) => ({ account_id: e.accountId, contact_id: e.contactId, run_id: e.runId, action: e.action, detail: e.detail ? JSON.stringify(e.detail) : null, created_at: now }));
        if (rows.length > 0) await db(T).insert(rows);
      }
    },
    async recentOf(action, limit) {
      return (await db(T).where({ action }).whereNull('contact_id').orderBy('id', 'desc').limit(limit)).map(fromRow);
    },
    async forContact(contactId, limit) {
      return (await db(T).where('contact_id', contactId).orderBy('id', 'desc').limit(limit)).map(fromRow);
    },
    async forRun(runId, actions) {
      return (await db(T).where('run_id', runId).whereIn('action', [...actions]).orderBy('id')).map(fromRow);
    },
  };
}
