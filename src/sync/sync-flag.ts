/**
 * A contact's sync flag (the GContacts tab sets it). Turning it on also drops a "deleted in Google" tombstone: the
 * user asked for this contact in Google again. The flag and the outbox rows are written in one transaction — this
 * is not on the CRM's save path, so there is no reason to defer them.
 */
import type { SyncContext } from './context';

export async function setSyncFlag(sync: SyncContext, contactId: number, enabled: boolean, userId: number | null): Promise<void> {
  await sync.stores.transaction(async (tx) => {
    await tx.flags.set(contactId, enabled, userId);
    if (enabled) await tx.links.clearTombstone(contactId);
    const accounts = await tx.accounts.list();
    await tx.outbox.enqueue(accounts.map((account) => ({ accountId: account.id, contactId, op: 'change' })));
  });
}
