/** Keyset cursors over (tms, rowid): a page never skips or repeats a row even while other writes happen. */
import type { Knex } from 'knex';
import { HostError } from '../errors';

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

export function encodeCursor(tms: string, id: number): string {
  return Buffer.from(JSON.stringify([tms, id])).toString('base64url');
}

export function applyCursor(q: Knex.QueryBuilder, cursor: string | null | undefined, table: string): void {
  if (!cursor) return;
  let tms: unknown;
  let id: unknown;
  try {
    [tms, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
  } catch {
    throw new HostError('BAD_INPUT', 'error.bad_cursor', 'cursor');
  }
  if (typeof tms !== 'string' || typeof id !== 'number') throw new HostError('BAD_INPUT', 'error.bad_cursor', 'cursor');
  q.where((b) => b.where(`${table}.tms`, '>', tms).orWhere((b2) => b2.where(`${table}.tms`, tms).andWhere(`${table}.rowid`, '>', id)));
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new HostError('BAD_INPUT', `error.bad_limit|${MAX_PAGE}`, 'limit');
  return limit;
}

export function checkSince(changedSince: string | undefined): string | undefined {
  if (changedSince === undefined) return undefined;
  const d = new Date(changedSince);
  if (Number.isNaN(d.getTime())) throw new HostError('BAD_INPUT', 'error.bad_date', 'changedSince');
  return d.toISOString();
}

/** Turns `limit + 1` rows read in (tms, rowid) order into a page and the cursor of the next one. */
export function keysetPage<T extends { updatedAt: string; id: number }>(rows: Record<string, unknown>[], limit: number, map: (row: Record<string, unknown>) => T) {
  const items = rows.slice(0, limit).map(map);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null };
}
