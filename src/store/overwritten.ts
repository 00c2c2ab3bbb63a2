/**
 * Values a conflict policy overwrote (sql/006_overwritten.ts): the losing side of every field changed differently
 * on both sides and settled by 'newest', 'crm' or 'google', kept with both times. The GContacts tab lists a
 * contact's and offers "Restore" (sync/restore-overwritten.ts writes the value back to the CRM, the push carries
 * it to Google).
 */
import type { CardField } from '../core/card';
import type { Side } from '../core/merge';
import { parseJson, type StoreContext } from './db';

export interface OverwrittenValue {
  accountId: number;
  contactId: number;
  field: CardField;
  policy: string;
  lostSide: Side;
  lost: unknown;
  kept: unknown;
  crmTime: string | null;
  googleTime: string | null;
  /** Google's clock minus the CRM's (ms) when the policy compared the times. */
  clockOffsetMs: number;
}

export interface StoredOverwrittenValue extends OverwrittenValue {
  id: number;
  createdAt: string;
  restoredAt: string | null;
}

export interface OverwrittenStore {
  record(values: readonly OverwrittenValue[]): Promise<void>;
  /** A contact's overwritten values, newest first (restored ones too, marked). */
  forContact(contactId: number, limit?: number): Promise<StoredOverwrittenValue[]>;
  get(id: number): Promise<StoredOverwrittenValue | null>;
  /** Marks it restored; false when it already was (two clicks restore once). */
  markRestored(id: number, userId: number | null): Promise<boolean>;
}

const T = 'gcontacts_overwritten';

function fromRow(row: Record<string, unknown>): StoredOverwrittenValue {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    contactId: Number(row.contact_id),
    field: row.field as CardField,
    policy: String(row.policy),
    lostSide: row.lost_side as Side,
    lost: parseJson(row.lost_value),
    kept: parseJson(row.kept_value),
    crmTime: (row.crm_time as string | null) ?? null,
    googleTime: (row.google_time as string | null) ?? null,
    clockOffsetMs: Number(row.clock_offset_ms),
    createdAt: String(row.created_at),
    restoredAt: (row.restored_at as string | null) ?? null,
  };
}

export function knexOverwrittenStore(ctx: StoreContext): OverwrittenStore {
  const { db } = ctx;
  return {
    async record(values) {
      if (values.length === 0) return;
      const createdAt = ctx.now();
      await db(T).insert(
        values.map((v) => ({
          account_id: v.accountId,
          contact_id: v.contactId,
          field: v.field,
          policy: v.policy,
          lost_side: v.lostSide,
          lost_value: JSON.stringify(v.lost),
          kept_value: JSON.stringify(v.kept),
          crm_time: v.crmTime,
          google_time: v.googleTime,
          clock_offset_ms: Math.round(v.clockOffsetMs),
          created_at: createdAt,
        })),
      );
    },
    async forContact(contactId, limit = 50) {
      return (await db(T).where('contact_id', contactId).orderBy('id', 'desc').limit(limit).select<Record<string, unknown>[]>()).map(fromRow);
    },
    async get(id) {
      const row = await db(T).where({ id }).first<Record<string, unknown> | undefined>();
      return row ? fromRow(row) : null;
    },
    async markRestored(id, userId) {
      return (await db(T).where({ id }).whereNull('restored_at').update({ restored_at: ctx.now(), restored_by: userId })) > 0;
    },
  };
}
