/**
 * One run (push, pull, export, cleanup) per account at a time, across processes (the server's jobs, a CLI command,
 * worker processes, two servers): Google wants one user's mutations sent one after another, and two workers would
 * race on the same links. The lease is a row update in gcontacts_account (the pattern of database-backed job queues:
 * no other infrastructure than the CRM's own database). The holder renews it on a heartbeat, so a lease outlives a
 * slow Google call but not its holder: a killed process's lease expires within LEASE_MS, and a holder on this
 * machine whose process is gone (its pid is in the owner name) is taken over at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';

/** How long a lease lasts without renewal: the longest a killed process on another machine blocks its accounts. */
export const LEASE_MS = 45_000;
const HEARTBEAT_MS = LEASE_MS / 3;
const POLL_MS = 250;
/** How long a waiting run (waitForLease) waits before it answers busy. */
const WAIT_MS = 5 * 60_000;

export interface Lease {
  renew(): Promise<void>;
}

/**
 * Accounts whose lease a context holds right now. The row alone cannot tell two runs of one context apart (the
 * module's cron push and its cron pull share an owner), so a run also claims the account here.
 */
const held = new WeakMap<SyncContext, Set<number>>();

/** A lease owner name: `host:pid:nonce` (context.ts), unique per process and context. */
export function ownerName(nonce: string): string {
  return `${hostname()}:${process.pid}:${nonce}`;
}

/** True when the owner ran on this machine in a process that no longer exists. */
export function isDeadHere(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

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
  const acquire = async () => {
    if (mine.has(account.id)) return false;
    if (await accounts.acquireLease(account.id, sync.owner, until())) return true;
    const holder = await accounts.leaseHolder(account.id);
    return holder !== null && isDeadHere(holder) && accounts.acquireLease(account.id, sync.owner, until(), holder);
  };
  const deadline = Date.now() + WAIT_MS;
  while (!(await acquire())) {
    if (!wait || Date.now() > deadline) return 'busy';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  mine.add(account.id);
  const renew = async () => {
    await accounts.acquireLease(account.id, sync.owner, until());
  };
  const heartbeat = setInterval(() => void renew().catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  const lease: Lease = { renew };
  try {
    return await chain.run(new Map([...(chain.getStore() ?? []), [account.id, lease]]), () => fn(lease));
  } finally {
    clearInterval(heartbeat);
    mine.delete(account.id);
    await accounts.releaseLease(account.id, sync.owner);
  }
}
