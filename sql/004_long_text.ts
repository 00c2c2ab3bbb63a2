/**
 * MySQL/MariaDB only: TEXT holds 65,535 bytes there (SQLite's TEXT has no such bound), and strict mode refuses a
 * longer value instead of cutting it. Columns that hold what Google sends (an import candidate's card, a
 * conflict's values: a phone user's note has no such limit) or an error's text (which may quote a whole SQL
 * statement) become MEDIUMTEXT (16 MB): one long note otherwise failed a pull page at every run, stopping the
 * account's pull for good, and the failure could not even be recorded in its run.
 */
import type { Knex } from 'knex';

const COLUMNS: [table: string, column: string, notNullable: boolean][] = [
  ['gcontacts_import_candidate', 'card', true],
  ['gcontacts_conflict', 'base_value', false],
  ['gcontacts_conflict', 'crm_value', false],
  ['gcontacts_conflict', 'google_value', false],
  ['gcontacts_link', 'base_card', false],
  ['gcontacts_run', 'error', false],
  ['gcontacts_run', 'counts', false],
  ['gcontacts_outbox', 'last_error', false],
  ['gcontacts_log', 'detail', false],
  ['gcontacts_account', 'last_error', false],
];

const isMysql = (db: Knex) => {
  const { client } = (db.client as { config: Knex.Config }).config;
  return client === 'mysql2' || client === 'mysql';
};

async function retype(db: Knex, type: 'mediumtext' | 'text'): Promise<void> {
  if (!isMysql(db)) return;
  for (const [table, column, notNullable] of COLUMNS) {
    await db.schema.alterTable(table, (t) => {
      const c = t.text(column, type);
      (notNullable ? c.notNullable() : c.nullable()).alter();
    });
  }
}

export async function up(db: Knex): Promise<void> {
  await retype(db, 'mediumtext');
}

export async function down(db: Knex): Promise<void> {
  await retype(db, 'text');
}
