/**
 * What the bridge last saw of each Dolibarr contact, and the one place that turns "Dolibarr says this contact is
 * now X" into host events. Whatever brings news (a webhook, the catch-up poll, a read, the bridge's own write),
 * the contact goes through observe(): same content hash → nothing happens (no-op PUTs fire webhooks, FACTS §7;
 * the bridge's own writes come back as webhooks, FACTS §6); new hash → one event, with a new version and time.
 */
import type { Knex } from 'knex';
import type { CrmContact } from '../../src/host-contract';
import type { EventBus } from '../../host/services/events';
import { changedFields, contactFromDolibarr, contentHash, type DolibarrObject } from './mapping';

interface Row {
  id: number;
  hash: string;
  version: number;
  updated_at: string;
  data: string;
}

const T = 'gcontacts_bridge_contacts';

export class ContactMirror {
  private last = 0;
  /** One observation at a time: a webhook and the poll seeing the same change must make one event. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Knex,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  /** Starts the clock of update times after the newest one stored (times strictly increase across restarts). */
  async init(): Promise<void> {
    const row = (await this.db(T).max({ last: 'updated_at' }).first()) as { last?: string | null } | undefined;
    this.last = row?.last ? Date.parse(row.last) : 0;
  }

  /** True before the bridge has seen any contact: the first full listing is a baseline, not a flood of events. */
  async isEmpty(): Promise<boolean> {
    return !(await this.db(T).first('id'));
  }

  async known(id: number): Promise<CrmContact | null> {
    const row = (await this.db(T).where({ id }).first()) as Row | undefined;
    return row ? toContact(row) : null;
  }

  async knownIds(): Promise<number[]> {
    return (await this.db(T).orderBy('id').pluck('id')).map(Number);
  }

  /** Ids seen changing at or after `since`, in (updatedAt, id) order after the keyset `after`. */
  async changedSince(since: string, after: { updatedAt: string; id: number } | null, limit: number): Promise<CrmContact[]> {
    const q = this.db(T).where('updated_at', '>=', since).orderBy([{ column: 'updated_at' }, { column: 'id' }]).limit(limit);
    if (after) q.andWhere((w) => w.where('updated_at', '>', after.updatedAt).orWhere((x) => x.where('updated_at', after.updatedAt).andWhere('id', '>', after.id)));
    return ((await q) as Row[]).map(toContact);
  }

  /** Records Dolibarr's current object and emits what changed; `silent` records a baseline without events. */
  observe(object: DolibarrObject, origin?: string, silent = false): Promise<CrmContact> {
    return this.serial(async () => {
      const seen = contactFromDolibarr(object);
      const hash = contentHash(seen);
      const row = (await this.db(T).where({ id: seen.id }).first()) as Row | undefined;
      if (row && row.hash === hash) return toContact(row);
      // A baseline knows no change time: the creation is the last change it can vouch for, so the module's change
      // feed does not take a whole existing address book for new edits.
      const updatedAt = silent && !row ? seen.createdAt : this.tick(row?.updated_at);
      const contact: CrmContact = { ...seen, updatedAt, version: (row?.version ?? 0) + 1 };
      const data = JSON.stringify(contact);
      if (row) await this.db(T).where({ id: seen.id }).update({ hash, version: contact.version, updated_at: contact.updatedAt, data });
      else await this.db(T).insert({ id: seen.id, hash, version: contact.version, updated_at: contact.updatedAt, data });
      if (silent) return contact;
      if (row) {
        const before = toContact(row);
        await this.events.emit('contact.updated', { contact, before, changed: changedFields(before, contact), ...(origin ? { origin } : {}) });
      } else {
        await this.events.emit('contact.created', { contact, ...(origin ? { origin } : {}) });
      }
      return contact;
    });
  }

  /** The contact is gone from Dolibarr: one contact.deleted with what the bridge last saw (deletes leave no trace). */
  forget(id: number, origin?: string): Promise<boolean> {
    return this.serial(async () => {
      const row = (await this.db(T).where({ id }).first()) as Row | undefined;
      if (!row) return false;
      await this.db(T).where({ id }).delete();
      await this.events.emit('contact.deleted', { contact: toContact(row), ...(origin ? { origin } : {}) });
      return true;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Update times strictly increase (the contract's change feed pages by (updatedAt, id) and must miss nothing). */
  private tick(previous?: string): string {
    const floor = Math.max(this.last, previous ? Date.parse(previous) : 0);
    const t = Math.max(this.now().getTime(), floor + 1);
    this.last = t;
    return new Date(t).toISOString();
  }
}

function toContact(row: Row): CrmContact {
  return JSON.parse(row.data) as CrmContact;
}
