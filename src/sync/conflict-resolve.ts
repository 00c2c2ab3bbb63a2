/**
 * A person settles a conflict left by the 'ask' policy: the CRM's value or Google's. The link's base card takes
 * the other side's value for that field, so the next merge sees only the chosen side as changed and carries it to
 * the other one — the push's own merge does the writing, with its etag checks, nothing is written blindly here.
 * The contact is queued for every account that holds the conflict's link.
 */
import type { Card } from '../core/card';
import { GContactsError } from '../errors';
import type { Resolution } from '../store/conflicts';
import type { SyncContext } from './context';

export async function resolveConflict(sync: SyncContext, conflictId: number, resolution: Resolution, userId: number | null): Promise<void> {
  await sync.stores.transaction(async (tx) => {
    const conflict = await tx.conflicts.get(conflictId);
    if (!conflict || conflict.resolution !== null) throw new GContactsError('NOT_FOUND', `conflict #${conflictId} is not open`, { conflictId });
    const link = (await tx.links.forContacts(conflict.accountId, [conflict.contactId])).get(conflict.contactId);
    if (link?.baseCard) {
      const losing = resolution === 'crm' ? conflict.google : conflict.crm;
      await tx.links.setBase(conflict.accountId, conflict.contactId, { ...link.baseCard, [conflict.field]: losing } as Card);
    }
    await tx.conflicts.resolve(conflictId, resolution, userId);
    await tx.outbox.enqueue([{ accountId: conflict.accountId, contactId: conflict.contactId, op: 'change' }]);
  });
}
