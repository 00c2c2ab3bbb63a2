/**
 * Each connected account as the setup page (and a user's own account page) shows it: who it syncs for, its state,
 * its sync health (last good push and pull, changes waiting, errors grouped by reason with the contacts
 * concerned, conflicts and import candidates waiting, a run stopped by the mass-deletion guard) and whether a run
 * holds it right now.
 */
import type { Request } from 'express';
import type { Host } from '../host-contract';
import type { Account } from '../store/accounts';
import { knexCheckReads } from '../store/check-reads';
import type { SyncContext } from '../sync/context';
import { latestOn, runningOn } from '../sync/operation';
import { connectFields } from './account-access';
import type { RunView } from './run-view';
import { viewOf } from './runs-router';

const ERRORS_READ = 200;
const CONTACTS_PER_REASON = 10;

export interface AccountCard {
  id: number;
  email: string;
  scope: { key: string; params: Record<string, string | number> };
  broken: boolean;
  /** A run holds the account (here or in another process): its buttons are disabled. */
  held: boolean;
  run: RunView | null;
  connectFields: Record<string, string>;
  health: {
    lastPush: string | null;
    lastPull: string | null;
    pending: number;
    errors: { reason: string; count: number; contactIds: number[] }[];
    conflicts: number;
    candidates: number;
    stoppedRunId: number | null;
  };
}

export async function accountCards(sync: SyncContext, host: Host, req: Request, accounts: readonly Account[]): Promise<AccountCard[]> {
  const { stores } = sync;
  const reads = knexCheckReads({ db: host.db, now: () => host.clock.now().toISOString() });
  const leased = await stores.accounts.leased();
  const user = host.ui.user(req);
  const users = new Map((await host.contacts.users()).map((u) => [u.id, u]));
  return Promise.all(
    accounts.map(async (account) => {
      const [push, pull, pending, failed, conflicts, candidates, last] = await Promise.all([
        stores.runs.latestDone(account.id, ['push', 'export']),
        stores.runs.latestDone(account.id, ['sync', 'reconcile']),
        stores.outbox.count(account.id),
        reads.failedOutbox(account.id, ERRORS_READ),
        stores.conflicts.countUnresolved(account.id),
        stores.candidates.count(account.id),
        stores.runs.latest(account.id, ['sync', 'reconcile']),
      ]);
      const byReason = new Map<string, { reason: string; count: number; contactIds: number[] }>();
      for (const item of failed.items) {
        const reason = item.lastError ?? '';
        const group = byReason.get(reason) ?? { reason, count: 0, contactIds: [] };
        group.count++;
        if (group.contactIds.length < CONTACTS_PER_REASON) group.contactIds.push(item.contactId);
        byReason.set(reason, group);
      }
      const op = runningOn(host, account.id) ?? latestOn(host, account.id);
      const rep = account.scope.kind === 'salesrep' ? users.get(account.scope.userId) : undefined;
      const scope: AccountCard['scope'] = account.scope.kind === 'all'
        ? { key: 'setup.scope.all', params: {} }
        : { key: 'setup.scope.salesrep', params: { name: rep ? [rep.firstname, rep.lastname].filter(Boolean).join(' ') || rep.login : `#${account.scope.userId}` } };
      return {
        id: account.id,
        email: account.email,
        scope,
        broken: account.status === 'reconnect',
        held: leased.has(account.id),
        run: op ? viewOf(host, req, op) : null,
        connectFields: connectFields(account, user),
        health: {
          lastPush: push?.finishedAt ?? null,
          lastPull: pull?.finishedAt ?? null,
          pending,
          errors: [...byReason.values()],
          conflicts,
          candidates,
          stoppedRunId: last?.status === 'needs_confirmation' ? last.id : null,
        },
      } satisfies AccountCard;
    }),
  );
}
