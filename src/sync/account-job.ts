/** One account's share of a run: its Google door, its groups, the run's settings and counts. */
import type { PeopleGateway } from '../google/gateway';
import type { Account } from '../store/accounts';
import type { RunCounts } from '../store/runs';
import type { SyncContext } from './context';
import { AccountGroups } from './groups';
import type { SyncSettings } from './settings';

export interface AccountJob {
  sync: SyncContext;
  account: Account;
  gateway: PeopleGateway;
  groups: AccountGroups;
  settings: SyncSettings;
  runId: number | null;
  /** What the run did so far, by outcome; shared by every batch of the run. */
  counts: RunCounts;
}

export async function openAccountJob(sync: SyncContext, account: Account, settings: SyncSettings, runId: number | null, counts: RunCounts): Promise<AccountJob> {
  const refreshToken = (await sync.stores.accounts.refreshToken(account.id)) ?? '';
  const gateway = sync.gateway({ account, refreshToken, requestsPerMinute: settings.requestsPerMinute });
  return { sync, account, gateway, groups: new AccountGroups(sync, account, gateway, settings.groups.addToMyContacts), settings, runId, counts };
}

export function count(counts: RunCounts, key: string, n = 1): void {
  if (n !== 0) counts[key] = (counts[key] ?? 0) + n;
}
