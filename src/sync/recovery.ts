/**
 * Exactly-once creates (architecture §3). Before a create is sent, its link is stored as `pending_create` with the uid
 * the person carries in clientData. A link still pending when the worker next sees the contact means the answer
 * was lost (timeout, dropped connection, crash): Google may or may not have made the contact. The account's
 * connections are listed (a full listing, which shows writes at once, unlike sync-token listings) and searched for
 * the uid; a contact found is linked, never made again, and only a uid Google does not have is created anew.
 */
import { LIMITS, type PeopleGateway, type Person } from '../google/gateway';
import { readClientData } from '../core/person-items';
import type { Link } from '../store/links';

/** The people Google has for these pending links, keyed by contact id; absent: Google never made it. */
export async function findPendingCreates(gateway: PeopleGateway, pending: readonly Link[]): Promise<Map<number, Person>> {
  const byUid = new Map(pending.map((link) => [link.clientUid, link.contactId]));
  const found = new Map<number, Person>();
  let pageToken: string | null = null;
  do {
    const page = await gateway.listConnections({ personFields: ['clientData', 'metadata'], pageSize: LIMITS.pageSize, pageToken });
    for (const person of page.people) {
      const uid = readClientData(person).uid;
      const contactId = uid === null ? undefined : byUid.get(uid);
      if (contactId !== undefined && !person.metadata?.deleted) found.set(contactId, person);
    }
    pageToken = found.size === byUid.size ? null : page.nextPageToken;
  } while (pageToken);
  return found;
}
