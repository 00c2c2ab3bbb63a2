/** Keeps a run's row in gcontacts_run current: started, progress and counts along the way, then its end. */
import type { Account } from '../store/accounts';
import type { RunCounts, RunKind, RunStatus, RunTrigger } from '../store/runs';
import type { SyncContext } from './context';

export interface RunProgress {
  kind: RunKind;
  account: Account;
  done: number;
  total: number | null;
}

export interface RunOptions {
  trigger: RunTrigger;
  userId?: number | null;
  /** Told after each batch (the CLI prints a progress line). */
  onProgress?: (progress: RunProgress) => void;
  /** Wait for another process's push of the same account to end, instead of answering 'busy'. */
  waitForLease?: boolean;
  /** A push ends after a batch that was not full (a woken run: rows queued meanwhile wake the account again). */
  endOnPartialBatch?: boolean;
}

export interface RunResult {
  account: Account;
  kind: RunKind;
  runId: number | null;
  status: Exclude<RunStatus, 'running'> | 'busy';
  counts: RunCounts;
  error: string | null;
}

export class RunRecorder {
  readonly counts: RunCounts = {};
  done = 0;

  private constructor(
    private readonly sync: SyncContext,
    readonly id: number,
    readonly kind: RunKind,
    readonly account: Account,
    private readonly options: RunOptions,
    public total: number | null,
  ) {}

  static async start(sync: SyncContext, kind: RunKind, account: Account, options: RunOptions, total: number | null): Promise<RunRecorder> {
    const id = await sync.stores.runs.start({ accountId: account.id, kind, trigger: options.trigger, userId: options.userId ?? null, total });
    return new RunRecorder(sync, id, kind, account, options, total);
  }

  async progress(done: number): Promise<void> {
    this.done += done;
    await this.sync.stores.runs.progress(this.id, this.done, this.total, this.counts);
    this.options.onProgress?.({ kind: this.kind, account: this.account, done: this.done, total: this.total });
  }

  async finish(status: Exclude<RunStatus, 'running'>, error: string | null, requests: number): Promise<RunResult> {
    this.counts.requests = requests;
    await this.sync.stores.runs.finish(this.id, status, this.counts, error);
    return { account: this.account, kind: this.kind, runId: this.id, status, counts: this.counts, error };
  }
}
