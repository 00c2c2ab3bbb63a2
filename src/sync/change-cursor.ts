/**
 * The durable path into the outbox (issue 8). Host events are the fast path: a handler only notes the contact in
 * memory and triggers.ts writes the outbox rows a moment later, so a crash in between loses the change, and a host
 * whose events can be lost (a real Dolibarr never retries a webhook) loses it too. The change cursor closes that
 * gap: at startup and on every push tick it reads the host's change feed (contacts ordered by (updatedAt, id))
 * past a mark kept in gcontacts_cursor and queues every contact no event of this process queued. When nothing
 * changed it is one indexed query that returns no row.
 *
 * Two details keep it exact:
 * - What the events already queued is remembered here (per host, until the mark passes it), so the cursor does not
 *   push every change a second time; after a restart that memory is empty, which is exactly when the feed matters.
 * - The mark stays SETTLE_MS behind the clock: a write whose transaction commits after a later one was read (two
 *   MySQL connections) still has its update time inside the window read again next time.
 *
 * Deletes leave no row in the feed: the daily reconcile finds them instead (links whose CRM contact is gone).
 */
import type { CrmContact, Host } from '../host-contract';
import type { Account } from '../store/accounts';
import { compareMarks, type FeedMark } from '../store/cursor';
import type { SyncContext } from './context';
import { contactPages } from './crm-pages';

const FEED = 'contacts';
/** How long a transaction may commit after its update time was taken and still be read by the cursor. */
export const SETTLE_MS = 10_000;

interface HostMemory {
  /** Update time (ms) of the latest version of each contact already queued by this process. */
  queued: Map<number, number>;
  /** One catch-up at a time per host: the startup scan and a push tick may meet. */
  running: Promise<unknown>;
}

/** Kept in the global symbol registry like the triggers: a host may load this file as ESM and as CJS. */
const memories: WeakMap<Host, HostMemory> = ((globalThis as Record<symbol, unknown>)[Symbol.for('gcontacts.change-cursor')] ??= new WeakMap()) as WeakMap<Host, HostMemory>;

function memoryOf(host: Host): HostMemory {
  let memory = memories.get(host);
  if (!memory) memories.set(host, (memory = { queued: new Map(), running: Promise.resolve() }));
  return memory;
}

/** Records contacts whose current version is in the outbox (the triggers call it after each write). */
export function noteQueued(host: Host, contacts: Iterable<Pick<CrmContact, 'id' | 'updatedAt'>>): void {
  const { queued } = memoryOf(host);
  for (const { id, updatedAt } of contacts) {
    const at = Date.parse(updatedAt);
    if (!((queued.get(id) ?? -Infinity) >= at)) queued.set(id, at);
  }
}

/** Reads the feed past the mark and queues what was missed; returns how many contacts it queued. */
export function catchUp(sync: SyncContext): Promise<number> {
  const memory = memoryOf(sync.host);
  const next = memory.running.then(() => readFeed(sync, memory));
  memory.running = next.catch(() => undefined);
  return next;
}

async function readFeed(sync: SyncContext, memory: HostMemory): Promise<number> {
  const { host, stores } = sync;
  const settled = host.clock.now().getTime() - SETTLE_MS;
  const mark = await stores.cursor.get(FEED);
  if (!mark) {
    // First start: what exists now reaches Google through Export all (and the first link), not through the feed.
    await stores.cursor.advance(FEED, { updatedAt: host.clock.now().toISOString(), contactId: 0 });
    return 0;
  }
  const accounts = await stores.accounts.list();
  // With no account nothing is owed to Google (a new account starts with Export all): the mark goes to the end.
  const horizon = accounts.length === 0 ? Infinity : settled;
  let reached: FeedMark = mark;
  let missed = 0;
  for await (const page of contactPages(host, { changedSince: mark.updatedAt })) {
    const fresh = page.filter((c) => compareMarks({ updatedAt: c.updatedAt, contactId: c.id }, mark) > 0);
    const unqueued = fresh.filter((c) => !((memory.queued.get(c.id) ?? -Infinity) >= Date.parse(c.updatedAt)));
    if (unqueued.length > 0) {
      const entries = accounts.flatMap((account) => unqueued.map((c) => ({ accountId: account.id, contactId: c.id, op: 'change' as const })));
      if (entries.length > 0) await stores.outbox.enqueue(entries);
      noteQueued(host, unqueued);
      missed += unqueued.length;
    }
    for (const c of fresh) if (Date.parse(c.updatedAt) <= horizon) reached = { updatedAt: c.updatedAt, contactId: c.id };
  }
  if (reached !== mark) {
    await stores.cursor.advance(FEED, reached);
    const passed = Date.parse(reached.updatedAt);
    for (const [id, at] of memory.queued) if (at <= passed) memory.queued.delete(id);
  }
  if (missed > 0) host.log.info('gcontacts: queued CRM changes no event brought (after a restart or a lost event)', { contacts: missed });
  return missed;
}

/**
 * The deletes no event brought: links of the account whose CRM contact is gone get a 'delete' row, which the push
 * handles by `crm_delete_action`. Run by the reconcile; one read of the account's links.
 */
export async function queueVanished(sync: SyncContext, account: Account): Promise<number> {
  const { links, outbox } = sync.stores;
  let vanished = 0;
  for (let after = 0; ; ) {
    const page = await links.page(account.id, after, 1000);
    if (page.length === 0) break;
    const present = new Set((await sync.host.contacts.getMany(page.map((l) => l.contactId))).map((c) => c.id));
    const gone = page.filter((l) => l.state !== 'unlinked' && !present.has(l.contactId));
    if (gone.length > 0) await outbox.enqueue(gone.map((l) => ({ accountId: account.id, contactId: l.contactId, op: 'delete' as const })));
    vanished += gone.length;
    after = page[page.length - 1]!.contactId;
  }
  return vanished;
}
