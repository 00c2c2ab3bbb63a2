/**
 * What Check synchro suites share: running a check for the world's account, and a picture of everything the check
 * must leave alone (every gcontacts_ table but the run history, the CRM's contacts, the Google sandbox's people,
 * groups and change logs), so a suite can prove that a check wrote nothing but its own run.
 */
import type { Knex } from 'knex';
import { engineOf } from '../../../host/db/connect';
import { checkAccount, type CheckOptions, type CheckReport } from '../../../src/sync/check';
import type { SyncWorld } from '../sync/helpers';

export async function check(world: SyncWorld, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  const account = (await world.sync.context.stores.accounts.get(world.account.id))!;
  return checkAccount(world.sync.context, account, { trigger: 'test', ...options });
}

async function moduleTables(db: Knex): Promise<string[]> {
  const rows: { name: string }[] =
    engineOf(db) === 'mysql'
      ? // mysql2 answers [rows, fields]: the rows come first.
        (await db.raw<{ name: string }[][]>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'gcontacts\\_%'"))[0]!
      : await db.raw<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'gcontacts\\_%' ESCAPE '\\'");
  return rows.map((row) => row.name).sort();
}

export interface Picture {
  tables: Record<string, string>;
  runs: number;
  crm: string;
  google: string;
}

/** Every row of every module table except gcontacts_run (only counted), the CRM's contacts, the sandbox's books. */
export async function picture(world: SyncWorld): Promise<Picture> {
  const db = world.host.db;
  const tables: Record<string, string> = {};
  for (const table of await moduleTables(db)) {
    if (table !== 'gcontacts_run') tables[table] = JSON.stringify(await db(table).select('*').orderByRaw('1'));
  }
  const runs = Number((await db('gcontacts_run').count({ n: '*' }).first())?.n ?? 0);
  const crm = JSON.stringify(await db('llx_socpeople').select('*').orderBy('rowid'));
  const books = world.sandbox.control.dump().accounts.map(({ email, book }) => ({
    email,
    people: book.contacts.map((c) => [c.resourceName, c.seq]),
    groups: book.groups.map((g) => [g.resourceName, g.name, g.members.length]),
    logs: [book.peopleLog.length, book.groupLog.length],
  }));
  return { tables, runs, crm, google: JSON.stringify(books) };
}
