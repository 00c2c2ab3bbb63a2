/**
 * The bridge's database: SQLite by default, or Dolibarr's own MariaDB where every module table carries Dolibarr's
 * `llx_` prefix (`llx_gcontacts_*`). The module names its tables `gcontacts_*`; on MariaDB the identifiers are
 * prefixed as knex writes them, so the module's code does not change to live among Dolibarr's tables.
 */
import type { Knex } from 'knex';
import knex from 'knex';
import { connect } from '../../host/db/connect';

const MODULE_TABLE = /^gcontacts_/;

/** `gcontacts_links` → `llx_gcontacts_links`; every other identifier (columns, Dolibarr's own tables) as is. */
export function dolibarrTableName(name: string): string {
  return MODULE_TABLE.test(name) ? `llx_${name}` : name;
}

export function connectBridgeDb(databaseUrl: string, dataDir: string): Knex {
  const db = connect(databaseUrl, dataDir);
  if (db.client.config.client !== 'mysql2') return db;
  const config = db.client.config as Knex.Config;
  void db.destroy();
  const prefixed = knex({
    ...config,
    wrapIdentifier: (value, origImpl) => origImpl(dolibarrTableName(value)),
  });
  // hasTable() passes the name as a value, not an identifier, so wrapIdentifier never sees it: the migration
  // ledger would look for the unprefixed table and try to create it again on every start.
  const client = prefixed.client as { schemaCompiler: (...args: unknown[]) => { hasTable(name: string): unknown } };
  const schemaCompiler = client.schemaCompiler.bind(client);
  client.schemaCompiler = (...args: unknown[]) => {
    const compiler = schemaCompiler(...args);
    const hasTable = compiler.hasTable.bind(compiler);
    compiler.hasTable = (name: string) => hasTable(dolibarrTableName(name));
    return compiler;
  };
  return prefixed;
}
