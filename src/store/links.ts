/**
 * The status table (architecture §4): one row per (account, CRM contact) the module has put in Google. A create first
 * writes a `pending_create` row holding the uid sent in clientData, so a create whose answer is lost is found again
 * by that uid instead of being sent twice; the answer turns it into `linked` with the resource name and etag.
 */
import type { Card } from '../core/card';
import { chunks, parseJson, type StoreContext } from './db';

/** 'unlinked': a tombstone — the contact was deleted in Google and is not pushed again unless asked (push-plan). */
export type LinkState = 'linked' | 'pending_create' | 'conflict' | 'unlinked';

export interface Link {
  accountId: number;
  contactId: number;
  resourceName: string | null;
  etag: string | null;
  clientUid: string;
  crmHash: string | null;
  googleHash: string | null;
  baseCard: Card | null;
  state: LinkState;
  syncedAt: string | null;
}

/** What a successful create or update records. */
export interface LinkedResult {
  contactId: number;
  resourceName: string;
  etag: string;
  clientUid: string;
  crmHash: string;
  googleHash: string;
  baseCard: Card;
  /** 'conflict' while a field waits for a person's decision (policy 'ask'). */
  state: 'linked' | 'conflict';
}

export interface PendingCreate {
  contactId: number;
  clientUid: string;
  baseCard: Card;
  crmHash: string;
}

export interface LinkStore {
  forContacts(accountId: number, contactIds: readonly number[]): Promise<Map<number, Link>>;
  /** The contact's links in every account, keyed by account id (the GContacts tab: one query for all accounts). */
  ofContact(contactId: number): Promise<Map<number, Link>>;
  /** Links in contact id order after `afterContactId`, for Export all and Cleanup. */
  page(accountId: number, afterContactId: number, limit: number): Promise<Link[]>;
  count(accountId: number): Promise<number>;
  /** Links to a Google person (linked or in conflict): what the mass-deletion guard measures a pull's removals by. */
  countActive(accountId: number): Promise<number>;
  /** The links naming these resource names, keyed by resource name. */
  byResourceNames(accountId: number, resourceNames: readonly string[]): Promise<Map<string, Link>>;
  /**
   * Records the uids about to be sent with a create (before sending: exactly once), with the card and hash being
   * sent, so a recovered create has the right merge base.
   */
  markPending(accountId: number, pending: readonly PendingCreate[]): Promise<void>;
  /** A pending create found in Google (recovery): linked to that person, its base kept. */
  relink(accountId: number, contactId: number, resourceName: string, etag: string | null): Promise<void>;
  saveLinked(accountId: number, results: readonly LinkedResult[]): Promise<void>;
  remove(accountId: number, contactIds: readonly number[]): Promise<void>;
  removeAll(accountId: number): Promise<void>;
  /** Keeps the row as a tombstone (state 'unlinked', no resource name). */
  tombstone(accountId: number, contactIds: readonly number[]): Promise<void>;
  /** Replaces the merge base (a conflict settled by a person: the next merge carries the chosen value over). */
  setBase(accountId: number, contactId: number, base: Card): Promise<void>;
  /** Drops a tombstone, so the contact is pushed again: in every account, or in `accountId` only. */
  clearTombstone(contactId: number, accountId?: number): Promise<void>;
}

const T = 'gcontacts_link';
const ACTIVE: LinkState[] = ['linked', 'conflict'];

type Row = Record<string, unknown>;

function fromRow(row: Row): Link {
  return {
    accountId: Number(row.account_id),
    contactId: Number(row.contact_id),
    resourceName: (row.resource_name as string | null) ?? null,
    etag: (row.etag as string | null) ?? null,
    clientUid: String(row.client_uid),
    crmHash: (row.crm_hash as string | null) ?? null,
    googleHash: (row.google_hash as string | null) ?? null,
    baseCard: parseJson<Card>(row.base_card),
    state: row.state as LinkState,
    syncedAt: (row.synced_at as string | null) ?? null,
  };
}

export function knexLinkStore(ctx: StoreContext): LinkStore {
  const { db } = ctx;
  return {
    async forContacts(accountId, contactIds) {
      const out = new Map<number, Link>();
      for (const ids of chunks(contactIds)) {
        for (const row of await db(T).where('account_id', accountId).whereIn('contact_id', ids).select<Row[]>()) {
          const link = fromRow(row);
          out.set(link.contactId, link);
        }
      }
      return out;
    },
    async ofContact(contactId) {
      return new Map((await db(T).where('contact_id', contactId).select<Row[]>()).map((row) => [Number(row.account_id), fromRow(row)]));
    },
    async page(accountId, afterContactId, limit) {
      const rows = await db(T).where('account_id', accountId).andWhere('contact_id', '>', afterContactId).orderBy('contact_id').limit(limit);
      return rows.map(fromRow);
    },
    async count(accountId) {
      const row = await db(T).where('account_id', accountId).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async countActive(accountId) {
      const row = await db(T).where('account_id', accountId).whereIn('state', ACTIVE).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async byResourceNames(accountId, resourceNames) {
      const out = new Map<string, Link>();
      for (const names of chunks([...new Set(resourceNames)])) {
        for (const row of await db(T).where('account_id', accountId).whereIn('resource_name', names).select<Row[]>()) {
          const link = fromRow(row);
          out.set(link.resourceName!, link);
        }
      }
      return out;
    },
    async markPending(accountId, pending) {
      for (const part of chunks(pending)) {
        const rows = part.map((p) => ({
          account_id: accountId,
          contact_id: p.contactId,
          client_uid: p.clientUid,
          state: 'pending_create',
          resource_name: null,
          etag: null,
          crm_hash: p.crmHash,
          google_hash: null,
          base_card: JSON.stringify(p.baseCard),
        }));
        await db(T).insert(rows).onConflict(['account_id', 'contact_id']).merge();
      }
    },
    async relink(accountId, contactId, resourceName, etag) {
      await db(T).where({ account_id: accountId, contact_id: contactId }).update({ state: 'linked', resource_name: resourceName, etag, synced_at: ctx.now() });
    },
    async saveLinked(accountId, results) {
      const now = ctx.now();
      for (const part of chunks(results)) {
        const rows = part.map((r) => ({
          account_id: accountId,
          contact_id: r.contactId,
          resource_name: r.resourceName,
          etag: r.etag,
          client_uid: r.clientUid,
          crm_hash: r.crmHash,
          google_hash: r.googleHash,
          base_card: JSON.stringify(r.baseCard),
          state: r.state,
          synced_at: now,
        }));
        await db(T).insert(rows).onConflict(['account_id', 'contact_id']).merge();
      }
    },
    async tombstone(accountId, contactIds) {
      for (const ids of chunks(contactIds)) {
        await db(T).where('account_id', accountId).whereIn('contact_id', ids).update({ state: 'unlinked', resource_name: null, etag: null, synced_at: ctx.now() });
      }
    },
    async setBase(accountId, contactId, base) {
      await db(T).where({ account_id: accountId, contact_id: contactId }).update({ base_card: JSON.stringify(base) });
    },
    async clearTombstone(contactId, accountId) {
      await db(T)
        .where({ contact_id: contactId, state: 'unlinked', ...(accountId === undefined ? {} : { account_id: accountId }) })
        .delete();
    },
    async removeAll(accountId) {
      await db(T).where('account_id', accountId).delete();
    },
    async remove(accountId, contactIds) {
      for (const ids of chunks(contactIds)) await db(T).where('account_id', accountId).whereIn('contact_id', ids).delete();
    },
  };
}
