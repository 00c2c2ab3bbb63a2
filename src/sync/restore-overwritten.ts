/**
 * "Restore" on the GContacts tab: a value a conflict policy overwrote becomes the contact's value again. It is
 * written to the CRM as the user's own edit (the CRM is the system of record), so the push carries it to Google
 * through the usual merge, with its etag checks — nothing is written to Google blindly here.
 */
import { contactToCard, cardToContactPatch } from '../core/crm-card';
import type { Card } from '../core/card';
import { GContactsError } from '../errors';
import type { SyncContext } from './context';

export async function restoreOverwritten(sync: SyncContext, id: number, userId: number | null): Promise<void> {
  const { stores, host } = sync;
  const value = await stores.overwritten.get(id);
  if (!value || value.restoredAt !== null) throw new GContactsError('NOT_FOUND', `overwritten value #${id} is not restorable`, { id });
  const contact = await host.contacts.get(value.contactId);
  if (!contact) throw new GContactsError('NOT_FOUND', `contact #${value.contactId} no longer exists`, { contactId: value.contactId });
  const thirdParty = contact.thirdPartyId === null ? null : await host.contacts.thirdParty(contact.thirdPartyId);
  const card = { ...contactToCard(contact, thirdParty), [value.field]: value.lost } as Card;
  await host.contacts.update(contact.id, cardToContactPatch(card, [value.field]), { actorId: userId, expectedVersion: contact.version });
  await stores.transaction(async (tx) => {
    await tx.overwritten.markRestored(id, userId);
    await tx.outbox.enqueue((await tx.accounts.list()).map((account) => ({ accountId: account.id, contactId: contact.id, op: 'change' as const })));
  });
}
