/** How a command prints the runs it made: one line per account, with the run's status and counts. */
import type { CleanupResult, RunResult } from '../sync';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Prints the runs; resolves the exit code: 0 when every run is done. */
export function summarise(results: readonly (RunResult | CleanupResult)[], out: (line: string) => void, t: Translate): number {
  if (results.length === 0) out(t('cli.nothing'));
  for (const r of results) {
    const counts = Object.entries(r.counts).map(([key, n]) => `${key} ${n}`).join(', ') || t('cli.nothing');
    out(t('cli.summary', { kind: r.kind, email: r.account.email, status: statusText(r, t), counts }));
    if ('backupFile' in r && r.backupFile) out(t('cli.backup', { file: r.backupFile }));
  }
  return results.every((r) => r.status === 'done') ? 0 : 1;
}

function statusText(r: RunResult, t: Translate): string {
  if (r.status === 'busy') return t('run.busy');
  if (r.status === 'needs_confirmation') {
    // A pull changed nothing; a push sent everything else and held back only the contacts deleted in Google.
    const key = r.kind === 'push' || r.kind === 'export' ? 'backups.push_needs_confirmation' : 'run.needs_confirmation';
    return t(key, { run: r.runId ?? '?', removals: r.counts['pending-removals'] ?? 0 });
  }
  return r.error ? `${r.status}: ${r.error}` : r.status;
}
