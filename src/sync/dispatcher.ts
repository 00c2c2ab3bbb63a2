/**
 * What makes a CRM save reach Google in about a second and a phone edit reach the CRM within a minute (issue 12),
 * in every process that runs the module (the server, `npm run worker`):
 * - Wake-ups: when the triggers write outbox rows, the accounts concerned are pushed once DEBOUNCE_MS passed
 *   without another wake-up, or MAX_WAIT_MS after the first one: a single save goes out at once, a stream of saves
 *   (1,000 in a second, or a slow trickle) in few full batches. A woken run ends after a batch that was not full;
 *   the saves that came meanwhile woke the account again, and it runs again after the same debounce.
 * - Adaptive polls: each account's incremental pull (one request when nothing changed) runs every POLL_MIN_MS after
 *   activity on either side, and the interval doubles on each quiet poll up to POLL_MAX_MS; never more often than
 *   a tenth of the account's requests_per_minute allows.
 * - Due rows: every second each process also looks for outbox rows due now (one query on a small table), so rows a
 *   save queued in another process (the web server, when workers do the pushing) or whose backoff just ended go out
 *   within about a second too.
 * Runs go through the process's slots (concurrent_accounts) and the account leases, so several processes share the
 * accounts without double work; the minute job and the scheduled pulls stay as the backstop.
 */
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';
import { slotsOf } from './slots';

export const DEBOUNCE_MS = 200;
/** The longest a woken account waits while saves keep coming. */
export const MAX_WAIT_MS = 1000;
export const POLL_MIN_MS = 15_000;
export const POLL_MAX_MS = 60_000;
/** How often a process looks for due outbox rows of any process and for accounts to poll. */
const TICK_MS = 1_000;
/** Share of the account's request budget the polls may use (the rest is for pushes and full syncs). */
const POLL_SHARE = 0.1;

/** What a turn of an account does; each answers whether it changed something (activity keeps the polls quick). */
export interface Work {
  push(account: Account): Promise<boolean>;
  poll(account: Account): Promise<boolean>;
  /** The account's requests per minute (the polls stay within a share of it). */
  requestsPerMinute(): Promise<number>;
}

export interface DispatcherOptions {
  debounceMs: number;
  maxWaitMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  /** Polls and looks for due rows on a timer (off: only wake-ups, for tests of the wake-up path). */
  polls: boolean;
}

export interface Dispatcher {
  /** Pushes these accounts soon (outbox rows were written for them). */
  wake(accountIds: Iterable<number>): void;
  /** Pushes every active account soon: what is due at startup. */
  wakeAll(): Promise<void>;
  /** Stops timers and waits for the runs under way. */
  stop(): Promise<void>;
}

interface Turn {
  timer: NodeJS.Timeout | null;
  /** When the pending timer's first wake-up came (the debounce never waits past it + maxWaitMs). */
  firstWakeAt: number;
  running: boolean;
  again: boolean;
  push: boolean;
  poll: boolean;
  intervalMs: number;
  nextPollAt: number;
}

export function createDispatcher(sync: SyncContext, work: Work, options: DispatcherOptions): Dispatcher {
  const turns = new Map<number, Turn>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const now = () => Date.now();

  const turnOf = (id: number): Turn => {
    let turn = turns.get(id);
    // A first poll spread over the longest interval, so hundreds of accounts do not all poll in one tick.
    if (!turn) turns.set(id, (turn = { timer: null, firstWakeAt: 0, running: false, again: false, push: false, poll: false, intervalMs: options.pollMinMs, nextPollAt: now() + sync.random() * options.pollMaxMs }));
    return turn;
  };

  const schedule = (id: number, delayMs: number) => {
    const turn = turnOf(id);
    if (stopped) return;
    if (turn.running) {
      turn.again = true;
      return;
    }
    if (turn.timer) {
      if (delayMs === 0) return;
      clearTimeout(turn.timer);
      delayMs = Math.max(0, Math.min(delayMs, turn.firstWakeAt + options.maxWaitMs - now()));
    } else turn.firstWakeAt = now();
    turn.timer = setTimeout(() => {
      turn.timer = null;
      const done = execute(id, turn).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }, delayMs);
    turn.timer.unref();
  };

  const execute = async (id: number, turn: Turn) => {
    turn.running = true;
    try {
      const slots = await slotsOf(sync.host);
      await slots.run(async () => {
        const account = await sync.stores.accounts.get(id);
        const [push, poll] = [turn.push, turn.poll];
        turn.push = turn.poll = false;
        if (stopped || !account || account.status !== 'active') return;
        const pushed = push && (await work.push(account));
        const pulled = poll && (await work.poll(account));
        if (pushed || pulled) turn.intervalMs = options.pollMinMs;
        else if (poll) turn.intervalMs = Math.min(options.pollMaxMs, turn.intervalMs * 2);
      });
    } catch (e) {
      sync.host.log.error('gcontacts: a background run failed', { account: id, error: (e as Error).message });
    } finally {
      turn.running = false;
      if (turn.again && !stopped) {
        turn.again = false;
        schedule(id, options.debounceMs);
      }
    }
  };

  const tick = async () => {
    const active = (await sync.stores.accounts.list()).filter((account) => account.status === 'active');
    const ids = new Set(active.map((account) => account.id));
    const due = (await sync.stores.outbox.dueAccounts()).filter((id) => ids.has(id) && !turnOf(id).running);
    if (due.length > 0) dispatcher.wake(due);
    const floorMs = 60_000 / (Math.max(1, await work.requestsPerMinute()) * POLL_SHARE);
    for (const account of active) {
      const turn = turnOf(account.id);
      if (turn.nextPollAt > now()) continue;
      turn.poll = true;
      turn.nextPollAt = now() + Math.max(floorMs, turn.intervalMs);
      schedule(account.id, 0);
    }
  };
  const poller = options.polls ? setInterval(() => void tick().catch((e: Error) => sync.host.log.error('gcontacts: could not plan the polls', { error: e.message })), TICK_MS) : null;
  poller?.unref();

  const dispatcher: Dispatcher = {
    wake(accountIds) {
      for (const id of accountIds) {
        const turn = turnOf(id);
        turn.push = true;
        // Activity on the CRM side: the account's next poll comes soon too (a phone may answer it).
        turn.intervalMs = options.pollMinMs;
        turn.nextPollAt = Math.min(turn.nextPollAt, now() + options.pollMinMs);
        schedule(id, options.debounceMs);
      }
    },
    async wakeAll() {
      dispatcher.wake((await sync.stores.accounts.list()).filter((a) => a.status === 'active').map((a) => a.id));
    },
    async stop() {
      stopped = true;
      if (poller) clearInterval(poller);
      for (const turn of turns.values()) if (turn.timer) clearTimeout(turn.timer);
      await Promise.all([...inFlight]);
    },
  };
  return dispatcher;
}
