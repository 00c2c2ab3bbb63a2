/**
 * A small five-field cron (minute hour day-of-month month day-of-week, UTC): numbers, `*`, `a-b`, lists and `/step`.
 * Pure, so the scheduler's timing is tested without a clock.
 */
import { HostError } from '../errors';

type Field = Set<number>;
export interface CronSpec {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
  domAny: boolean;
  dowAny: boolean;
}

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new HostError('BAD_INPUT', `error.bad_cron|${expr}`);
  const fields = parts.map((p, i) => parseField(p, RANGES[i]!, expr));
  return { minute: fields[0]!, hour: fields[1]!, dom: fields[2]!, month: fields[3]!, dow: fields[4]!, domAny: parts[2] === '*', dowAny: parts[4] === '*' };
}

function parseField(text: string, [min, max]: [number, number], expr: string): Field {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new HostError('BAD_INPUT', `error.bad_cron|${expr}`);
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < min || to > max || from > to || step < 1) throw new HostError('BAD_INPUT', `error.bad_cron|${expr}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function matches(spec: CronSpec, at: Date): boolean {
  const dom = spec.dom.has(at.getUTCDate());
  const dow = spec.dow.has(at.getUTCDay());
  // Classic cron: when both day fields are restricted, either one matching is enough.
  const day = spec.domAny || spec.dowAny ? dom && dow : dom || dow;
  return spec.minute.has(at.getUTCMinutes()) && spec.hour.has(at.getUTCHours()) && spec.month.has(at.getUTCMonth() + 1) && day;
}

/** The first whole minute strictly after `after` that matches (searches up to a year ahead). */
export function nextRun(spec: CronSpec, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (matches(spec, t)) return t;
  }
  throw new HostError('BAD_INPUT', 'error.bad_cron|never');
}
