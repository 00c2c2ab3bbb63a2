/**
 * Values a conflict policy overwrote (issue 8: no edit is silently lost). When the same field was changed
 * differently on both sides and a policy (newest wins, CRM wins, Google wins) chose one, the other value is kept
 * here with both sides' times, so a person can see it on the GContacts tab and restore it. Values are JSON (a
 * field may be an address), MEDIUMTEXT on MySQL like the conflict values (a phone user's note has no length limit).
 */
import type { Knex } from 'knex';

const ISO = 24;
const T = 'gcontacts_overwritten';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable(T, (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.integer('contact_id').notNullable();
    t.string('field', 32).notNullable();
    t.string('policy', 16).notNullable();
    /** The side whose value lost ('crm' or 'google'), and the two values. */
    t.string('lost_side', 8).notNullable();
    t.text('lost_value', 'mediumtext');
    t.text('kept_value', 'mediumtext');
    /** The CRM contact's update time and Google's (as Google stamped it), and Google's clock minus the CRM's then. */
    t.string('crm_time', ISO);
    t.string('google_time', ISO);
    t.integer('clock_offset_ms').notNullable().defaultTo(0);
    t.string('created_at', ISO).notNullable();
    t.string('restored_at', ISO);
    t.integer('restored_by');
    t.index(['contact_id', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists(T);
}
