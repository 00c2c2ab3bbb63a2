/**
 * The change cursor (issue 8): how far the module has read the host's change feed of contacts, as the feed orders
 * it — (update time, contact id). Host events are the fast path into the outbox; at startup and on every push tick
 * the module reads the feed past this mark and queues what no event brought (a crash between a save and the event's
 * outbox write, a host whose events can be lost). One row per feed.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('gcontacts_cursor', (t) => {
    t.string('feed', 32).primary();
    // The host's updatedAt as it gave it (UTC ISO-8601), compared as a time, never as text.
    t.string('updated_at', 32).notNullable();
    t.integer('contact_id').notNullable();
    t.string('read_at', 24).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('gcontacts_cursor');
}
