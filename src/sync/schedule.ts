/**
 * The module's jobs on the host scheduler (module.json "jobs"): the push every minute, the incremental pull every
 * `sync_interval_minutes`, the full reconcile daily at `reconcile_time`. Settings change while the module runs,
 * and the host does not say when: the every-minute push job compares the pull jobs' cron lines with the settings
 * and registers them again when they moved (at most a minute late, for one settings read a minute).
 */
import { dailyCron, intervalCron } from '../core/schedule';
import type { Host } from '../host-contract';
import type { Sync } from '.';

export const JOBS = { push: 'push', sync: 'sync', reconcile: 'reconcile' } as const;
const PUSH_CRON = '* * * * *';

export interface PullCrons {
  sync: string;
  reconcile: string;
}

export async function pullCrons(host: Host): Promise<PullCrons> {
  return {
    sync: intervalCron(Number(await host.settings.get('sync_interval_minutes'))),
    reconcile: dailyCron(String(await host.settings.get('reconcile_time'))),
  };
}

export async function scheduleJobs(host: Host, sync: Sync): Promise<void> {
  let crons = await pullCrons(host);
  const schedulePulls = () => {
    // Cron pulls wait for a push holding the account, rather than skip a whole interval.
    host.scheduler.every(JOBS.sync, crons.sync, async () => void (await sync.pull({ trigger: 'cron', waitForLease: true })));
    host.scheduler.every(JOBS.reconcile, crons.reconcile, async () => void (await sync.pull({ trigger: 'cron', waitForLease: true, full: true })));
  };
  schedulePulls();
  host.scheduler.every(JOBS.push, PUSH_CRON, async () => {
    const now = await pullCrons(host);
    if (now.sync !== crons.sync || now.reconcile !== crons.reconcile) {
      crons = now;
      schedulePulls();
    }
    await sync.push({ trigger: 'cron' });
  });
}

export function cancelJobs(host: Host): void {
  for (const job of Object.values(JOBS)) host.scheduler.cancel(job);
}
