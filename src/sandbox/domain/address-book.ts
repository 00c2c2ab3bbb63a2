import type { people_v1 } from 'googleapis';
import { opaque } from '../ids';
import { SYNC_TOKEN_TTL_MS } from './tokens';
import type { ContactFields } from './fields';

/** A contact as the sandbox keeps it: writable fields plus the server-side bookkeeping Google exposes. */
export interface StoredContact {
  resourceName: string;   // people/c<decimal>
  sourceId: string;       // the same number in hex, as in metadata.sources[].id
  fields: ContactFields;
  groups: string[];       // contactGroups/<id>, in the order they were added
  seq: number;            // change sequence of the last write: drives etags and sync listings
  createTime: number;
  updateTime: number;
}

export interface Tombstone {
  resourceName: string;
  sourceId: string;
  seq: number;
  deleteTime: number;
}

export interface StoredGroup {
  resourceName: string;   // contactGroups/<hex> or contactGroups/<systemName>
  name: string;
  system: boolean;
  clientData: people_v1.Schema$GroupClientData[];
  members: Set<string>;   // person resource names, kept in step with StoredContact.groups
  seq: number;
  updateTime: number;
  deleted: boolean;
}

/** One write, in order. Sync listings walk this log from a token's sequence: O(changes), never the whole book. */
export interface ChangeEntry {
  seq: number;
  at: number;             // sandbox time of the write, for propagation delay
  resourceName: string;
}

/**
 * System groups every account has. Only myContacts and starred accept new members; the others are deprecated
 * by Google and only allow removals.
 */
export const SYSTEM_GROUPS: ReadonlyArray<{ id: string; formattedName: string; acceptsAdditions: boolean }> = [
  { id: 'myContacts', formattedName: 'My Contacts', acceptsAdditions: true },
  { id: 'starred', formattedName: 'Starred', acceptsAdditions: true },
  { id: 'friends', formattedName: 'Friends', acceptsAdditions: false },
  { id: 'family', formattedName: 'Family', acceptsAdditions: false },
  { id: 'coworkers', formattedName: 'Coworkers', acceptsAdditions: false },
  { id: 'chatBuddies', formattedName: 'Chat contacts', acceptsAdditions: false },
  { id: 'blocked', formattedName: 'Blocked', acceptsAdditions: false },
];
export const MY_CONTACTS = 'contactGroups/myContacts';

/** How many writes between two passes that drop change-log entries no live sync token can still need. */
const COMPACT_EVERY = 1024;

export class AddressBook {
  /** Changes whenever the book is reset or rebuilt, so tokens minted before cannot be replayed against it. */
  epoch = opaque('', 6);
  seq = 0;
  readonly contacts = new Map<string, StoredContact>();
  readonly tombstones = new Map<string, Tombstone>();
  readonly groups = new Map<string, StoredGroup>();
  readonly peopleLog: ChangeEntry[] = [];
  readonly groupLog: ChangeEntry[] = [];

  constructor(createdAt: number, private readonly onWrite: () => void = () => {}) {
    for (const g of SYSTEM_GROUPS) {
      const resourceName = `contactGroups/${g.id}`;
      this.groups.set(resourceName, {
        resourceName, name: g.id, system: true, clientData: [], members: new Set(), seq: 0,
        updateTime: createdAt, deleted: false,
      });
    }
  }

  /** Records a write to a contact (create, update, membership change). */
  touchContact(contact: StoredContact, now: number): void {
    contact.seq = ++this.seq;
    contact.updateTime = now;
    this.peopleLog.push({ seq: contact.seq, at: now, resourceName: contact.resourceName });
    this.written(now);
  }

  recordContactDeletion(contact: StoredContact, now: number): void {
    for (const g of contact.groups) this.groups.get(g)?.members.delete(contact.resourceName);
    this.contacts.delete(contact.resourceName);
    const seq = ++this.seq;
    this.tombstones.set(contact.resourceName, {
      resourceName: contact.resourceName, sourceId: contact.sourceId, seq, deleteTime: now,
    });
    this.peopleLog.push({ seq, at: now, resourceName: contact.resourceName });
    this.written(now);
  }

  touchGroup(group: StoredGroup, now: number): void {
    group.seq = ++this.seq;
    group.updateTime = now;
    this.groupLog.push({ seq: group.seq, at: now, resourceName: group.resourceName });
    this.written(now);
  }

  private written(now: number): void {
    if (this.seq % COMPACT_EVERY === 0) this.compact(now);
    this.onWrite();
  }

  /**
   * Every valid sync token was minted at or after its full sync, and full syncs older than the token TTL are
   * expired, so log entries and tombstones older than the TTL can never be asked for again: drop them.
   */
  compact(now: number): void {
    const cutoff = now - SYNC_TOKEN_TTL_MS;
    for (const log of [this.peopleLog, this.groupLog]) {
      let drop = 0;
      while (drop < log.length && log[drop]!.at < cutoff) drop++;
      log.splice(0, drop);
    }
    for (const [name, t] of this.tombstones) if (t.deleteTime < cutoff) this.tombstones.delete(name);
    for (const [name, g] of this.groups) if (g.deleted && g.updateTime < cutoff) this.groups.delete(name);
  }

  liveGroup(resourceName: string): StoredGroup | undefined {
    const g = this.groups.get(resourceName);
    return g && !g.deleted ? g : undefined;
  }
}

/** Index of the first entry with seq > after (entries are in ascending seq order). */
export function firstAfter(log: readonly ChangeEntry[], after: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
