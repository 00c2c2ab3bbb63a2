/** Walking the CRM's contacts through the host's keyset-paged change feed, a page at a time (never all in memory). */
import type { ContactQuery, CrmContact, Host } from '../host-contract';

const PAGE = 1000;

/** Every contact the query matches, private ones included (the push must see a contact turn private). */
export async function* contactPages(host: Host, query: Omit<ContactQuery, 'cursor' | 'limit' | 'includePrivate'> = {}, limit = PAGE): AsyncGenerator<CrmContact[]> {
  let cursor: string | null = null;
  do {
    const page = await host.contacts.list({ ...query, includePrivate: true, limit, cursor });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

export async function contactIdsOfThirdParties(host: Host, thirdPartyIds: readonly number[]): Promise<number[]> {
  const ids: number[] = [];
  for (const thirdPartyId of thirdPartyIds) {
    for await (const page of contactPages(host, { thirdPartyId })) ids.push(...page.map((c) => c.id));
  }
  return ids;
}
