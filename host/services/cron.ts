/**
 * Five-field cron (minute hour day-of-month month day-of-week, UTC) through croner: numbers, `*`, `a-b`, lists and
 * `/step`, classic cron's "either day field" rule. Only the reading of expressions and the next time are croner's:
 * the Scheduler keeps its own timer and clock, so its timing is tested without waiting (tick with a chosen time).
 */
import { Cron } from 'croner';
import { HostError } from '../errors';

/** A parsed expression: croner's pattern, never started (no function is given to it, so it schedules nothing). */
export interface CronSpec {
  readonly cron: Cron;
}

export function parseCron(expr: string): CronSpec {
  try {
    return { cron: new Cron(expr.trim(), { mode: '5-part', timezone: 'Etc/UTC', domAndDow: false, paused: true }) };
  } catch {
    throw new HostError('BAD_INPUT', `error.bad_cron|${expr}`);
  }
}

export function matches(spec: CronSpec, at: Date): boolean {
  return spec.cron.match(at);
}

/** The first whole minute strictly after `after` that matches. */
export function nextRun(spec: CronSpec, after: Date): Date {
  const next = spec.cron.nextRun(after);
  if (!next) throw new HostError('BAD_INPUT', 'error.bad_cron|never');
  return next;
}
