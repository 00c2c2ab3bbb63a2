/**
 * The pull of one account (Google → CRM, architecture §3), holding the account's lease, so a pull and a push never run
 * at once for one account and a second request is answered 'busy'.
 *
 *   1. Where to start: the checkpoint of a pull that died part-way, else the stored sync token (incremental), else
 *      a full listing. An expired token (EXPIRED_SYNC_TOKEN) turns the pull into a full one.
 *   2. Scan (pull-scan.ts): count what the listing would delete or unlink; past the mass-deletion guard's share the
 *      run ends 'needs_confirmation' having changed nothing, until an admin confirms it (confirmPull).
 *   3. Apply page by page (pull-page.ts), each page's results and the next page's token in one transaction; the
 *      new sync token is stored with the last page.
 */
import { massDeletionGuard } from '../core/decide';
import { containerGroup, groupId } from '../core/groups-plan';
import { summarisePull } from '../core/pull-counts';
import { GContactsError } from '../errors';
import type { Account } from '../store/accounts';
import type { RunCounts, RunKind, RunStatus } from '../store/runs';
import type { Stores } from '../store';
import { count, openAccountJob } from './account-job';
import { BatchOutcome } from './batch-outcome';
import { loadStates } from './batch-state';
import type { SyncContext } from './context';
import { googleDeleted } from './google-deleted';
import { withLease, type Lease } from './lease';
import { applyPage, type PullJob } from './pull-page';
import { isExpiredToken, isStalePageToken, listPage, startOf, type Checkpoint } from './pull-listing';
import { FirstLinkMatcher } from './pull-match';
import { scanListing } from './pull-scan';
import { PERSON_FIELDS } from './person-fields';
import { describeFailure } from './push-worker';
import { RunRecorder, type RunOptions, type RunResult } from './run-recorder';
import type { SyncSettings } from './settings';
import { chunks } from '../store/db';

export interface PullOptions extends RunOptions {
  /** A full listing (the daily reconcile, `sync --full`) even when the sync token is still good. */
  full?: boolean;
  /** Only this contact: its linked person is read and settled like a page bringing it. */
  contactId?: number;
  /** An admin confirmed the removals a run stopped on: up to that many are applied. */
  confirm?: { runId: number; removals: number };
}

type EndStatus = Exclude<RunStatus, 'running' | 'confirmed'>;

export async function pullAccount(sync: SyncContext, account: Account, settings: SyncSettings, options: PullOptions): Promise<RunResult> {
  const kind: RunKind = options.full ? 'reconcile' : 'sync';
  const outcome = await withLease(sync, account, options.waitForLease ?? false, async (lease) => {
    const resumed = options.contactId === undefined ? await resumePoint(sync, account, options) : null;
    const run = await RunRecorder.start(sync, kind, account, options, null);
    const raw: RunCounts = {};
    let requests = () => 0;
    const end = (status: EndStatus, error: string | null) => {
      Object.assign(run.counts, summarisePull(raw));
      return run.finish(status, error, requests());
    };
    try {
      const job = await openPullJob(sync, account, settings, run.id, raw);
      requests = () => job.gateway.requestCount;
      const puller = new Puller(job, run, lease, options);
      return await end(options.contactId !== undefined ? await puller.contact(options.contactId) : await puller.run(resumed), null);
    } catch (e) {
      return end('failed', await describeFailure(sync, account, e));
    }
  });
  if (outcome === 'busy') return { account, kind, runId: null, status: 'busy', counts: {}, error: null };
  return outcome;
}

async function openPullJob(sync: SyncContext, account: Account, settings: SyncSettings, runId: number, counts: RunCounts): Promise<PullJob> {
  const job = await openAccountJob(sync, account, settings, runId, counts);
  const container = (await sync.stores.groups.list(account.id)).find((g) => groupId(g) === groupId(containerGroup(settings.groups)));
  return Object.assign(job, { matcher: new FirstLinkMatcher(job), containerGroup: container?.resourceName ?? null, renamed: new Map<string, string>() });
}

/**
 * The checkpoint of the account's last pull when it ended part-way, past its guard. A run still 'running' here is
 * one whose process died (this one holds the lease): it is marked failed, and its checkpoint moves to this run.
 */
async function resumePoint(sync: SyncContext, account: Account, options: PullOptions): Promise<Checkpoint | null> {
  const { runs } = sync.stores;
  const last = await runs.latest(account.id, ['sync', 'reconcile']);
  if (!last) return null;
  if (last.status === 'running') await runs.finish(last.id, 'failed', last.counts, 'the run stopped before its end (its process ended)');
  const at = last.checkpoint as Checkpoint | null;
  if (!at?.guarded || (options.full && at.mode !== 'full')) return null;
  await runs.saveCheckpoint(last.id, null);
  return at;
}

class Puller {
  constructor(
    private readonly job: PullJob,
    private readonly recorder: RunRecorder,
    private readonly lease: Lease,
    private readonly options: PullOptions,
  ) {}

  async run(resumed: Checkpoint | null): Promise<EndStatus> {
    const { accounts } = this.job.sync.stores;
    let at = resumed;
    if (at) await this.save(at);
    else {
      const token = this.options.full ? null : await accounts.syncToken(this.job.account.id);
      at = startOf(token ? 'incremental' : 'full', token);
    }
    for (let restarts = 0; ; restarts++) {
      try {
        return await this.walk(at);
      } catch (e) {
        if (restarts > 1) throw e;
        if (at.mode === 'incremental' && isExpiredToken(e)) {
          // Sync tokens live 7 days: a full listing, re-matched through the links and our clientData ids.
          count(this.job.counts, 'full');
          at = startOf('full', null);
        } else if (at === resumed && at.pageToken !== null && isStalePageToken(e)) at = startOf(at.mode, at.from);
        else throw e;
      }
    }
  }

  /** One contact ("sync this contact now"): its person read directly, settled like a page bringing it. */
  async contact(contactId: number): Promise<EndStatus> {
    const { sync, account, gateway } = this.job;
    this.recorder.total = 1;
    const link = (await sync.stores.links.forContacts(account.id, [contactId])).get(contactId);
    if (!link?.resourceName) {
      // Not in Google for this account: the push that follows a contact's sync creates it if it belongs there.
      count(this.job.counts, 'skipped');
    } else {
      const person = (await gateway.batchGet([link.resourceName], PERSON_FIELDS)).get(link.resourceName) ?? null;
      await applyPage(this.job, [person ?? { resourceName: link.resourceName, metadata: { deleted: true } }]);
    }
    await this.progress(1);
    return 'done';
  }

  private async walk(start: Checkpoint): Promise<EndStatus> {
    let at = start;
    if (!at.guarded) {
      const scan = await scanListing(this.job, at);
      if (!(await this.passesGuard(scan.removals.length))) return 'needs_confirmation';
      at = { ...at, guarded: true, total: scan.people };
      this.recorder.total = scan.people;
      if (at.mode === 'full') await this.removeUnlisted(scan.removals);
      if (scan.onlyPage) {
        const { people, nextSyncToken } = scan.onlyPage;
        await applyPage(this.job, people, (tx) => this.finishListing(tx, nextSyncToken));
        await this.progress(people.length);
        return 'done';
      }
      await this.save(at);
    }
    this.recorder.total = at.total;
    this.recorder.done = at.done;
    do {
      const page = await listPage(this.job, at, at.pageToken);
      const next: Checkpoint = { ...at, pageToken: page.nextPageToken, done: at.done + page.people.length };
      await applyPage(this.job, page.people, (tx) => (page.nextPageToken ? tx.runs.saveCheckpoint(this.recorder.id, next) : this.finishListing(tx, page.nextSyncToken)));
      at = next;
      await this.progress(page.people.length);
      await this.lease.renew();
    } while (at.pageToken);
    return 'done';
  }

  private async passesGuard(removals: number): Promise<boolean> {
    const { sync, account, settings } = this.job;
    const verdict = massDeletionGuard({ linkCount: await sync.stores.links.countActive(account.id), removals, maxShare: settings.massDeleteShare });
    if (verdict.kind === 'proceed') return true;
    const confirmed = this.options.confirm;
    if (confirmed && removals <= confirmed.removals) return true;
    count(this.job.counts, 'pending-removals', removals);
    sync.host.log.warn('gcontacts: a pull would remove more contacts than the mass-deletion share allows; it waits for an admin to confirm it', {
      account: account.email, run: this.recorder.id, removals, links: verdict.linkCount,
    });
    return false;
  }

  /** Linked people a full listing no longer brings: deleted in Google, handled by the Google-delete policy. */
  private async removeUnlisted(contactIds: readonly number[]): Promise<void> {
    const { sync, account, settings } = this.job;
    for (const part of chunks(contactIds)) {
      const links = await sync.stores.links.forContacts(account.id, part);
      const out = new BatchOutcome(this.job);
      for (const state of await loadStates(sync, account, settings, part, links)) {
        await googleDeleted(this.job, state, out, state.scope?.inScope ? settings.googleDeletePolicy : 'unlink');
      }
      await out.commit([], null);
    }
  }

  private async finishListing(tx: Stores, syncToken: string | null): Promise<void> {
    if (syncToken === null) throw new GContactsError('GOOGLE_ERROR', 'Google ended a listing without a sync token');
    await tx.accounts.setSyncToken(this.job.account.id, syncToken);
    await tx.runs.saveCheckpoint(this.recorder.id, null);
  }

  private save(at: Checkpoint): Promise<void> {
    return this.job.sync.stores.runs.saveCheckpoint(this.recorder.id, at);
  }

  private async progress(n: number): Promise<void> {
    Object.assign(this.recorder.counts, summarisePull(this.job.counts));
    await this.recorder.progress(n);
  }
}
