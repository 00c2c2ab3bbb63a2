import type { people_v1 } from 'googleapis';
import { AddressBook, firstAfter, type StoredGroup } from './address-book';
import type { GroupField } from './fields';
import { renderGroup } from './render';
import { decodePageToken, decodeSyncToken, encodePageToken, encodeSyncToken, requireSameRequest, tokenNumber } from './tokens';
import { visibleUpTo } from './listing';

export interface GroupListParams { fields: ReadonlySet<GroupField>; pageSize: number; pageToken?: string; syncToken?: string }

/**
 * contactGroups.list: system groups first, then user groups by creation. Groups are few, so this pages by offset;
 * with a sync token only groups changed since are returned, deleted ones with `metadata.deleted`.
 */
export function listGroups(
  book: AddressBook, p: GroupListParams, now: number, delayMs: number,
): people_v1.Schema$ListContactGroupsResponse {
  let candidates: StoredGroup[];
  let upTo = book.seq;
  let origin = now;
  if (p.syncToken) {
    const point = decodeSyncToken('groups', p.syncToken, book.epoch, now);
    origin = point.origin;
    upTo = Math.max(point.seq, visibleUpTo(book.groupLog, point.seq, book.seq, now, delayMs));
    const names = new Set<string>();
    for (let i = firstAfter(book.groupLog, point.seq); i < book.groupLog.length; i++) {
      const e = book.groupLog[i]!;
      if (e.seq > upTo) break;
      names.add(e.resourceName);
    }
    candidates = [...names].map((n) => book.groups.get(n)).filter((g): g is StoredGroup => g !== undefined && g.seq <= upTo);
  } else {
    candidates = [...book.groups.values()].filter((g) => !g.deleted);
  }
  const fingerprint = `groups:${p.syncToken ?? ''}`;
  let offset = 0;
  if (p.pageToken) {
    const page = decodePageToken(p.pageToken);
    requireSameRequest(page, fingerprint);
    offset = tokenNumber(page, 'offset');
    upTo = tokenNumber(page, 'upTo');
    origin = tokenNumber(page, 'origin');
  }
  const slice = candidates.slice(offset, offset + p.pageSize);
  const res: people_v1.Schema$ListContactGroupsResponse = {
    contactGroups: slice.map((g) => renderGroup(g, p.fields)),
    totalItems: candidates.length,
  };
  if (offset + p.pageSize < candidates.length) {
    res.nextPageToken = encodePageToken({ f: fingerprint, offset: offset + p.pageSize, upTo, origin });
  } else {
    res.nextSyncToken = encodeSyncToken('groups', { epoch: book.epoch, seq: upTo, origin });
  }
  return res;
}
