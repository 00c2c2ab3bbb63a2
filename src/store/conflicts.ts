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

export interface ConflictStore {
  open(conflicts: readonly OpenConflict[]): Promise<void>;
  /** The unresolved conflicts of a contact, oldest first. */
  unresolved(contactId: number): Promise<OpenConflict[]>;
  removeAll(accountId: number): Promise<void>;
}

const T = 'gcontacts_conflict';

export function knexConflictStore(ctx: StoreContext): ConflictStore {
  const { db } = ctx;
  return {
    async open(conflicts) {
      for (const c of conflicts) {
        const known = await db(T).where({ account_id: c.accountId, contact_id: c.contactId, field: c.field }).whereNull('resolved_at').first('id');
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
      const rows = await db(T).where('contact_id', contactId).whereNull('resolved_at').orderBy('id');
      return rows.map((row) => ({
        accountId: Number(row.account_id),
        contactId: Number(row.contact_id),
        field: row.field as CardField,
        base: parseJson(row.base_value),
        crm: parseJson(row.crm_value),
        google: parseJson(row.google_value),
      }));
    },
  };
}
