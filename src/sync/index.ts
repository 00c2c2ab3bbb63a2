/**
 * The sync, as the module entry, the CLI and the tests use it: push, pull, Export all and Cleanup over the
 * connected accounts (one after the other: each holds its own lease), confirming a pull the mass-deletion guard
 * stopped, settling conflicts, connecting accounts, sync flags.
 */
import type { Host } from '../host-contract';
import type { Account } from '../store/accounts';
import { connectAccount, type ConnectInput, type ConnectOutcome } from './accounts';
import { cleanupAccount, type CleanupResult } from './cleanup';
import { createSyncContext, type SyncContext } from './context';
import { exportAccount, firstLink } from './export';
import { activeAccounts, drainAccount } from './push-worker';
import type { RunOptions, RunResult } from './run-recorder';
import { readSettings, type SyncSettings } from './settings';
import { resolveConflict } from './conflict-resolve';
import { restoreOverwritten } from './restore-overwritten';
import { pullAccount, type PullOptions } from './pull';
import { confirmPull } from './pull-confirm';
import { setSyncFlag } from './sync-flag';
import type { Resolution } from '../store/conflicts';
import { flushTriggers, startTriggers, type Triggers } from './triggers';
import { createDispatcher, DEBOUNCE_MS, MAX_WAIT_MS, POLL_MAX_MS, POLL_MIN_MS, type Work } from './dispatcher';
import { slotsOf } from './slots';
import { catchUp, queueVanished } from './change-cursor';

export interface Sync {
  readonly context: SyncContext;
  /** Pushes the due outbox rows of every active account; accounts with nothing due record no run. */
  push(options: RunOptions): Promise<RunResult[]>;
  /**
   * A push a person asked for (CLI, button): the rows waiting for their backoff go at once too. Answers the runs,
   * and what still cannot go afterwards, so nobody is told "nothing to do" while changes wait.
   */
  pushNow(options: RunOptions): Promise<ManualPush>;
  exportAll(options: RunOptions): Promise<RunResult[]>;
  cleanup(options: RunOptions): Promise<CleanupResult[]>;
  /**
   * Pulls every active account, or the one with `accountEmail`. With `contactId` ("sync this contact now"): that
   * contact's person in each account, then a push of the contact, so both directions are settled.
   */
  pull(options: PullOptions & { accountEmail?: string }): Promise<RunResult[]>;
  /** Applies the removals a pull stopped on (run status needs_confirmation). */
  confirm(runId: number, options: RunOptions): Promise<RunResult>;
  resolveConflict(conflictId: number, resolution: Resolution, userId: number | null): Promise<void>;
  /** Makes a value a conflict policy overwrote the contact's value again (the tab's "Restore"). */
  restoreOverwritten(id: number, userId: number | null): Promise<void>;
  connect(input: ConnectInput): Promise<ConnectOutcome>;
  setSyncFlag(contactId: number, enabled: boolean, userId: number | null): Promise<void>;
  /**
   * Subscribes the host events and, unless `background` is false, wakes the accounts' workers when rows are
   * queued and polls the accounts (module bootstrap only).
   */
  listen(background: boolean): Listening;
  /** Queues the CRM changes no event brought (change-cursor.ts); the module runs it at startup. */
  catchUp(): Promise<number>;
}

/** What listen() started: the event triggers and, in the background, the dispatcher of wake-ups and polls. */
export interface Listening {
  triggers: Triggers;
  /** Pushes whatever every active account has due (after startup). */
  wakeAll(): Promise<void>;
  stop(): Promise<void>;
}

/** Changes of one account that a push could not send: after a failure (until `next`) or until it is reconnected. */
export interface WaitingChanges {
  account: Account;
  count: number;
  reason: 'backoff' | 'reconnect';
  /** When the first of them is tried again (backoff only). */
  next: string | null;
}

export interface ManualPush {
  results: RunResult[];
  waiting: WaitingChanges[];
}

export function createSync(host: Host, overrides: Parameters<typeof createSyncContext>[1] = {}): Sync {
  const context = createSyncContext(host, overrides);
  /** Every active account, side by side within the process's slots; results in account order. */
  const each = async <T>(fn: (account: Account) => Promise<T | null>): Promise<T[]> => {
    await flushTriggers(host);
    await catchUp(context);
    const slots = await slotsOf(host);
    const results = await Promise.all((await activeAccounts(context)).map((account) => slots.run(() => fn(account))));
    return results.filter((r): r is Awaited<T> => r !== null);
  };
  const pushAccount = async (account: Account, settings: SyncSettings, options: RunOptions) =>
    (await firstLink(context, account, settings, options)) ?? drainAccount(context, account, settings, 'push', options);
  const work: Work = {
    async push(account) {
      const result = await pushAccount(account, await readSettings(host), { trigger: 'cron', endOnPartialBatch: true });
      return result !== null && result.status !== 'busy';
    },
    async poll(account) {
      const result = await pullAccount(context, account, await readSettings(host), { trigger: 'cron' });
      const changed = ['created', 'updated', 'deleted', 'conflicts', 'errors'].some((key) => (result.counts[key] ?? 0) > 0);
      // A poll that found nothing leaves no run in the history (one every minute per account would bury it).
      if (result.status === 'done' && !changed && result.runId !== null) await context.stores.runs.discard(result.runId);
      return changed;
    },
    requestsPerMinute: async () => Number(await host.settings.get('requests_per_minute')),
  };
  const push = async (options: RunOptions): Promise<RunResult[]> => {
    const settings = await readSettings(host);
    return each((account) => pushAccount(account, settings, options));
  };
  return {
    context,
    push,
    async pushNow(options) {
      const { accounts, outbox } = context.stores;
      for (const account of await activeAccounts(context)) await outbox.retryNow(account.id);
      const results = await push(options);
      const waiting: WaitingChanges[] = [];
      for (const account of await accounts.list()) {
        if (account.status !== 'active') {
          const count = await outbox.count(account.id);
          if (count) waiting.push({ account, count, reason: 'reconnect', next: null });
        } else {
          const { count, next } = await outbox.waiting(account.id);
          if (count) waiting.push({ account, count, reason: 'backoff', next });
        }
      }
      return { results, waiting };
    },
    async exportAll(options) {
      const settings = await readSettings(host);
      return each((account) => exportAccount(context, account, settings, options));
    },
    async cleanup(options) {
      const settings = await readSettings(host);
      return each((account) => cleanupAccount(context, account, settings, options));
    },
    async pull({ accountEmail, ...options }) {
      const settings = await readSettings(host);
      const results = await each(async (account) => (accountEmail === undefined || account.email === accountEmail ? pullAccount(context, account, settings, options) : null));
      // The reconcile also finds the CRM deletes no event brought; the next push handles them.
      if (options.full) for (const r of results) if (r.status === 'done') await queueVanished(context, r.account);
      if (options.contactId === undefined) return results;
      const contactId = options.contactId;
      const accounts = results.map((r) => r.account);
      await context.stores.outbox.enqueue(accounts.map((account) => ({ accountId: account.id, contactId, op: 'change' })));
      for (const account of accounts) {
        const pushed = await drainAccount(context, account, settings, 'push', options);
        if (pushed) results.push(pushed);
      }
      return results;
    },
    async confirm(runId, options) {
      await flushTriggers(host);
      return confirmPull(context, runId, await readSettings(host), options);
    },
    resolveConflict: (conflictId, resolution, userId) => resolveConflict(context, conflictId, resolution, userId),
    restoreOverwritten: (id, userId) => restoreOverwritten(context, id, userId),
    connect: (input) => connectAccount(context, input),
    setSyncFlag: (contactId, enabled, userId) => setSyncFlag(context, contactId, enabled, userId),
    listen(background) {
      const dispatcher = background ? createDispatcher(context, work, { debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS, pollMinMs: POLL_MIN_MS, pollMaxMs: POLL_MAX_MS, polls: true }) : null;
      const triggers = startTriggers(context, (ids) => dispatcher?.wake(ids));
      return {
        triggers,
        wakeAll: async () => dispatcher?.wakeAll(),
        async stop() {
          await triggers.stop();
          await dispatcher?.stop();
        },
      };
    },
    async catchUp() {
      await flushTriggers(host);
      return catchUp(context);
    },
  };
}

export type { RunOptions, RunResult } from './run-recorder';
export type { CleanupResult } from './cleanup';
export type { PullOptions } from './pull';
