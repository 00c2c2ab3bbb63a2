/**
 * When each field of a CRM contact was last changed in the CRM, as the host's contact.updated events tell it (they
 * name the changed fields). "Newest wins" compares a field's own CRM change time with Google's update time when it
 * has one, instead of the contact's update time: a later CRM edit of another field no longer carries an older CRM
 * edit of this one past a phone edit. A change the events missed (found by the change cursor) has no row, and the
 * contact's update time stands in. CRM ids are plain integers, as in the other module tables.
 */
import type { Knex } from 'knex';

const T = 'gcontacts_field_time';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable(T, (t) => {
    t.integer('contact_id').notNullable();
    t.string('field', 32).notNullable();
    t.string('changed_at', 24).notNullable();
    t.primary(['contact_id', 'field']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists(T);
}
