/**
 * Operations started from a page (Sync now, Export all, Check synchro, Cleanup, a contact's own sync, a large
 * import): the request starts one and gets its id at once; the work goes on in the background, so leaving the page
 * does not stop it. An operation on an account holds the account's lease for its whole length (the lease's own
 * heartbeat keeps it) — the runs it makes inside (Export all: a first pull, then the push) use that lease, and a
 * second start from another tab, another user or the CLI finds the account busy: the lease is a database row, so
 * this holds across processes.
 * Progress lives in this process's memory (the run-status endpoint reads it); the runs an operation made stay in
 * gcontacts_run as always.
 */
import { randomBytes } from 'node:crypto';
import { GContactsError, isGContactsError } from '../errors';
import type { Host } from '../host-contract';
import type { Account } from '../store/accounts';
import type { RunCounts } from '../store/runs';
import type { SyncContext } from './context';
import { withLease } from './lease';
import type { RunOptions, RunResult } from './run-recorder';

export type OperationStatus = 'running' | 'done' | 'failed' | 'needs_confirmation';

/** A message for the reader: a key of lang/ and its parameters, translated when shown. */
export interface Wording {
  key: string;
  params?: Record<string, string | number>;
}

export interface OperationResult {
  status: Exclude<OperationStatus, 'running'>;
  /** What the operation did, by outcome (the counts of its runs added up). */
  counts: RunCounts;
  /** Why it failed or stopped, in the reader's words (the raw message goes to the log). */
  error: Wording | null;
  /** The gcontacts_run rows it made. */
  runIds: number[];
  /** Where the result is shown at length (the Check synchro report, the stopped run to confirm). */
  link?: { label: Wording; href: string };
  /** A further line to show (the vCard backup written by Cleanup). */
  note?: Wording;
}

export interface Operation {
  readonly id: string;
  /** What was started, a key under `runs.kind.` (export, sync, check, cleanup, confirm, …). */
  readonly kind: string;
  readonly accountId: number | null;
  readonly userId: number | null;
  readonly startedAt: Date;
  finishedAt: Date | null;
  /** The step under way, a key under `runs.phase.` (a run kind while a run reports progress). */
  phase: string;
  done: number;
  total: number | null;
  status: OperationStatus;
  result: OperationResult | null;
}

/** What the work of an operation gets: run options that report progress here, and a way to name its step. */
export interface OperationControl {
  options: RunOptions;
  phase(name: string, total?: number | null): void;
  progress(done: number, total: number | null): void;
}

export interface OperationRequest {
  kind: string;
  /** The account it works on (its lease is held throughout); null for work on the CRM alone (an import). */
  account: Account | null;
  userId: number | null;
  work(control: OperationControl): Promise<OperationResult>;
}

/** Finished operations are kept this long for the pages that follow them, and at most this many. */
const KEEP_MS = 60 * 60_000;
const KEEP_MAX = 200;

/**
 * Operations by host, kept on the global object under a registered symbol: a process can hold two copies of this
 * file (the host imports the module as ES modules, a CLI or test runner may load it through require), and a run
 * started by one copy must be found by the status endpoint of the other.
 */
const REGISTRIES = Symbol.for('gcontacts.operations');
const registries: WeakMap<Host, Map<string, Operation>> = ((globalThis as Record<symbol, unknown>)[REGISTRIES] ??= new WeakMap()) as WeakMap<Host, Map<string, Operation>>;

function registry(host: Host): Map<string, Operation> {
  let ops = registries.get(host);
  if (!ops) registries.set(host, (ops = new Map<string, Operation>()));
  return ops;
}

export function getOperation(host: Host, id: string): Operation | null {
  return registry(host).get(id) ?? null;
}

/** The operation of this process running on the account, if any. */
export function runningOn(host: Host, accountId: number): Operation | null {
  for (const op of registry(host).values()) if (op.accountId === accountId && op.status === 'running') return op;
  return null;
}

/** The latest operation of this process on the account, running or finished. */
export function latestOn(host: Host, accountId: number): Operation | null {
  let latest: Operation | null = null;
  for (const op of registry(host).values()) if (op.accountId === accountId) latest = op;
  return latest;
}

/**
 * Starts the operation and resolves once it holds its account (the work then goes on alone).
 * @throws GContactsError BUSY when a run already holds the account, here or in another process.
 */
export function startOperation(sync: SyncContext, request: OperationRequest): Promise<Operation> {
  const { host } = sync;
  const op: Operation = {
    id: randomBytes(9).toString('base64url'),
    kind: request.kind,
    accountId: request.account?.id ?? null,
    userId: request.userId,
    startedAt: host.clock.now(),
    finishedAt: null,
    phase: request.kind,
    done: 0,
    total: null,
    status: 'running',
    result: null,
  };
  return new Promise<Operation>((started, refused) => {
    const run = async (): Promise<void> => {
      forget(host);
      registry(host).set(op.id, op);
      started(op);
      try {
        finish(host, op, await request.work(control(op, request.userId)));
      } catch (e) {
        host.log.error('gcontacts: an operation started from a page failed', { kind: op.kind, error: e instanceof Error ? e.message : String(e) });
        finish(host, op, { status: 'failed', counts: {}, error: failureWording(e), runIds: [] });
      }
    };
    if (!request.account) {
      void run();
      return;
    }
    withLease(sync, request.account, false, run).then(
      (outcome) => {
        if (outcome === 'busy') refused(new GContactsError('BUSY', 'a run already holds this account', { accountId: request.account!.id }));
      },
      refused,
    );
  });
}

function control(op: Operation, userId: number | null): OperationControl {
  return {
    options: {
      trigger: 'web',
      userId,
      onProgress: ({ kind, done, total }) => {
        op.phase = kind;
        op.done = done;
        op.total = total;
      },
    },
    phase(name, total = null) {
      op.phase = name;
      op.done = 0;
      op.total = total;
    },
    progress(done, total) {
      op.done = done;
      op.total = total;
    },
  };
}

function finish(host: Host, op: Operation, result: OperationResult): void {
  op.result = result;
  op.status = result.status;
  op.finishedAt = host.clock.now();
}

function forget(host: Host): void {
  const ops = registry(host);
  const before = host.clock.now().getTime() - KEEP_MS;
  for (const [id, op] of ops) if (op.finishedAt && op.finishedAt.getTime() < before) ops.delete(id);
  for (const [id, op] of ops) if (ops.size >= KEEP_MAX && op.status !== 'running') ops.delete(id);
}

/** A failure in the reader's words, by the error's code; anything unplanned is an internal error. */
export function failureWording(e: unknown): Wording {
  if (isGContactsError(e)) return { key: `runs.error.${e.code}` };
  return { key: 'runs.error.INTERNAL' };
}

/**
 * Folds the runs an operation made into its result: the counts added up; failed when one failed, stopped when a
 * pull waits for a confirmation (with a link to confirm it).
 */
export async function resultOfRuns(sync: SyncContext, results: readonly RunResult[], confirmHref: (runId: number) => string): Promise<OperationResult> {
  const counts: RunCounts = {};
  for (const r of results) for (const [key, n] of Object.entries(r.counts)) if (key !== 'requests') counts[key] = (counts[key] ?? 0) + n;
  const runIds = results.flatMap((r) => (r.runId === null ? [] : [r.runId]));
  const failed = results.find((r) => r.status === 'failed' || r.status === 'busy');
  if (failed) {
    const account = await sync.stores.accounts.get(failed.account.id);
    const error: Wording = failed.status === 'busy' ? { key: 'runs.error.BUSY' } : account?.status === 'reconnect' ? { key: 'runs.error.GOOGLE_AUTH' } : { key: 'runs.error.run_failed' };
    return { status: 'failed', counts, error, runIds };
  }
  const stopped = results.find((r) => r.status === 'needs_confirmation');
  if (stopped && stopped.runId !== null) {
    return {
      status: 'needs_confirmation',
      counts,
      // A pull changed nothing; a push sent the rest and held back only the contacts it found deleted in Google.
      error: { key: stopped.kind === 'push' || stopped.kind === 'export' ? 'backups.push_held_back' : 'runs.error.needs_confirmation', params: { removals: stopped.counts['pending-removals'] ?? 0 } },
      runIds,
      link: { label: { key: 'runs.confirm_link' }, href: confirmHref(stopped.runId) },
    };
  }
  return { status: 'done', counts, error: null, runIds };
}
