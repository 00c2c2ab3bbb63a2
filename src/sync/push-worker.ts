/**
 * The push worker of one account: holding the account's lease, it takes the due outbox rows a batch at a time and
 * pushes them (push-batch.ts) until none is due, or Google fails. One transient failure (a 500, 503, timeout or
 * reset connection the gateway's own retries did not ride out, or a create it could not safely repeat) is retried
 * within the run after a short pause, so a single blip does not cost the rows their backoff; a second one ends the
 * run and the rows wait for their backoff, rather than hammering a Google that is down. Contacts found deleted in
 * Google past the mass-deletion share are held back (google-deleted.ts settleGone): the run then ends
 * 'needs_confirmation', like a pull. A refused authorisation marks the account 'reconnect' and
 * stops it until an admin connects it again.
 */
import { isGContactsError } from '../errors';
import type { Account } from '../store/accounts';
import type { RunKind } from '../store/runs';
import { openAccountJob } from './account-job';
import type { SyncContext } from './context';
import { withLease } from './lease';
import { pushBatch } from './push-batch';
import { RunRecorder, type RunOptions, type RunResult } from './run-recorder';
import type { SyncSettings } from './settings';

/**
 * Pushes the account's due rows as a run of `kind`. A cron push with nothing due records no run (every minute,
 * for every account, would bury the history); `prepare` (Export all) fills the outbox first, under the lease.
 */
export async function drainAccount(
  sync: SyncContext,
  account: Account,
  settings: SyncSettings,
  kind: RunKind,
  options: RunOptions,
  prepare?: () => Promise<number>,
): Promise<RunResult | null> {
  const outcome = await withLease(sync, account, options.waitForLease ?? false, async (lease) => {
    if (!prepare && (await sync.stores.outbox.due(account.id, 1)).length === 0) return null;
    const total = prepare ? await prepare() : await sync.stores.outbox.count(account.id);
    const run = await RunRecorder.start(sync, kind, account, options, total);
    let requests = () => 0;
    try {
      const job = await openAccountJob(sync, account, settings, run.id, run.counts);
      requests = () => job.gateway.requestCount;
      // Rows re-queued while being pushed (the CRM side of a merge, a concurrent edit) come back at once; a bound
      // on the passes keeps a contact that never settles from holding the account forever.
      const maxBatches = Math.ceil(total / settings.batchSize) * 3 + 10;
      let blips = 0;
      for (let batches = 0; batches < maxBatches; batches++) {
        const rows = await sync.stores.outbox.due(account.id, settings.batchSize);
        if (rows.length === 0) break;
        const failure = await pushBatch(job, rows);
        await run.progress(rows.length);
        await lease.renew();
        if (failure && isGContactsError(failure, 'GOOGLE_UNAVAILABLE') && blips++ === 0) {
          // A create whose answer was lost is found again by its uid (recovery.ts) before anything is resent.
          await new Promise((resolve) => setTimeout(resolve, sync.retryPauseMs));
          await sync.stores.outbox.dueNow(rows);
          continue;
        }
        if (failure) return run.finish('failed', await describeFailure(sync, account, failure), requests());
        if (options.endOnPartialBatch && rows.length < settings.batchSize) break;
      }
      const held = run.counts['pending-removals'] ?? 0;
      if (held === 0) return run.finish('done', null, requests());
      sync.host.log.warn('gcontacts: a push met more contacts deleted in Google than the mass-deletion share allows; they wait for an admin to confirm them', { account: account.email, run: run.id, removals: held });
      return run.finish('needs_confirmation', null, requests());
    } catch (e) {
      return run.finish('failed', await describeFailure(sync, account, e), requests());
    }
  });
  if (outcome === 'busy') return { account, kind, runId: null, status: 'busy', counts: {}, error: null };
  return outcome;
}

/** The run's error text; a refused authorisation also marks the account 'reconnect'. */
export async function describeFailure(sync: SyncContext, account: Account, failure: unknown): Promise<string> {
  const message = failure instanceof Error ? failure.message : String(failure);
  if (isGContactsError(failure, 'GOOGLE_AUTH')) await sync.stores.accounts.setStatus(account.id, 'reconnect', message);
  else sync.host.log.warn('gcontacts: a run stopped on a Google failure; it goes on at its next run (pushed rows after their backoff)', { account: account.email, error: message });
  return message;
}

/** The accounts a push may use: connected and authorised. */
export async function activeAccounts(sync: SyncContext): Promise<Account[]> {
  return (await sync.stores.accounts.list()).filter((account) => account.status === 'active');
}
