/**
 * A linked contact Google no longer has, met by the push (a 404 on read or update) or brought by the pull (a deleted
 * person in the sync listing, or a linked one missing from a full listing): deleted in Google, by a phone user. Never silently re-created: the `google_delete_policy` setting decides — unlink and keep the CRM contact
 * (default; a tombstone link keeps later CRM edits from re-creating it, see core/push-plan), turn its sync flag
 * off (it stays out of Google until someone turns it on), or delete it in the CRM. The push's ones pass the
 * mass-deletion guard first (settleGone).
 */
import { massDeletionGuard } from '../core/decide';
import { isGContactsError } from '../errors';
import { count, type AccountJob } from './account-job';
import type { BatchOutcome } from './batch-outcome';
import type { ContactState } from './batch-state';

/** @param policy the pull passes the decision table's (only 'unlink' when the CRM contact is gone or out of scope). */
export async function googleDeleted(job: AccountJob, state: ContactState, out: BatchOutcome, policy = job.settings.googleDeletePolicy): Promise<void> {
  out.linked.delete(state.contactId);
  if (policy === 'unlink') out.tombstoned.add(state.contactId);
  else out.unlinked.add(state.contactId);
  if (policy === 'flag_off') out.flagsOff.add(state.contactId);
  if (policy === 'delete' && state.contact) {
    try {
      await job.sync.host.contacts.remove(state.contactId, { origin: 'gcontacts' });
    } catch (e) {
      if (!isGContactsError(e, 'NOT_FOUND') && (e as { code?: string }).code !== 'NOT_FOUND') throw e;
    }
  }
  out.finish(state.contactId, 'google-deleted', { policy });
}

/** Why a held-back contact's outbox row waits (its last error). */
const HELD_BACK = 'deleted in Google along with too many others: waiting for an administrator to confirm (mass-deletion guard)';

/**
 * The linked people a batch found gone (out.gone): Google-side deletes. A pull applies them (its listing passed the
 * guard already); a push applies them through the mass-deletion guard like a pull, counting this run's earlier
 * ones — a wiped phone or a wrong account met by a push of many edits must not unlink (or, per policy, delete in
 * the CRM) thousands of contacts either. Past the share, they are held back: their outbox rows wait, the run counts
 * them as 'pending-removals' and ends needing a confirmation, which a full pull then applies (pull-confirm.ts).
 */
export async function settleGone(job: AccountJob, out: BatchOutcome, guarded: boolean): Promise<void> {
  const gone = [...out.gone.values()];
  out.gone.clear();
  if (gone.length === 0) return;
  if (guarded) {
    const linkCount = await job.sync.stores.links.countActive(job.account.id);
    const removals = (job.counts['google-deleted'] ?? 0) + (job.counts['pending-removals'] ?? 0) + gone.length;
    if (massDeletionGuard({ linkCount, removals, maxShare: job.settings.massDeleteShare }).kind === 'needs-confirmation') {
      count(job.counts, 'pending-removals', gone.length);
      for (const state of gone) out.hold(state.contactId, HELD_BACK);
      return;
    }
  }
  for (const state of gone) await googleDeleted(job, state, out);
}
