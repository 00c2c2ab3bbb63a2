/**
 * The Import page (issue 11). Candidates gain what the page filters and searches on without reading their cards:
 * where the person sits in Google (container group, My Contacts, elsewhere), whether it has a last name (the CRM
 * needs one), a lower-cased, accent-free search text, when the module first saw it, and two marks a person sets:
 * ignored, and imported (an import-only account is never written, so the CRM contact made from one of its people
 * is remembered here instead of in a link). Accounts gain `import_only`: connected with the read-only scope, never
 * pushed to, never pulled into the CRM, only listed on the Import page.
 */
import type { Knex } from 'knex';

const T = 'gcontacts_import_candidate';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable(T, (t) => {
    t.string('group_kind', 16).notNullable().defaultTo('other');
    t.boolean('has_last_name').notNullable().defaultTo(true);
    t.text('search_text');
    t.string('first_seen_at', 24);
    t.boolean('ignored').notNullable().defaultTo(false);
    t.integer('imported_contact_id');
    // The page's one query: the accounts shown, ignored or not, in name order.
    t.index(['ignored', 'display_name', 'resource_name'], 'gcontacts_import_candidate_page');
  });
  await db(T).update({ first_seen_at: db.ref('seen_at') });
  await db.schema.alterTable('gcontacts_account', (t) => {
    t.boolean('import_only').notNullable().defaultTo(false);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('gcontacts_account', (t) => {
    t.dropColumn('import_only');
  });
  await db.schema.alterTable(T, (t) => {
    t.dropIndex(['ignored', 'display_name', 'resource_name'], 'gcontacts_import_candidate_page');
    for (const c of ['group_kind', 'has_last_name', 'search_text', 'first_seen_at', 'ignored', 'imported_contact_id']) t.dropColumn(c);
  });
}
