/**
 * Words for what the module records as codes: run counts, run kinds, times. Pages show these, never the codes
 * (`created 3`, `export (cli)`, `2026-12-02T04:00:00Z`).
 */
import type { RunCounts } from '../store/runs';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * Each count as a sentence ("3 contacts created"), zeros left out. An outcome without words of its own (a new
 * engine's) is still shown, as "other changes", rather than as its code.
 */
export function countLines(counts: RunCounts, t: Translate): string[] {
  const lines: string[] = [];
  let other = 0;
  for (const [key, n] of Object.entries(counts)) {
    if (n === 0 || key === 'requests') continue;
    const wordsKey = `runs.count.${key}`;
    const text = t(wordsKey, { n });
    if (text === wordsKey) other += n;
    else lines.push(text);
  }
  if (other > 0) lines.push(t('runs.count.other', { n: other }));
  return lines;
}

/** "3 min ago", "2 h ago", "yesterday"-level precision for recent times; the full time (UTC) for older ones. */
export function ago(iso: string, now: Date, t: Translate): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return t('time.just_now');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('time.minutes_ago', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('time.hours_ago', { n: hours });
  return utc(iso, t);
}

/** A time labelled UTC, for readers without the page's script (which turns it into their own zone). */
export function utc(iso: string, t: Translate): string {
  return t('time.utc', { time: new Date(iso).toISOString().slice(0, 16).replace('T', ' ') });
}
