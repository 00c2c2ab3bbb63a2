/**
 * A linked contact Google no longer has, met by the push (a 404 on read or update) or brought by the pull (a deleted
 * person in the sync listing, or a linked one missing from a full listing): deleted in Google, by a phone user. Never silently re-created: the `google_delete_policy` setting decides — unlink and keep the CRM contact
 * (default; a tombstone link keeps later CRM edits from re-creating it, see core/push-plan), turn its sync flag
 * off (it stays out of Google until someone turns it on), or delete it in the CRM.
 */
import { isGContactsError } from '../errors';
import type { AccountJob } from './account-job';
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
