/**
 * One suite, every engine: SQLite always, MariaDB/MySQL when GCONTACTS_TEST_MYSQL holds a connection URL. Each
 * MySQL suite gets its own fresh database so suites never see each other's rows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';

export interface TestEngine {
  name: 'sqlite' | 'mysql';
  /** A DATABASE_URL for a fresh, empty database. */
  freshUrl(): Promise<string>;
  /** Drops what freshUrl created. */
  cleanup(): Promise<void>;
}

let counter = 0;

function sqliteEngine(): TestEngine {
  return {
    name: 'sqlite',
    async freshUrl() {
      return `sqlite:${join(mkdtempSync(join(tmpdir(), 'gc-sqlite-')), 'test.sqlite')}`;
    },
    async cleanup() {},
  };
}

function mysqlEngine(url: string): TestEngine {
  const created: string[] = [];
  const admin = () => {
    const u = new URL(url);
    return knex({ client: 'mysql2', connection: { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } });
  };
  return {
    name: 'mysql',
    async freshUrl() {
      const name = `gc_test_${process.pid}_${Date.now()}_${counter++}`;
      const db = admin();
      try {
        await db.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      } finally {
        await db.destroy();
      }
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async cleanup() {
      const db = admin();
      try {
        for (const name of created.splice(0)) await db.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await db.destroy();
      }
    },
  };
}

export function testEngines(): TestEngine[] {
  const url = process.env.GCONTACTS_TEST_MYSQL;
  return url ? [sqliteEngine(), mysqlEngine(url)] : [sqliteEngine()];
}

let warned = false;
/** Says once, clearly, that the MariaDB suites are skipped. */
export function announceSkippedEngines(): void {
  if (process.env.GCONTACTS_TEST_MYSQL || warned) return;
  warned = true;
  console.log('  (MariaDB/MySQL suites skipped: set GCONTACTS_TEST_MYSQL=mysql://root@127.0.0.1:3306/test to run them)');
}
