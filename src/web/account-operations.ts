/**
 * What each button of an account starts: Sync now (pull, then push what is due), Export all, Check synchro,
 * Cleanup, a stopped run confirmed, failed changes retried. Each is an operation (sync/operation.ts): it holds the
 * account's lease from the click to its end, and its result says what happened in the reader's words.
 */
import { basename } from 'node:path';
import type { Account } from '../store/accounts';
import { checkAccount, runCounts, type CheckReport } from '../sync/check';
import { cleanupAccount } from '../sync/cleanup';
import type { SyncContext } from '../sync/context';
import { exportAccount } from '../sync/export';
import { resultOfRuns, type OperationControl, type OperationResult } from '../sync/operation';
import { pullAccount } from '../sync/pull';
import { confirmPull } from '../sync/pull-confirm';
import { drainAccount } from '../sync/push-worker';
import type { RunResult } from '../sync/run-recorder';
import { readSettings } from '../sync/settings';

export const ACCOUNT_OPERATIONS = ['sync', 'export', 'check', 'cleanup', 'retry'] as const;
export type AccountOperation = (typeof ACCOUNT_OPERATIONS)[number];

/** Pages an operation's result links to, under the module's mount point. */
export interface ResultPages {
  base: string;
  confirm(runId: number): string;
  check(runId: number): string;
}

export function resultPages(base: string): ResultPages {
  return { base, confirm: (runId) => `${base}/runs/${runId}/confirm`, check: (runId) => `${base}/check/${runId}` };
}

/** Check reports by run id, kept in memory for the report page and its downloads (the newest few). */
const REPORTS_KEPT = 20;
const reports = new Map<number, CheckReport>();

export function checkReport(runId: number): CheckReport | null {
  return reports.get(runId) ?? null;
}

export async function runAccountOperation(sync: SyncContext, account: Account, kind: AccountOperation, control: OperationControl, pages: ResultPages): Promise<OperationResult> {
  const settings = await readSettings(sync.host);
  const { options } = control;
  const runs = (results: RunResult[]) => resultOfRuns(sync, results, pages.confirm);
  switch (kind) {
    case 'sync':
    case 'retry': {
      if (kind === 'retry') await sync.stores.outbox.retryNow(account.id);
      control.phase('sync');
      const pulled = await pullAccount(sync, account, settings, options);
      if (pulled.status !== 'done') return runs([pulled]);
      control.phase('push');
      const pushed = await drainAccount(sync, account, settings, 'push', options);
      return runs(pushed ? [pulled, pushed] : [pulled]);
    }
    case 'export':
      control.phase('export');
      return runs([await exportAccount(sync, account, settings, options)]);
    case 'cleanup': {
      control.phase('cleanup');
      const cleaned = await cleanupAccount(sync, account, settings, options);
      const result = await runs([cleaned]);
      return cleaned.backupFile ? { ...result, note: { key: 'runs.backup_written', params: { file: basename(cleaned.backupFile) } } } : result;
    }
    case 'check': {
      control.phase('check');
      const report = await checkAccount(sync, account, { ...options, limit: 1000 });
      reports.set(report.runId, report);
      for (const id of reports.keys()) if (reports.size > REPORTS_KEPT) reports.delete(id);
      return {
        status: report.status,
        counts: runCounts(report),
        error: report.status === 'failed' ? { key: 'runs.error.run_failed' } : null,
        runIds: [report.runId],
        link: { label: { key: 'runs.check_link' }, href: pages.check(report.runId) },
      };
    }
  }
}

/** Applies the removals a pull stopped on, as the admin confirmed on the page. */
export async function runConfirm(sync: SyncContext, runId: number, control: OperationControl, pages: ResultPages): Promise<OperationResult> {
  control.phase('confirm');
  const result = await confirmPull(sync, runId, await readSettings(sync.host), control.options);
  return resultOfRuns(sync, [result], pages.confirm);
}
