/**
 * The contact list's "Google" column and filter (the host's list-column hook): each contact's state over every
 * account, read in two queries (links, outbox) whatever the page size.
 */
import { LIST_STATES, listState, type ListState } from '../core/tab-compare';
import { chunks, type StoreContext } from './db';

export interface ListStateStore {
  of(contactIds: readonly number[]): Promise<Map<number, ListState>>;
  /**
   * The contacts in `state`, as the host's filter takes them. "Not synced" is every contact but those the module
   * knows, so it is answered as the ids to leave out.
   */
  contactsIn(state: ListState): Promise<{ only: number[] } | { except: number[] }>;
}

const KNOWN_STATES = ['linked', 'conflict', 'pending_create'];

/** The columns read here; ids come back as numbers or strings depending on the driver. */
interface LinkStateRow { contact_id: unknown; state: unknown }
interface QueuedRow { contact_id: unknown }

export function knexListStateStore(ctx: StoreContext): ListStateStore {
  const { db } = ctx;
  const states = (rows: readonly LinkStateRow[], queued: ReadonlySet<number>) => {
    const links = new Map<number, string[]>();
    for (const row of rows) links.set(Number(row.contact_id), [...(links.get(Number(row.contact_id)) ?? []), String(row.state)]);
    const out = new Map<number, ListState>();
    for (const id of new Set([...links.keys(), ...queued])) out.set(id, listState(links.get(id) ?? [], queued.has(id)));
    return out;
  };
  return {
    async of(contactIds) {
      const rows: LinkStateRow[] = [];
      const queued = new Set<number>();
      for (const ids of chunks(contactIds)) {
        rows.push(...(await db('gcontacts_link').whereIn('contact_id', ids).whereIn('state', KNOWN_STATES).select<LinkStateRow[]>('contact_id', 'state')));
        for (const row of await db('gcontacts_outbox').whereIn('contact_id', ids).distinct<QueuedRow[]>('contact_id')) queued.add(Number(row.contact_id));
      }
      const known = states(rows, queued);
      return new Map(contactIds.map((id) => [id, known.get(id) ?? 'not-synced']));
    },
    async contactsIn(state) {
      if (!LIST_STATES.includes(state)) return { only: [] };
      const rows = await db('gcontacts_link').whereIn('state', KNOWN_STATES).select<LinkStateRow[]>('contact_id', 'state');
      const queued = new Set<number>((await db('gcontacts_outbox').distinct<QueuedRow[]>('contact_id')).map((row) => Number(row.contact_id)));
      const known = states(rows, queued);
      if (state === 'not-synced') return { except: [...known].filter(([, s]) => s !== 'not-synced').map(([id]) => id) };
      return { only: [...known].filter(([, s]) => s === state).map(([id]) => id) };
    },
  };
}
