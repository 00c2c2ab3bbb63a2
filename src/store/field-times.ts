/**
 * Per-field CRM change times (sql/008_field_times.ts), written by the triggers from the host's events, read by the
 * push's merge for "newest wins".
 */
import type { CardField } from '../core/card';
import { chunks, inserted, type StoreContext } from './db';

export type FieldTimes = Partial<Record<CardField, string>>;

export interface FieldTimeStore {
  /** Records fields changed at `at` (UTC ISO); a later time replaces an earlier one, never the reverse. */
  record(changes: ReadonlyArray<{ contactId: number; fields: FieldTimes }>): Promise<void>;
  forContacts(contactIds: readonly number[]): Promise<Map<number, FieldTimes>>;
}

const T = 'gcontacts_field_time';

export function knexFieldTimeStore(ctx: StoreContext): FieldTimeStore {
  const { db } = ctx;
  return {
    async record(changes) {
      const rows = changes.flatMap(({ contactId, fields }) => Object.entries(fields).map(([field, at]) => ({ contact_id: contactId, field, changed_at: at! })));
      for (const part of chunks(rows)) {
        // ISO times sort as text: the later one stays.
        const later = db.raw('CASE WHEN ?? > ?? THEN ?? ELSE ?? END', [inserted(db, 'changed_at'), `${T}.changed_at`, inserted(db, 'changed_at'), `${T}.changed_at`]);
        await db(T).insert(part).onConflict(['contact_id', 'field']).merge({ changed_at: later });
      }
    },
    async forContacts(contactIds) {
      const out = new Map<number, FieldTimes>();
      for (const part of chunks(contactIds)) {
        const rows = await db(T).whereIn('contact_id', part).select<{ contact_id: unknown; field: string; changed_at: unknown }[]>('contact_id', 'field', 'changed_at');
        for (const row of rows) {
          const id = Number(row.contact_id);
          out.set(id, { ...out.get(id), [row.field as CardField]: String(row.changed_at) });
        }
      }
      return out;
    },
  };
}
