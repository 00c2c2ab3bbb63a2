/**
 * The module's migrations (sql/), with a ledger of their own (`gcontacts_migrations`) so the host's ledger and the
 * module's never mix; names carry no file extension, so the ledger reads the same whether run from .ts or .js.
 */
import type { Knex } from 'knex';
import * as init from '../../sql/001_init';
import * as push from '../../sql/002_push';
import * as pull from '../../sql/003_pull';
import * as longText from '../../sql/004_long_text';
import * as changeCursor from '../../sql/005_change_cursor';
import * as overwritten from '../../sql/006_overwritten';
import * as importPage from '../../sql/007_import_page';
import * as fieldTimes from '../../sql/008_field_times';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_init': init,
  '002_push': push,
  '003_pull': pull,
  '004_long_text': longText,
  '005_change_cursor': changeCursor,
  '006_overwritten': overwritten,
  '007_import_page': importPage,
  '008_field_times': fieldTimes,
};

export const MODULE_LEDGER = 'gcontacts_migrations';

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export async function migrateModule(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source, tableName: MODULE_LEDGER });
}

/** Rolls every migration back and drops the ledger itself: after this no gcontacts_ table is left. */
export async function dropModuleTables(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source, tableName: MODULE_LEDGER }, true);
  await db.schema.dropTableIfExists(MODULE_LEDGER);
  await db.schema.dropTableIfExists(`${MODULE_LEDGER}_lock`);
}
