import type { people_v1 } from 'googleapis';
import { badRequest } from '../api-error';
import { AddressBook, firstAfter, type ChangeEntry, type StoredContact } from './address-book';
import type { ReadField } from './fields';
import { renderContact, renderTombstone } from './render';
import { decodePageToken, decodeSyncToken, encodePageToken, encodeSyncToken, requireSameRequest, tokenNumber } from './tokens';

export const SORT_ORDERS = ['LAST_MODIFIED_ASCENDING', 'LAST_MODIFIED_DESCENDING', 'FIRST_NAME_ASCENDING', 'LAST_NAME_ASCENDING'] as const;
type SortOrder = (typeof SORT_ORDERS)[number];

export interface ListParams {
  mask: ReadonlySet<ReadField>;
  pageSize: number;
  pageToken?: string;
  sortOrder: SortOrder;
  requestSyncToken: boolean;
  syncToken?: string;
}

export function parsePageSize(raw: unknown, def: number, max: number): number {
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw badRequest('page_size', `Invalid page_size: must be between 1 and ${max}, inclusive.`);
  }
  return n === 0 ? def : n;
}

export function parseSortOrder(raw: unknown): SortOrder {
  if (raw === undefined || raw === '') return 'LAST_MODIFIED_ASCENDING';
  if (!(SORT_ORDERS as readonly unknown[]).includes(raw)) throw badRequest('sort_order', `Invalid value at 'sort_order' (${String(raw)}).`);
  return raw as SortOrder;
}

type SortKey = [string | number, string];

function sortKey(c: StoredContact, order: SortOrder): SortKey {
  const name = c.fields.names?.[0];
  switch (order) {
    case 'LAST_MODIFIED_ASCENDING': return [c.seq, c.resourceName];
    case 'LAST_MODIFIED_DESCENDING': return [-c.seq, c.resourceName];
    case 'FIRST_NAME_ASCENDING': return [(name?.givenName ?? '').toLowerCase(), c.resourceName];
    case 'LAST_NAME_ASCENDING': return [(name?.familyName ?? '').toLowerCase(), c.resourceName];
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Sorted views are rebuilt only when the book changed since the last page, so paging 100k contacts stays cheap. */
const sortedCache = new WeakMap<AddressBook, Map<SortOrder, { seq: number; list: StoredContact[]; keys: SortKey[] }>>();

function sorted(book: AddressBook, order: SortOrder): { list: StoredContact[]; keys: SortKey[] } {
  let perOrder = sortedCache.get(book);
  if (!perOrder) sortedCache.set(book, (perOrder = new Map<SortOrder, { seq: number; list: StoredContact[]; keys: SortKey[] }>()));
  const hit = perOrder.get(order);
  if (hit && hit.seq === book.seq) return hit;
  const pairs = [...book.contacts.values()].map((c) => ({ c, k: sortKey(c, order) }));
  pairs.sort((a, b) => compareKeys(a.k, b.k));
  const entry = { seq: book.seq, list: pairs.map((p) => p.c), keys: pairs.map((p) => p.k) };
  perOrder.set(order, entry);
  return entry;
}

function firstAfterKey(keys: SortKey[], cursor: SortKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, cursor) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A full listing pages by key (the last item's sort key), not by offset: a contact deleted or edited while a client
 * pages can make another one appear twice, but never makes an unchanged one disappear.
 */
function listFull(book: AddressBook, p: ListParams, now: number): people_v1.Schema$ListConnectionsResponse {
  const fingerprint = `full:${p.sortOrder}:${p.requestSyncToken}`;
  let upTo = book.seq;
  let origin = now;
  let start = 0;
  const { list, keys } = sorted(book, p.sortOrder);
  if (p.pageToken) {
    const page = decodePageToken(p.pageToken);
    requireSameRequest(page, fingerprint);
    upTo = tokenNumber(page, 'upTo');
    origin = tokenNumber(page, 'origin');
    const after = page.after;
    if (!Array.isArray(after) || after.length !== 2) throw badRequest('page_token', 'Invalid page_token.');
    start = firstAfterKey(keys, after as SortKey);
  }
  const slice = list.slice(start, start + p.pageSize);
  const res: people_v1.Schema$ListConnectionsResponse = {
    connections: slice.map((c) => renderContact(c, p.mask)),
    totalPeople: book.contacts.size,
    totalItems: book.contacts.size,
  };
  if (start + p.pageSize < list.length) {
    res.nextPageToken = encodePageToken({ f: fingerprint, after: keys[start + p.pageSize - 1], upTo, origin });
  } else if (p.requestSyncToken) {
    res.nextSyncToken = encodeSyncToken('people', { epoch: book.epoch, seq: upTo, origin });
  }
  if (res.connections?.length === 0) delete res.connections;
  return res;
}

/**
 * The highest sequence a sync listing may hand out: writes younger than the propagation delay are not visible yet,
 * and the token must not jump over them or they would never be delivered.
 */
export function visibleUpTo(log: readonly ChangeEntry[], after: number, currentSeq: number, now: number, delayMs: number): number {
  for (let i = firstAfter(log, after); i < log.length; i++) {
    const e = log[i]!;
    if (e.at + delayMs > now) return e.seq - 1;
  }
  return currentSeq;
}

function listChanges(book: AddressBook, p: ListParams, syncToken: string, now: number, delayMs: number): people_v1.Schema$ListConnectionsResponse {
  const point = decodeSyncToken('people', syncToken, book.epoch, now);
  const fingerprint = `sync:${syncToken}`;
  let after = point.seq;
  let upTo: number;
  if (p.pageToken) {
    const page = decodePageToken(p.pageToken);
    requireSameRequest(page, fingerprint);
    after = tokenNumber(page, 'after');
    upTo = tokenNumber(page, 'upTo');
  } else {
    upTo = Math.max(point.seq, visibleUpTo(book.peopleLog, point.seq, book.seq, now, delayMs));
  }
  const people: people_v1.Schema$Person[] = [];
  const log = book.peopleLog;
  let i = firstAfter(log, after);
  for (; i < log.length && people.length < p.pageSize; i++) {
    const e = log[i]!;
    if (e.seq > upTo) break;
    after = e.seq;
    // Only the newest entry of a resource speaks for it; older ones are superseded.
    const live = book.contacts.get(e.resourceName);
    if (live?.seq === e.seq) people.push(renderContact(live, p.mask));
    const gone = book.tombstones.get(e.resourceName);
    if (gone?.seq === e.seq) people.push(renderTombstone(gone));
  }
  const res: people_v1.Schema$ListConnectionsResponse = {};
  if (people.length > 0) res.connections = people;
  const more = i < log.length && log[i]!.seq <= upTo;
  if (more) res.nextPageToken = encodePageToken({ f: fingerprint, after, upTo });
  else res.nextSyncToken = encodeSyncToken('people', { epoch: book.epoch, seq: upTo, origin: point.origin });
  return res;
}

export function listConnections(book: AddressBook, p: ListParams, now: number, delayMs: number): people_v1.Schema$ListConnectionsResponse {
  return p.syncToken ? listChanges(book, p, p.syncToken, now, delayMs) : listFull(book, p, now);
}
