/**
 * The pull (issue 5). Import candidates: Google contacts the pull found that are not in the CRM — new ones a phone
 * user added, and those first-link matching could not place (several CRM contacts fit) — kept per account for the
 * Import page, with the card to show and why each one is there. One row per (account, person): the next pull
 * refreshes it, and drops it when the person gets linked or is deleted.
 *
 * The sync token itself lives in gcontacts_account (sync_token, sync_token_at) and the resume point of an
 * unfinished pull in gcontacts_run.checkpoint, both from 001.
 */
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('gcontacts_import_candidate', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.string('resource_name', 128).notNullable();
    t.string('display_name', 255).notNullable();
    t.boolean('in_container').notNullable().defaultTo(false);
    t.string('reason', 16).notNullable();
    t.text('contact_ids');
    t.text('card').notNullable();
    t.string('seen_at', 24).notNullable();
    t.unique(['account_id', 'resource_name']);
    t.index(['account_id', 'display_name']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('gcontacts_import_candidate');
}
