/** Change-feed marks (sql/005): how far the module has read a host feed, as (update time, contact id). */
import type { StoreContext } from './db';

export interface FeedMark {
  updatedAt: string;
  contactId: number;
}

export interface CursorStore {
  get(feed: string): Promise<FeedMark | null>;
  /** Moves the mark forward; a mark behind the stored one (another process read further) is ignored. */
  advance(feed: string, mark: FeedMark): Promise<void>;
}

const T = 'gcontacts_cursor';

/** Feed order: by time (as a time: hosts may write ISO strings of different precision), then by id. */
export function compareMarks(a: FeedMark, b: FeedMark): number {
  return Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.contactId - b.contactId;
}

export function knexCursorStore(ctx: StoreContext): CursorStore {
  const { db } = ctx;
  const get = async (feed: string): Promise<FeedMark | null> => {
    const row = await db(T).where({ feed }).first<{ updated_at: unknown; contact_id: unknown } | undefined>();
    return row ? { updatedAt: String(row.updated_at), contactId: Number(row.contact_id) } : null;
  };
  return {
    get,
    async advance(feed, mark) {
      const row = { updated_at: mark.updatedAt, contact_id: mark.contactId, read_at: ctx.now() };
      const stored = await get(feed);
      if (!stored) {
        await db(T).insert({ feed, ...row }).onConflict('feed').ignore();
        return;
      }
      if (compareMarks(mark, stored) <= 0) return;
      // Conditional on the mark read, so two processes moving it at once cannot move it back.
      await db(T).where({ feed, updated_at: stored.updatedAt, contact_id: stored.contactId }).update(row);
    },
  };
}
