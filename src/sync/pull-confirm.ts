/**
 * `gcontacts confirm RUN`: an admin confirms the removals a pull stopped on (mass-deletion guard). A new pull of
 * the run's account applies them — the listing is read again, so what is applied is Google's current state, not a
 * list kept from then — as long as it removes no more than the stopped run counted; the stopped run then reads
 * 'confirmed'. A push that held back contacts it found deleted in Google is confirmed the same way, by a full pull:
 * its listing finds those links missing and applies the Google-delete policy to them.
 */
import { GContactsError } from '../errors';
import type { SyncContext } from './context';
import { pullAccount, type PullOptions } from './pull';
import type { RunResult } from './run-recorder';
import type { SyncSettings } from './settings';

export async function confirmPull(sync: SyncContext, runId: number, settings: SyncSettings, options: PullOptions): Promise<RunResult> {
  const { runs, accounts } = sync.stores;
  const run = await runs.get(runId);
  if (!run || run.status !== 'needs_confirmation' || run.accountId === null) {
    throw new GContactsError('BAD_INPUT', `run #${runId} is not a run waiting for a confirmation`, { runId });
  }
  const account = await accounts.get(run.accountId);
  if (!account) throw new GContactsError('NOT_FOUND', `the account of run #${runId} is no longer connected`, { runId });
  const removals = run.counts['pending-removals'] ?? 0;
  const result = await pullAccount(sync, account, settings, { ...options, full: run.kind !== 'sync', confirm: { runId, removals } });
  if (result.status === 'done') await runs.setStatus(runId, 'confirmed');
  return result;
}
