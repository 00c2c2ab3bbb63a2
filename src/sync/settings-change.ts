/**
 * What a settings change sets going. Renaming the container group renames the account's Google groups (the
 * container and the `<container>/<login>` ones) at the next push; a push renames a group when a contact in it is
 * pushed, so every linked contact is queued — each push finds the person already right and writes only the groups.
 */
import type { SyncContext } from './context';

const PAGE = 1000;

export async function queueGroupRename(sync: SyncContext): Promise<void> {
  const { accounts, links, outbox } = sync.stores;
  for (const account of await accounts.list()) {
    for (let after = 0; ; ) {
      const page = await links.page(account.id, after, PAGE);
      if (page.length === 0) break;
      await outbox.enqueue(page.map((link) => ({ accountId: account.id, contactId: link.contactId, op: 'change' as const })));
      after = page[page.length - 1]!.contactId;
    }
  }
}
