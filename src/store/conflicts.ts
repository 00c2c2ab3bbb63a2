/**
 * Conflicts awaiting a person's decision (conflict policy 'ask'): a field changed differently on both sides since
 * the last sync. One open row per (account, contact, field): meeting the same conflict again on the next push adds
 * nothing. The GContacts tab shows and resolves them.
 */
import type { CardField } from '../core/card';
import { parseJson, type StoreContext } from './db';

export interface OpenConflict {
  accountId: number;
  contactId: number;
  field: CardField;
  base: unknown;
  crm: unknown;
  google: unknown;
}

export interface StoredConflict extends OpenConflict {
  id: number;
  createdAt: string;
}

/** Which side's value a person chose for a conflicting field. */
export type Resolution = 'crm' | 'google';

export interface ConflictStore {
  open(conflicts: readonly OpenConflict[]): Promise<void>;
  /** The unresolved conflicts of a contact, oldest first. */
  unresolved(contactId: number): Promise<StoredConflict[]>;
  /** Every unresolved conflict, oldest first (after `afterId`). */
  allUnresolved(limit: number, afterId?: number): Promise<StoredConflict[]>;
  get(id: number): Promise<(StoredConflict & { resolution: Resolution | null }) | null>;
  resolve(id: number, resolution: Resolution, userId: number | null): Promise<void>;
  removeAll(accountId: number): Promise<void>;
  /** Unresolved conflicts of one account, oldest first. */
  unresolvedOf(accountId: number, limit: number): Promise<StoredConflict[]>;
  countUnresolved(accountId: number): Promise<number>;
}

const T = 'gcontacts_conflict';

function fromRow(row: Record<string, unknown>): StoredConflict {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    contactId: Number(row.contact_id),
    field: row.field as CardField,
    base: parseJson(row.base_value),
    crm: parseJson(row.crm_value),
    google: parseJson(row.google_value),
    createdAt: String(row.created_at),
  };
}

export function knexConflictStore(ctx: StoreContext): ConflictStore {
  const { db } = ctx;
  return {
    async open(conflicts) {
      for (const c of conflicts) {
        const known = await db(T).where({ account_id: c.accountId, contact_id: c.contactId, field: c.field }).whereNull('resolved_at').first<{ id: unknown } | undefined>('id');
        if (known) continue;
        await db(T).insert({
          account_id: c.accountId,
          contact_id: c.contactId,
          field: c.field,
          base_value: JSON.stringify(c.base),
          crm_value: JSON.stringify(c.crm),
          google_value: JSON.stringify(c.google),
          created_at: ctx.now(),
        });
      }
    },
    async removeAll(accountId) {
      await db(T).where('account_id', accountId).delete();
    },
    async unresolved(contactId) {
      return (await db(T).where('contact_id', contactId).whereNull('resolved_at').orderBy('id')).map(fromRow);
    },
    async unresolvedOf(accountId, limit) {
      return (await db(T).where('account_id', accountId).whereNull('resolved_at').orderBy('id').limit(limit)).map(fromRow);
    },
    async countUnresolved(accountId) {
      const row = await db(T).where('account_id', accountId).whereNull('resolved_at').count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async allUnresolved(limit, afterId = 0) {
      return (await db(T).whereNull('resolved_at').andWhere('id', '>', afterId).orderBy('id').limit(limit)).map(fromRow);
    },
    async get(id) {
      const row = await db(T).where({ id }).first<Record<string, unknown> | undefined>();
      return row ? { ...fromRow(row), resolution: (row.resolution as Resolution | null) ?? null } : null;
    },
    async resolve(id, resolution, userId) {
      await db(T).where({ id }).whereNull('resolved_at').update({ resolution, resolved_by: userId, resolved_at: ctx.now() });
    },
  };
}
