/**
 * The bridge's own tables (beside the module's, same prefix). Dolibarr has no readable modification time (FACTS
 * §1) and no trace of deletions (FACTS §9), so the bridge keeps what it last saw of each contact: its content
 * hash, a version and the time the bridge saw that content first. These give the contract its updatedAt, version,
 * the `before` of contact.updated, and drop every event that changes nothing (no-op PUTs, phantoms, echoes).
 */
import type { Knex } from 'knex';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_bridge': {
    async up(db) {
      await db.schema.createTable('gcontacts_bridge_contacts', (t) => {
        t.integer('id').primary();
        t.string('hash', 32).notNullable();
        t.integer('version').notNullable();
        t.string('updated_at', 30).notNullable();
        t.text('data').notNullable();
        t.index(['updated_at', 'id']);
      });
      await db.schema.createTable('gcontacts_bridge_salesreps', (t) => {
        t.integer('thirdparty_id').notNullable();
        t.integer('user_id').notNullable();
        t.primary(['thirdparty_id', 'user_id']);
        t.index(['user_id']);
      });
      await db.schema.createTable('gcontacts_bridge_phones', (t) => {
        t.integer('thirdparty_id').primary();
        t.string('phone', 64).notNullable();
      });
      await db.schema.createTable('gcontacts_bridge_pending', (t) => {
        t.increments('id');
        t.string('kind', 16).notNullable();
        t.integer('object_id').notNullable();
        t.string('expires_at', 30).notNullable();
        t.index(['kind', 'object_id']);
      });
      await db.schema.createTable('gcontacts_bridge_state', (t) => {
        t.string('name', 64).primary();
        t.string('value', 255).notNullable();
      });
      // The module's settings (the reference host keeps them in its llx_const; Dolibarr's own llx_const is not ours).
      await db.schema.createTable('gcontacts_bridge_const', (t) => {
        t.string('name', 191).primary();
        t.text('value').notNullable();
      });
    },
    async down(db) {
      for (const t of ['const', 'state', 'pending', 'phones', 'salesreps', 'contacts']) await db.schema.dropTableIfExists(`gcontacts_bridge_${t}`);
    },
  },
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export const SETTINGS_TABLE = 'gcontacts_bridge_const';

export async function migrateBridge(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source, tableName: 'gcontacts_bridge_migrations' });
}

export class BridgeState {
  constructor(private readonly db: Knex) {}

  async get(name: string): Promise<string | null> {
    const row = await this.db('gcontacts_bridge_state').where({ name }).first<{ value: unknown } | undefined>('value');
    return row ? String(row.value) : null;
  }

  async set(name: string, value: string): Promise<void> {
    await this.db('gcontacts_bridge_state').insert({ name, value }).onConflict('name').merge();
  }

  /** Marks a write the bridge makes whose webhook cannot carry the caller marker (DELETE, FACTS §6). */
  async expect(kind: string, objectId: number, until: Date): Promise<void> {
    await this.db('gcontacts_bridge_pending').insert({ kind, object_id: objectId, expires_at: until.toISOString() });
  }

  /** True (and forgotten) when the bridge itself made this write; expired marks are swept on the way. */
  async consume(kind: string, objectId: number, now: Date): Promise<boolean> {
    await this.db('gcontacts_bridge_pending').where('expires_at', '<', now.toISOString()).delete();
    return (await this.db('gcontacts_bridge_pending').where({ kind, object_id: objectId }).delete()) > 0;
  }

  async writtenPhone(thirdPartyId: number): Promise<string | null> {
    const row = await this.db('gcontacts_bridge_phones').where({ thirdparty_id: thirdPartyId }).first<{ phone: unknown } | undefined>('phone');
    return row ? String(row.phone) : null;
  }

  async rememberPhone(thirdPartyId: number, phone: string | null): Promise<void> {
    if (!phone) await this.db('gcontacts_bridge_phones').where({ thirdparty_id: thirdPartyId }).delete();
    else await this.db('gcontacts_bridge_phones').insert({ thirdparty_id: thirdPartyId, phone }).onConflict('thirdparty_id').merge();
  }
}
