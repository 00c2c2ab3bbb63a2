/**
 * Cleanup: takes the module out of a Google account. Deletes every Google contact the module created — those its
 * links name, and those carrying this CRM's instance id in clientData (a create whose link was lost), each carrying
 * the uid its create sent (core/person-items isCreatedByModule): a contact the account already had, linked by a
 * pull (first link, import from the container), is the account owner's and stays — and every
 * group it created (adopted groups stay), never anything else; the CRM is not touched. A vCard backup of every
 * contact about to be deleted is written first (sync/backup.ts, like every Google-side delete of the module), so a
 * mistaken Cleanup can be imported back. The account's links, groups, outbox rows and conflicts go last, and its
 * sync token: the account starts again as a new one, whose first pull links what it holds (the contacts left here
 * carry our id) before anything is created beside them.
 */
import { isCreatedByModule } from '../core/person-items';
import { isGContactsError } from '../errors';
import { LIMITS, type Person } from '../google/gateway';
import type { Account } from '../store/accounts';
import { chunks } from '../store/db';
import { count, openAccountJob, type AccountJob } from './account-job';
import { backUpPeople } from './backup';
import type { SyncContext } from './context';
import { withLease } from './lease';
import { describeFailure } from './push-worker';
import { PERSON_FIELDS } from './person-fields';
import { RunRecorder, type RunOptions, type RunResult } from './run-recorder';
import type { SyncSettings } from './settings';

export interface CleanupResult extends RunResult {
  /** The vCard file written, when there was anything to delete. */
  backupFile: string | null;
}

export async function cleanupAccount(sync: SyncContext, account: Account, settings: SyncSettings, options: RunOptions): Promise<CleanupResult> {
  const outcome = await withLease(sync, account, options.waitForLease ?? false, async () => {
    const run = await RunRecorder.start(sync, 'cleanup', account, options, null);
    const job = await openAccountJob(sync, account, settings, run.id, run.counts);
    try {
      const backupFile = await clean(job, run);
      return { ...(await run.finish('done', null, job.gateway.requestCount)), backupFile };
    } catch (e) {
      return { ...(await run.finish('failed', await describeFailure(sync, account, e), job.gateway.requestCount)), backupFile: null };
    }
  });
  if (outcome === 'busy') return { account, kind: 'cleanup', runId: null, status: 'busy', counts: {}, error: null, backupFile: null };
  return outcome;
}

/**
 * What a Cleanup of the account would delete, read from Google now: the people the module made and the groups it
 * created. The confirmation page shows the counts and offers these people as a vCard file first.
 */
export async function cleanupPreview(sync: SyncContext, account: Account, settings: SyncSettings): Promise<{ people: Person[]; groups: number }> {
  const job = await openAccountJob(sync, account, settings, null, {});
  const people = await ownPeople(job);
  const groups = (await sync.stores.groups.list(account.id)).filter((group) => !group.adopted).length;
  return { people, groups };
}

async function clean(job: AccountJob, run: RunRecorder): Promise<string | null> {
  const { sync, account, gateway } = job;
  const ours = await ownPeople(job);
  run.total = ours.length;
  const backupFile = await backUpPeople(sync, account, 'cleanup', ours);
  for (const part of chunks(ours, LIMITS.batchDelete)) {
    await gateway.batchDelete(part.map((person) => person.resourceName!));
    count(run.counts, 'deleted', part.length);
    await run.progress(part.length);
  }
  for (const group of await sync.stores.groups.list(account.id)) {
    if (!group.adopted) {
      await gateway.deleteGroup(group.resourceName, false).catch((e: unknown) => {
        if (!isGContactsError(e, 'NOT_FOUND')) throw e;
      });
      count(run.counts, 'groupsDeleted');
    }
    await sync.stores.groups.remove(account.id, group.resourceName);
  }
  await sync.stores.transaction(async (tx) => {
    await tx.links.removeAll(account.id);
    await tx.outbox.removeAll(account.id);
    await tx.conflicts.removeAll(account.id);
    await tx.accounts.setSyncToken(account.id, null);
    await tx.log.add([{ accountId: account.id, contactId: null, runId: run.id, action: 'cleanup', detail: { deleted: ours.length, backupFile } }]);
  });
  return backupFile;
}

/**
 * The account's people the module made: carrying the uid a create sent (personForCreate) — the one its link holds,
 * or, without a link, with this CRM's instance id. Linked people without it were the account's before the module
 * linked them.
 */
async function ownPeople(job: AccountJob): Promise<Person[]> {
  const { sync, account, gateway, settings } = job;
  const linked = new Map<string, string>();
  for (let after = 0; ; ) {
    const page = await sync.stores.links.page(account.id, after, 1000);
    if (page.length === 0) break;
    for (const link of page) if (link.resourceName) linked.set(link.resourceName, link.clientUid);
    after = page[page.length - 1]!.contactId;
  }
  const ours: Person[] = [];
  let pageToken: string | null = null;
  do {
    const page = await gateway.listConnections({ personFields: PERSON_FIELDS, pageSize: LIMITS.pageSize, pageToken });
    for (const person of page.people) if (isCreatedByModule(person, linked.get(person.resourceName!) ?? null, settings.instance)) ours.push(person);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ours;
}
