/** The host's migrations, with their own ledger table so a module's ledger never mixes with the host's. */
import type { Knex } from 'knex';
import * as init from './migrations/001_init';
import * as signInSecurity from './migrations/002_sign_in_security';

const MIGRATIONS: Record<string, Knex.Migration> = { '001_init': init, '002_sign_in_security': signInSecurity };

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export const HOST_LEDGER = 'llx_host_migrations';

export async function migrateHost(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source, tableName: HOST_LEDGER });
}
