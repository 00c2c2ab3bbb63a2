/**
 * The host's scheduler: named cron jobs, one timer for the nearest run. Runs of one job never overlap; a job that
 * throws is logged and runs again at its next time.
 */
import type { HostLog } from '../../src/host-contract';
import { nextRun, parseCron, type CronSpec } from './cron';

interface Job {
  spec: CronSpec;
  cron: string;
  fn: () => Promise<void>;
  next: Date;
  running: boolean;
}

export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly log: HostLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  every(name: string, cron: string, fn: () => Promise<void>): void {
    const spec = parseCron(cron);
    this.jobs.set(name, { spec, cron, fn, next: nextRun(spec, this.now()), running: false });
    this.arm();
  }

  cancel(name: string): void {
    this.jobs.delete(name);
    this.arm();
  }

  /** Cancels every job whose name starts with `prefix` (a module's jobs when it is disabled). */
  cancelAll(prefix: string): void {
    for (const name of [...this.jobs.keys()]) if (name.startsWith(prefix)) this.jobs.delete(name);
    this.arm();
  }

  list(): { name: string; cron: string; next: string; running: boolean }[] {
    return [...this.jobs].map(([name, j]) => ({ name, cron: j.cron, next: j.next.toISOString(), running: j.running }));
  }

  /** Runs every job that is due at `now`; the timer calls it, and tests call it with a chosen time. */
  async tick(): Promise<void> {
    const now = this.now();
    const due = [...this.jobs].filter(([, j]) => j.next <= now && !j.running);
    await Promise.all(due.map(([name, job]) => this.run(name, job, now)));
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(name: string, job: Job, now: Date): Promise<void> {
    job.running = true;
    job.next = nextRun(job.spec, now);
    try {
      await job.fn();
    } catch (e) {
      this.log.error('scheduled job failed', { job: name, error: (e as Error).message });
    } finally {
      job.running = false;
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.jobs.size === 0) return;
    const soonest = Math.min(...[...this.jobs.values()].map((j) => j.next.getTime()));
    const wait = Math.max(1000, Math.min(soonest - this.now().getTime(), 60_000));
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }
}
