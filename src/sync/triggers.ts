/**
 * Host events → outbox rows (architecture §3: a host event only writes an outbox row, no network in the user's save).
 *
 * Why the write is deferred: the host awaits its event handlers inside the save (contacts.update returns after
 * them), so whatever a handler does is added to every CRM save. A handler here only records the contact id in
 * memory, which costs nothing measurable; the rows are written FLUSH_DELAY_MS later, every change of that window
 * in one transaction (a burst of saves, or a third party's 5,000 contacts, is a few multi-row upserts, not one
 * statement per save). A crash within that window loses the event, not the change: the change cursor
 * (change-cursor.ts) reads the host's change feed at the next start and queues what no event did. A synchronous
 * upsert in the handler would add a database write to every save instead — on SQLite's single connection it also
 * queues behind the save's own transaction. bench/push.ts measures the save with the module on and off.
 *
 * Every account gets a row for every change: the worker decides, from current state, whether the account cares
 * (a sales rep's account ignores other reps' contacts at no Google cost). Writes made by the module itself
 * (origin 'gcontacts', the pull) are queued too: with several accounts, a change pulled from one must reach the
 * others; for the account it came from the content hash makes it a no-op.
 */
import { cardFieldsOfChange } from '../core/crm-card';
import type { CrmContact, Host } from '../host-contract';
import type { Account } from '../store/accounts';
import type { FieldTimes } from '../store/field-times';
import type { OutboxEntry, OutboxOp } from '../store/outbox';
import { noteQueued } from './change-cursor';
import type { SyncContext } from './context';
import { contactIdsOfThirdParties } from './crm-pages';

/** Long enough to gather a burst of saves into one write, short enough that a crash rarely falls inside it. */
const FLUSH_DELAY_MS = 100;

/** Finds the rows of a change that needs a lookup first (a third party's contacts), run at flush time. */
type Loader = (accounts: readonly Account[]) => Promise<OutboxEntry[]>;

export interface Triggers {
  /** Writes what is queued; engines call it before reading the outbox, destroy() before stopping. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The triggers subscribed for a host (at most one set): any engine on that host flushes them before reading the
 * outbox. Kept in the global symbol registry, not a module variable: a host may load this file twice (its module
 * loader imports the entry as ESM while a test runner or tool requires it as CJS), and both copies must agree.
 */
const running: WeakMap<Host, Triggers> = ((globalThis as Record<symbol, unknown>)[Symbol.for('gcontacts.triggers')] ??= new WeakMap()) as WeakMap<Host, Triggers>;

export async function flushTriggers(host: Host): Promise<void> {
  await running.get(host)?.flush();
}

/** `onQueued` hears which accounts got rows (the dispatcher wakes their workers). */
export function startTriggers(sync: SyncContext, onQueued: (accountIds: number[]) => void = () => undefined): Triggers {
  void running.get(sync.host)?.stop();
  const triggers = createTriggers(sync, onQueued);
  running.set(sync.host, triggers);
  return triggers;
}

function createTriggers(sync: SyncContext, onQueued: (accountIds: number[]) => void): Triggers {
  const { host, stores } = sync;
  let contacts = new Map<number, Queued>();
  let loaders: Loader[] = [];
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = async () => {
    const [batch, pendingLoaders] = [contacts, loaders];
    contacts = new Map();
    loaders = [];
    if (batch.size === 0 && pendingLoaders.length === 0) return;
    try {
      const accounts = await stores.accounts.list();
      const entries = accounts.flatMap((account) => [...batch].map(([contactId, { op }]) => ({ accountId: account.id, contactId, op })));
      for (const load of pendingLoaders) entries.push(...(await load(accounts)));
      const fieldTimes = [...batch].map(([contactId, { fields }]) => ({ contactId, fields }));
      if (entries.length > 0) {
        await stores.transaction(async (tx) => {
          await tx.outbox.enqueue(entries);
          await tx.fieldTimes.record(fieldTimes);
        });
      }
      noteQueued(host, [...batch].map(([id, { updatedAt }]) => ({ id, updatedAt })));
      if (entries.length > 0) onQueued([...new Set(entries.map((e) => e.accountId))]);
    } catch (e) {
      // Kept for the next flush rather than lost: the database may only be busy.
      for (const [id, queued] of batch) if (!contacts.has(id)) contacts.set(id, queued);
      loaders.push(...pendingLoaders);
      host.log.error('gcontacts: could not queue CRM changes for Google', { error: (e as Error).message });
    }
  };
  const flush = () => {
    writing = writing.then(write);
    return writing;
  };
  const soon = () => {
    if (scheduled) return;
    scheduled = true;
    // unref: a pending flush must not keep a finished CLI process alive; stop() flushes on the way out.
    setTimeout(() => {
      scheduled = false;
      void flush();
    }, FLUSH_DELAY_MS).unref();
  };
  const queue = (contact: CrmContact, op: OutboxOp, changed: FieldTimes = {}) => {
    contacts.set(contact.id, { op, updatedAt: contact.updatedAt, fields: { ...contacts.get(contact.id)?.fields, ...changed } });
    soon();
  };
  const later = (loader: Loader) => {
    loaders.push(loader);
    soon();
  };
  const ofThirdParties = (thirdPartyIds: () => Promise<number[]>): Loader => async (accounts) => {
    const ids = await contactIdsOfThirdParties(host, await thirdPartyIds());
    return accounts.flatMap((account) => ids.map((contactId) => ({ accountId: account.id, contactId, op: 'change' as const })));
  };

  const off = subscribe(host, {
    contact: queue,
    thirdParty: (id) => later(ofThirdParties(async () => [id])),
    salesRep: (userId) => later(ofThirdParties(() => host.contacts.thirdPartiesOfSalesRep(userId))),
    userDeleted: (userId) => later(linkedContactsOfRep(sync, userId)),
  });
  const self: Triggers = {
    flush,
    async stop() {
      off();
      if (running.get(host) === self) running.delete(host);
      await flush();
    },
  };
  return self;
}

/** A contact change waiting in memory: what happened and the update time of the version it was seen at. */
interface Queued {
  op: OutboxOp;
  updatedAt: string;
  /** The fields a person changed in the CRM and when ("newest wins" per field on the CRM's side). */
  fields: FieldTimes;
}

interface Reactions {
  contact(contact: CrmContact, op: OutboxOp, changed?: FieldTimes): void;
  thirdParty(thirdPartyId: number): void;
  /** A sales rep's login changed: their group is renamed when their contacts are next pushed. */
  salesRep(userId: number): void;
  userDeleted(userId: number): void;
}

function subscribe(host: Host, on: Reactions): () => void {
  const offs = [
    host.events.on('contact.created', ({ contact }) => on.contact(contact, 'change')),
    // The module's own writes (Google's values merged in) are no CRM edit: they keep no field time.
    host.events.on('contact.updated', ({ contact, changed, origin }) =>
      on.contact(contact, 'change', origin === 'gcontacts' ? {} : Object.fromEntries(cardFieldsOfChange(changed).map((field) => [field, contact.updatedAt]))),
    ),
    host.events.on('contact.deleted', ({ contact }) => on.contact(contact, 'delete')),
    host.events.on('thirdparty.updated', ({ thirdParty }) => on.thirdParty(thirdParty.id)),
    host.events.on('thirdparty.salesreps.changed', ({ thirdPartyId }) => on.thirdParty(thirdPartyId)),
    host.events.on('user.updated', ({ user, before }) => {
      if (user.login !== before.login) on.salesRep(user.id);
    }),
    host.events.on('user.deleted', ({ user }) => on.userDeleted(user.id)),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * A deleted user's sales rep rows are gone with them, so their third parties cannot be looked up any more: every
 * linked contact of an account that has their group, or whose scope was theirs, is pushed again instead.
 */
function linkedContactsOfRep(sync: SyncContext, userId: number): Loader {
  return async (accounts) => {
    const entries: OutboxEntry[] = [];
    for (const account of accounts) {
      const groups = await sync.stores.groups.list(account.id);
      const concerned = groups.some((g) => g.kind === 'salesrep' && g.key === String(userId)) || (account.scope.kind === 'salesrep' && account.scope.userId === userId);
      if (!concerned) continue;
      for (let after = 0; ; ) {
        const links = await sync.stores.links.page(account.id, after, 1000);
        if (links.length === 0) break;
        entries.push(...links.map((link) => ({ accountId: account.id, contactId: link.contactId, op: 'change' as const })));
        after = links[links.length - 1]!.contactId;
      }
    }
    return entries;
  };
}
