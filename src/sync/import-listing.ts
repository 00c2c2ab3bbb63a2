/**
 * What the Import page reads from Google when it opens (issue 11): every account it shows, incrementally through
 * the account's sync token, never a full listing per view. When nothing changed that is one listing request per
 * account (plus the access token's refresh).
 *
 * - A main account is pulled (pull.ts): the pull already keeps its import candidates, and it also links the
 *   people the CRM has meanwhile, so the page never offers to import someone who is in the CRM already. A pull
 *   running elsewhere ('busy') is not waited for: the page shows the candidates as they are.
 * - An import-only account is only read: each person it has is a candidate (it is never linked), and nothing is
 *   written to it.
 */
import { MY_CONTACTS, isInGroup } from '../core/memberships';
import { personToCard } from '../core/person-read';
import { isGContactsError } from '../errors';
import type { Person } from '../google/gateway';
import type { Account } from '../store/accounts';
import type { ImportCandidate } from '../store/candidates';
import { openAccountJob } from './account-job';
import type { SyncContext } from './context';
import { displayName } from './pull-page';
import { isExpiredToken, listPage, startOf, type ListingMode } from './pull-listing';
import { pullAccount } from './pull';
import { describeFailure } from './push-worker';
import type { SyncSettings } from './settings';

/** Brings each account's candidates up to date; returns the Google requests made (the bench counts them). */
export async function refreshCandidates(sync: SyncContext, accounts: readonly Account[], settings: SyncSettings, userId: number): Promise<number> {
  let requests = 0;
  for (const account of accounts) {
    if (account.status !== 'active') continue;
    if (account.importOnly) requests += await readImportOnly(sync, account, settings);
    else requests += Number((await pullAccount(sync, account, settings, { trigger: 'web', userId })).counts.requests ?? 0);
  }
  return requests;
}

/** An import-only account's changes since its sync token (a full listing the first time, or when it expired). */
export async function readImportOnly(sync: SyncContext, account: Account, settings: SyncSettings): Promise<number> {
  const job = await openAccountJob(sync, account, settings, null, {});
  const { accounts, candidates } = sync.stores;
  const token = await accounts.syncToken(account.id);
  let mode: ListingMode = token ? 'incremental' : 'full';
  const started = sync.host.clock.now().toISOString();
  try {
    for (let pageToken: string | null = null; ; ) {
      let page;
      try {
        page = await listPage(job, startOf(mode, token), pageToken);
      } catch (e) {
        if (mode !== 'incremental' || !isExpiredToken(e)) throw e;
        mode = 'full';
        continue;
      }
      const live = page.people.filter((p) => !p.metadata?.deleted);
      await candidates.replace(account.id, page.people.map((p) => p.resourceName!), live.map((person) => toCandidate(account, person)));
      pageToken = page.nextPageToken;
      if (pageToken) continue;
      // A full listing names everyone: whoever it did not bring is gone from the account.
      if (mode === 'full') await candidates.dropUnseen(account.id, started);
      await accounts.setSyncToken(account.id, page.nextSyncToken);
      break;
    }
  } catch (e) {
    if (!isGContactsError(e)) throw e;
    // The page still opens, with what was read before; the account says why (reconnect, Google down).
    await describeFailure(sync, account, e);
  }
  return job.gateway.requestCount;
}

function toCandidate(account: Account, person: Person): ImportCandidate {
  const card = personToCard(person);
  return { accountId: account.id, resourceName: person.resourceName!, displayName: displayName(card, person), inContainer: false, inMyContacts: isInGroup(person, MY_CONTACTS), reason: 'new', contactIds: [], card };
}
