/**
 * Sign-in security: failed sign-ins counted per login and per client address in the database (so every process
 * of the CRM sees the same counts), and a credential version on each user that a password change moves on, which
 * ends the user's other sessions in every process at once.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('llx_auth_throttle', (t) => {
    // "<kind>:<sha-256 of the login or address>": fixed length, and no login or address kept in clear.
    t.string('throttle_key', 80).primary();
    t.integer('failures').notNullable().defaultTo(0);
    // Epoch milliseconds of the first failure of the current window.
    t.bigInteger('window_start').notNullable();
    t.index(['window_start']);
  });
  await db.schema.alterTable('llx_user', (t) => {
    t.integer('auth_version').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('llx_user', (t) => {
    t.dropColumn('auth_version');
  });
  await db.schema.dropTableIfExists('llx_auth_throttle');
}
