/** Per-contact sync flags. A contact without a row follows the `default_sync_flag` setting. */
import { chunks, toBool, type StoreContext } from './db';

export interface FlagStore {
  /** The flags that were set, keyed by contact id; contacts never set are absent. */
  get(contactIds: readonly number[]): Promise<Map<number, boolean>>;
  set(contactId: number, enabled: boolean, userId: number | null): Promise<void>;
}

const T = 'gcontacts_flag';

export function knexFlagStore(ctx: StoreContext): FlagStore {
  const { db } = ctx;
  return {
    async get(contactIds) {
      const out = new Map<number, boolean>();
      for (const ids of chunks(contactIds)) {
        const rows = await db(T).whereIn('contact_id', ids).select<{ contact_id: unknown; enabled: unknown }[]>('contact_id', 'enabled');
        for (const row of rows) out.set(Number(row.contact_id), toBool(row.enabled));
      }
      return out;
    },
    async set(contactId, enabled, userId) {
      await db(T)
        .insert({ contact_id: contactId, enabled, updated_by: userId, updated_at: ctx.now() })
        .onConflict('contact_id')
        .merge();
    },
  };
}
