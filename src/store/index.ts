/**
 * The module's repositories, together, so the push can record its results and clear its outbox rows in one
 * transaction (`transaction` hands out the same repositories bound to it). store/ is the only code that writes
 * the module's tables.
 */
import type { Knex } from 'knex';
import { knexAccountStore, type AccountStore } from './accounts';
import { knexCandidateStore, type CandidateStore } from './candidates';
import { knexConflictStore, type ConflictStore } from './conflicts';
import { knexCursorStore, type CursorStore } from './cursor';
import type { StoreContext } from './db';
import { knexFlagStore, type FlagStore } from './flags';
import { knexGroupStore, type GroupStore } from './groups';
import { knexLinkStore, type LinkStore } from './links';
import { knexListStateStore, type ListStateStore } from './list-states';
import { knexLogStore, type LogStore } from './log';
import { knexOutboxStore, type OutboxStore } from './outbox';
import { knexOverwrittenStore, type OverwrittenStore } from './overwritten';
import { knexFieldTimeStore, type FieldTimeStore } from './field-times';
import { knexRunStore, type RunStore } from './runs';
import type { SecretBox } from './secret-box';

export interface Stores {
  accounts: AccountStore;
  links: LinkStore;
  flags: FlagStore;
  groups: GroupStore;
  outbox: OutboxStore;
  runs: RunStore;
  log: LogStore;
  conflicts: ConflictStore;
  candidates: CandidateStore;
  listStates: ListStateStore;
  cursor: CursorStore;
  overwritten: OverwrittenStore;
  fieldTimes: FieldTimeStore;
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
}

export function knexStores(db: Knex | Knex.Transaction, now: () => Date, box: SecretBox): Stores {
  const ctx: StoreContext = { db, now: () => now().toISOString() };
  return {
    accounts: knexAccountStore(ctx, box),
    links: knexLinkStore(ctx),
    flags: knexFlagStore(ctx),
    groups: knexGroupStore(ctx),
    outbox: knexOutboxStore(ctx),
    runs: knexRunStore(ctx),
    log: knexLogStore(ctx),
    conflicts: knexConflictStore(ctx),
    candidates: knexCandidateStore(ctx),
    listStates: knexListStateStore(ctx),
    cursor: knexCursorStore(ctx),
    overwritten: knexOverwrittenStore(ctx),
    fieldTimes: knexFieldTimeStore(ctx),
    transaction: (fn) => db.transaction((trx) => fn(knexStores(trx, now, box))),
  };
}
