/**
 * Contacts leaving an account: deleted in Google (batchDeleteContacts, ≤ 500 a call, after a vCard backup), only
 * taken out of the module's groups (members.modify, gathered with the batch's other group changes), or — a
 * private contact the module did not create — stripped of what the module added and unlinked; see
 * core/push-plan.ts. Only contacts the module linked are ever touched, and only through their link.
 */
import { planMemberships } from '../core/memberships';
import { personStripped } from '../core/person-write';
import { isGContactsError } from '../errors';
import { LIMITS, type Person } from '../google/gateway';
import { chunks } from '../store/db';
import type { AccountJob } from './account-job';
import { backUpPeople } from './backup';
import type { BatchOutcome } from './batch-outcome';
import type { ContactState } from './batch-state';
import type { MembershipChanges } from './membership-changes';
import { sendUpdates } from './push-updates';

export interface RemovalItem {
  state: ContactState;
  current: Person;
  reason: string;
}

export async function pushDeletes(job: AccountJob, items: readonly RemovalItem[], out: BatchOutcome): Promise<void> {
  for (const part of chunks(items, LIMITS.batchDelete)) {
    await backUpPeople(job.sync, job.account, 'deleted', part.map((item) => item.current));
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
    finishRemoval(out, changes, state.contactId, 'ungrouped', { resourceName: current.resourceName, reason }, unlink);
  }
}

/**
 * A person the account had before the module linked it, whose contact is now private: the third party's items and
 * the module's clientData are taken off (one update, with the person's etag), its groups planned away, and the
 * link goes. The person itself stays: it is the phone user's own contact.
 */
export async function pushStrips(job: AccountJob, items: readonly RemovalItem[], changes: MembershipChanges, out: BatchOutcome): Promise<void> {
  if (items.length === 0) return;
  const owned = await job.groups.owned();
  for (const part of chunks(items, LIMITS.batchUpdate)) {
    await sendUpdates(job, part.map(({ state, current }) => ({ current, update: personStripped(current, state.thirdParty?.name ?? null) })));
    for (const { state, current, reason } of part) {
      changes.add(state.contactId, current.resourceName!, planMemberships(current.memberships, [], owned));
      finishRemoval(out, changes, state.contactId, 'unlinked', { resourceName: current.resourceName, reason }, true);
    }
  }
}

/** Finished now, or once its group changes are sent; unlinked only then, so a failed group change is retried. */
function finishRemoval(out: BatchOutcome, changes: MembershipChanges, contactId: number, outcome: string, detail: Record<string, unknown>, unlink: boolean): void {
  if (changes.has(contactId)) out.finishAfterGroups(contactId, outcome, detail, unlink);
  else {
    if (unlink) out.unlinked.add(contactId);
    out.finish(contactId, outcome, detail);
  }
}
