/**
 * The module's tables (architecture §4). Indexed text columns are varchar (MySQL cannot index TEXT); times are
 * UTC ISO-8601 strings, which sort as text on both engines. CRM ids are plain integers, not foreign keys: the
 * module must not hold the host's rows hostage, and a deleted contact's link is what tells the push to act.
 */
import type { Knex } from 'knex';

const ISO = 24;
const RESOURCE = 128;

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('gcontacts_account', (t) => {
    t.increments('id');
    t.string('email', 255).notNullable().unique();
    t.text('refresh_token_enc');
    t.string('scope', 16).notNullable().defaultTo('all');
    t.integer('scope_user_id');
    t.string('container_group', RESOURCE);
    t.text('sync_token');
    t.string('sync_token_at', ISO);
    t.text('options');
    t.string('status', 24).notNullable().defaultTo('active');
    t.text('last_error');
    t.string('lease_owner', 64);
    t.string('lease_until', ISO);
    t.string('created_at', ISO).notNullable();
    t.string('updated_at', ISO).notNullable();
  });
  await db.schema.createTable('gcontacts_link', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.integer('contact_id').notNullable();
    t.string('resource_name', RESOURCE);
    t.string('etag', RESOURCE);
    t.string('client_uid', 64).notNullable();
    t.string('crm_hash', 64);
    t.string('google_hash', 64);
    t.text('base_card');
    t.string('state', 16).notNullable().defaultTo('linked');
    t.string('synced_at', ISO);
    t.unique(['account_id', 'contact_id']);
    t.unique(['account_id', 'resource_name']);
    t.unique(['account_id', 'client_uid']);
    t.index(['account_id', 'state']);
    t.index(['contact_id']);
  });
  await db.schema.createTable('gcontacts_flag', (t) => {
    t.integer('contact_id').primary();
    t.boolean('enabled').notNullable();
    t.integer('updated_by');
    t.string('updated_at', ISO).notNullable();
  });
  await db.schema.createTable('gcontacts_group', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.string('kind', 16).notNullable();
    t.string('key', 128).notNullable();
    t.string('resource_name', RESOURCE).notNullable();
    t.string('name', 255).notNullable();
    t.string('etag', RESOURCE);
    t.unique(['account_id', 'kind', 'key']);
    t.unique(['account_id', 'resource_name']);
  });
  await db.schema.createTable('gcontacts_outbox', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.integer('contact_id').notNullable();
    t.string('op', 16).notNullable();
    t.text('payload');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', ISO).notNullable();
    t.text('last_error');
    t.string('created_at', ISO).notNullable();
    t.string('updated_at', ISO).notNullable();
    t.unique(['account_id', 'contact_id']);
    t.index(['account_id', 'next_attempt_at']);
  });
  await db.schema.createTable('gcontacts_run', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().references('id').inTable('gcontacts_account').onDelete('SET NULL');
    t.string('kind', 16).notNullable();
    t.string('trigger', 16).notNullable();
    t.integer('user_id');
    t.string('status', 24).notNullable();
    t.string('started_at', ISO).notNullable();
    t.string('finished_at', ISO);
    t.integer('progress_done').notNullable().defaultTo(0);
    t.integer('progress_total');
    t.text('counts');
    t.text('checkpoint');
    t.text('error');
    t.index(['account_id', 'started_at']);
    t.index(['status']);
  });
  await db.schema.createTable('gcontacts_conflict', (t) => {
    t.increments('id');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('gcontacts_account').onDelete('CASCADE');
    t.integer('contact_id').notNullable();
    t.string('field', 32).notNullable();
    t.text('base_value');
    t.text('crm_value');
    t.text('google_value');
    t.string('created_at', ISO).notNullable();
    t.string('resolved_at', ISO);
    t.string('resolution', 16);
    t.integer('resolved_by');
    t.index(['account_id', 'contact_id']);
    t.index(['resolved_at']);
  });
  await db.schema.createTable('gcontacts_log', (t) => {
    t.increments('id');
    t.integer('account_id');
    t.integer('contact_id');
    t.integer('run_id');
    t.string('action', 32).notNullable();
    t.text('detail');
    t.string('created_at', ISO).notNullable();
    t.index(['contact_id', 'id']);
    t.index(['run_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'gcontacts_log',
    'gcontacts_conflict',
    'gcontacts_run',
    'gcontacts_outbox',
    'gcontacts_group',
    'gcontacts_flag',
    'gcontacts_link',
    'gcontacts_account',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
