/**
 * DATABASE_URL chooses the engine: `sqlite:` (a file under DATA_DIR), `sqlite:/path/to/file.db`, `sqlite::memory:`,
 * or `mysql://user:pass@host:port/db` (MySQL 8 / MariaDB 10.6+).
 */
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { HostError } from '../errors';

export type Engine = 'sqlite' | 'mysql';

export function engineOf(db: Knex): Engine {
  return (db.client as { config: Knex.Config }).config.client === 'mysql2' ? 'mysql' : 'sqlite';
}

export function connect(databaseUrl: string, dataDir: string): Knex {
  if (databaseUrl.startsWith('sqlite:')) return connectSqlite(databaseUrl.slice('sqlite:'.length), dataDir);
  if (databaseUrl.startsWith('mysql:') || databaseUrl.startsWith('mariadb:')) return connectMysql(databaseUrl);
  throw new HostError('CONFIG', `DATABASE_URL must start with sqlite: or mysql:, got "${databaseUrl.split(':')[0]}:"`);
}

function connectSqlite(path: string, dataDir: string): Knex {
  const filename = path === ':memory:' ? ':memory:' : path || join(dataDir, 'crm.sqlite');
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and a single connection makes transactions predictable.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        done(null, conn);
      },
    },
  });
}

function connectMysql(databaseUrl: string): Knex {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  return knex({
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.replace(/^\//, ''),
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
    },
    pool: { min: 0, max: 10 },
  });
}
