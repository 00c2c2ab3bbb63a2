/**
 * An operation as the page shows it, in the reader's words: the same object is rendered by the run-progress
 * partial (first paint) and answered by the run-status endpoint (every poll), so both always say the same thing.
 */
import type { Operation, Wording } from '../sync/operation';
import { countLines, type Translate } from './words';

export interface RunView {
  id: string;
  statusUrl: string;
  /** running | done | failed | needs_confirmation: for the script and the styles, never shown. */
  state: Operation['status'];
  finished: boolean;
  accountId: number | null;
  title: string;
  status: string;
  phase: string;
  done: number;
  total: number | null;
  progress: string;
  elapsedSeconds: number;
  elapsed: string;
  lines: string[];
  error: string | null;
  note: string | null;
  link: { text: string; href: string } | null;
}

export function runView(op: Operation, t: Translate, now: Date, base: string): RunView {
  const end = op.finishedAt ?? now;
  const elapsedSeconds = Math.max(0, Math.round((end.getTime() - op.startedAt.getTime()) / 1000));
  const say = (w: Wording | null | undefined) => (w ? t(w.key, w.params) : null);
  const result = op.result;
  return {
    id: op.id,
    statusUrl: `${base}/runs/${encodeURIComponent(op.id)}`,
    state: op.status,
    finished: op.status !== 'running',
    accountId: op.accountId,
    title: t(`runs.kind.${op.kind}`),
    status: t(`runs.status.${op.status}`),
    phase: op.status === 'running' ? t(`runs.phase.${op.phase}`) : '',
    done: op.done,
    total: op.total,
    progress: op.total === null ? t('runs.progress.count', { done: op.done }) : t('runs.progress.of', { done: op.done, total: op.total }),
    elapsedSeconds,
    elapsed: duration(elapsedSeconds, t),
    lines: result ? countLines(result.counts, t) : [],
    error: say(result?.error),
    note: say(result?.note),
    link: result?.link ? { text: t(result.link.label.key, result.link.label.params), href: result.link.href } : null,
  };
}

export function duration(seconds: number, t: Translate): string {
  if (seconds < 60) return t('time.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('time.minutes_seconds', { m: minutes, s: seconds % 60 });
  return t('time.hours_minutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
