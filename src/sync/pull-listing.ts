/**
 * The listing a pull walks, and where it stands (the checkpoint kept in gcontacts_run while the pull runs).
 *
 * An incremental listing starts from the stored sync token and brings what changed, deleted people included; a
 * full one (no token yet, an expired one, the daily reconcile) brings every contact and asks for a token at its
 * end. Google hands the next sync token only on the last page, and the pull stores it only once that page is
 * applied: a pull that dies part-way leaves the old token in place, so nothing can be skipped, and its checkpoint
 * says which page comes next, so the next pull goes on from there instead of starting over.
 */
import { isGContactsError } from '../errors';
import { LIMITS, type ConnectionsPage } from '../google/gateway';
import type { AccountJob } from './account-job';
import { PERSON_FIELDS } from './person-fields';

export type ListingMode = 'incremental' | 'full';

export interface Checkpoint {
  mode: ListingMode;
  /** The sync token an incremental listing started from; null for a full one. */
  from: string | null;
  /** The next page to apply; null for the first. */
  pageToken: string | null;
  /** The mass-deletion guard was passed (or confirmed): only pages are left to apply. */
  guarded: boolean;
  done: number;
  total: number | null;
}

export function startOf(mode: ListingMode, from: string | null): Checkpoint {
  return { mode, from, pageToken: null, guarded: false, done: 0, total: null };
}

export function listPage(job: AccountJob, at: Pick<Checkpoint, 'mode' | 'from'>, pageToken: string | null): Promise<ConnectionsPage> {
  return job.gateway.listConnections({
    personFields: PERSON_FIELDS,
    pageSize: LIMITS.pageSize,
    pageToken,
    ...(at.mode === 'incremental' ? { syncToken: at.from } : { requestSyncToken: true }),
  });
}

/**
 * Google's answer to a sync token older than 7 days, whatever the status it came with (400 FAILED_PRECONDITION
 * today, 410 in older docs): the ErrorInfo reason is what counts.
 */
export function isExpiredToken(e: unknown): boolean {
  return isGContactsError(e) && e.details?.reason === 'EXPIRED_SYNC_TOKEN';
}

/** A page token Google no longer takes (a checkpoint from a run that died long ago): the listing starts over. */
export function isStalePageToken(e: unknown): boolean {
  return isGContactsError(e, 'GOOGLE_ERROR') && e.details?.status === 400;
}
