/** What every Knex repository shares: the connection or transaction it runs on, and the clock for its times. */
import type { Knex } from 'knex';

export interface StoreContext {
  db: Knex | Knex.Transaction;
  /** UTC ISO-8601 now, from the host clock (tests move it). */
  now(): string;
}

/** Rows at a time in one INSERT/IN(...): far under SQLite's 32766 bound variables and MySQL's packet size. */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** MySQL returns booleans and some counts as numbers or strings; SQLite as 0/1. */
export function toBool(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

export function parseJson<T>(value: unknown): T | null {
  return typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : null;
}

/** In an upsert's update part, the value the INSERT tried to write (`excluded.x` in SQLite, `VALUES(x)` in MySQL). */
export function inserted(db: Knex | Knex.Transaction, column: string): Knex.Raw {
  return (db.client as { config: Knex.Config }).config.client === 'mysql2' ? db.raw('VALUES(??)', [column]) : db.raw('excluded.??', [column]);
}
