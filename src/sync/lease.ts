/**
 * One run (push, pull, export, cleanup) per account at a time, across processes (the server's cron and a CLI
 * command, two servers): Google wants one user's mutations sent one after another, and two workers would race on
 * the same links. The lease is a row update in gcontacts_account, renewed by the holder after each batch; a
 * crashed holder's lease expires.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';

export const LEASE_MS = 5 * 60_000;
const POLL_MS = 250;

export interface Lease {
  renew(): Promise<void>;
}

/**
 * Accounts whose lease a context holds right now. The row alone cannot tell two runs of one context apart (the
 * module's cron push and its cron pull share an owner), so a run also claims the account here.
 */
const held = new WeakMap<SyncContext, Set<number>>();

/**
 * The leases the current call chain holds, by account id: an operation started from a page (Export all = a first
 * pull, then the push) holds the account for its whole length, and the runs it makes inside use that lease
 * instead of finding the account busy — while a cron push of the same context, another call chain, still does.
 */
const chain = new AsyncLocalStorage<ReadonlyMap<number, Lease>>();

/** Runs `fn` holding the account's lease; 'busy' when another holder has it and `wait` is false. */
export async function withLease<T>(sync: SyncContext, account: Account, wait: boolean, fn: (lease: Lease) => Promise<T>): Promise<T | 'busy'> {
  const outer = chain.getStore()?.get(account.id);
  if (outer) return fn(outer);
  const { accounts } = sync.stores;
  const mine = held.get(sync) ?? new Set<number>();
  held.set(sync, mine);
  const until = () => new Date(sync.host.clock.now().getTime() + LEASE_MS).toISOString();
  const deadline = Date.now() + LEASE_MS;
  while (mine.has(account.id) || !(await accounts.acquireLease(account.id, sync.owner, until()))) {
    if (!wait || Date.now() > deadline) return 'busy';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  mine.add(account.id);
  const lease: Lease = {
    renew: async () => {
      await accounts.acquireLease(account.id, sync.owner, until());
    },
  };
  try {
    return await chain.run(new Map([...(chain.getStore() ?? []), [account.id, lease]]), () => fn(lease));
  } finally {
    mine.delete(account.id);
    await accounts.releaseLease(account.id, sync.owner);
  }
}
