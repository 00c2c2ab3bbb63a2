/**
 * A version per outbox row. A trigger that fires while the worker is pushing the same contact coalesces into the
 * row the worker holds; the worker then clears the row only if its version is still the one it read, so the newer
 * change is pushed on the next pass instead of being lost. (updated_at cannot serve: two writes may share a
 * millisecond.)
 *
 * And an `adopted` mark per group: a group the module found already existing under the name it wanted (Google
 * answered 409) is used but was not created by the module, so Cleanup must leave it.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('gcontacts_outbox', (t) => {
    t.integer('version').notNullable().defaultTo(0);
  });
  await db.schema.alterTable('gcontacts_group', (t) => {
    t.boolean('adopted').notNullable().defaultTo(false);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('gcontacts_outbox', (t) => {
    t.dropColumn('version');
  });
  await db.schema.alterTable('gcontacts_group', (t) => {
    t.dropColumn('adopted');
  });
}
