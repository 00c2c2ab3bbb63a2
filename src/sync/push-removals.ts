/**
 * Contacts leaving an account: deleted in Google (batchDeleteContacts, ≤ 500 a call) or only taken out of the
 * module's groups (members.modify, gathered with the batch's other group changes), per the settings — see
 * core/push-plan.ts. Only contacts the module linked are ever touched, and only through their link.
 */
import { planMemberships } from '../core/memberships';
import { isGContactsError } from '../errors';
import { LIMITS, type Person } from '../google/gateway';
import { chunks } from '../store/db';
import type { AccountJob } from './account-job';
import type { BatchOutcome } from './batch-outcome';
import type { ContactState } from './batch-state';
import type { MembershipChanges } from './membership-changes';

export interface RemovalItem {
  state: ContactState;
  current: Person;
  reason: string;
}

export async function pushDeletes(job: AccountJob, items: readonly RemovalItem[], out: BatchOutcome): Promise<void> {
  for (const part of chunks(items, LIMITS.batchDelete)) {
    const names = part.map((item) => item.current.resourceName!);
    try {
      await job.gateway.batchDelete(names);
    } catch (e) {
      // One of them went meanwhile, which fails the whole call: delete them one by one, a 404 meaning done.
      if (!isGContactsError(e, 'NOT_FOUND')) throw e;
      for (const name of names) await job.gateway.deleteContact(name).catch((err: unknown) => {
        if (!isGContactsError(err, 'NOT_FOUND')) throw err;
      });
    }
    for (const { state, current, reason } of part) {
      out.unlinked.add(state.contactId);
      out.finish(state.contactId, 'deleted', { resourceName: current.resourceName, reason });
    }
  }
}

export async function planUngroups(job: AccountJob, items: readonly (RemovalItem & { unlink: boolean })[], changes: MembershipChanges, out: BatchOutcome): Promise<void> {
  if (items.length === 0) return;
  const owned = await job.groups.owned();
  for (const { state, current, reason, unlink } of items) {
    changes.add(state.contactId, current.resourceName!, planMemberships(current.memberships, [], owned));
    if (unlink) out.unlinked.add(state.contactId);
    const detail = { resourceName: current.resourceName, reason };
    if (changes.has(state.contactId)) out.finishAfterGroups(state.contactId, 'ungrouped', detail);
    else out.finish(state.contactId, 'ungrouped', detail);
  }
}
