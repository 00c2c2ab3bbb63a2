/**
 * The bridge's database: SQLite by default, or Dolibarr's own MariaDB where every module table carries Dolibarr's
 * `llx_` prefix (`llx_gcontacts_*`). The module names its tables `gcontacts_*`; on MariaDB the identifiers are
 * prefixed as knex writes them, so the module's code does not change to live among Dolibarr's tables.
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import knex from 'knex';
import { connect, engineOf } from '../../host/db/connect';

const MODULE_TABLE = /^gcontacts_/;

/** `gcontacts_links` → `llx_gcontacts_links`; every other identifier (columns, Dolibarr's own tables) as is. */
export function dolibarrTableName(name: string): string {
  return MODULE_TABLE.test(name) ? `llx_${name}` : name;
}

export function connectBridgeDb(databaseUrl: string, dataDir: string): Knex {
  const db = connect(databaseUrl, dataDir);
  if (engineOf(db) !== 'mysql') return db;
  const { config } = db.client as { config: Knex.Config };
  void db.destroy();
  const prefixed = knex({ ...config, client: DolibarrMysqlClient as unknown as typeof Knex.Client });
  // The module tells engines apart by this name (upsert syntax); the class above is still a mysql2 client.
  (prefixed.client as { config: Knex.Config }).config.client = 'mysql2';
  return prefixed;
}

type ClientClass = new (config: Knex.Config) => {
  wrapIdentifierImpl(value: string): string;
  schemaCompiler(...args: unknown[]): { hasTable(name: string): unknown };
};
const MySql2Client = createRequire(import.meta.url)('knex/lib/dialects/mysql2/index.js') as ClientClass;

/**
 * knex's mysql2 client with Dolibarr's prefix on module tables. A subclass, not knex's wrapIdentifier option nor
 * patched instance methods: knex turns that option off for its migrator's own queries and builds transaction
 * clients from the class's prototype, and the ledger and its lock table must be prefixed too.
 */
class DolibarrMysqlClient extends MySql2Client {
  override wrapIdentifierImpl(value: string): string {
    return super.wrapIdentifierImpl(dolibarrTableName(value));
  }

  override schemaCompiler(...args: unknown[]): { hasTable(name: string): unknown } {
    const compiler = super.schemaCompiler(...args);
    // hasTable() passes the name as a value, not an identifier: the ledger would be created again on every start.
    const hasTable = compiler.hasTable.bind(compiler);
    compiler.hasTable = (name: string) => hasTable(dolibarrTableName(name));
    return compiler;
  }
}
