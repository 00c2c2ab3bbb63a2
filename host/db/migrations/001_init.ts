/**
 * The reference CRM's tables, named after Dolibarr's (llx_user, llx_societe, llx_socpeople, ...) so a bridge to a
 * real Dolibarr maps one to one. Times are UTC ISO-8601 strings: they sort as text and read the same on SQLite and
 * MySQL. Indexed text columns are varchar (MySQL cannot index TEXT).
 */
import type { Knex } from 'knex';

const ISO = 24;

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('llx_user', (t) => {
    t.increments('rowid');
    t.string('login', 50).notNullable().unique();
    t.string('pass_hash', 200).notNullable();
    t.string('firstname', 50);
    t.string('lastname', 50);
    t.string('email', 255);
    t.boolean('admin').notNullable().defaultTo(false);
    t.boolean('statut').notNullable().defaultTo(true);
    t.string('api_key_hash', 64).unique();
    t.string('lang', 5).notNullable().defaultTo('en_US');
    t.string('datec', ISO).notNullable();
    t.string('tms', ISO).notNullable();
  });
  await db.schema.createTable('llx_user_rights', (t) => {
    t.integer('fk_user').unsigned().notNullable().references('rowid').inTable('llx_user').onDelete('CASCADE');
    t.string('right_id', 64).notNullable();
    t.primary(['fk_user', 'right_id']);
  });
  await db.schema.createTable('llx_societe', (t) => {
    t.increments('rowid');
    t.string('nom', 128).notNullable();
    t.string('address', 255);
    t.string('zip', 25);
    t.string('town', 50);
    t.string('state', 50);
    t.string('country', 50);
    t.string('phone', 30);
    t.string('fax', 30);
    t.string('email', 128);
    t.string('url', 255);
    t.boolean('client').notNullable().defaultTo(false);
    t.boolean('prospect').notNullable().defaultTo(false);
    t.boolean('fournisseur').notNullable().defaultTo(false);
    t.string('datec', ISO).notNullable();
    t.string('tms', ISO).notNullable();
    t.index(['nom']);
  });
  await db.schema.createTable('llx_societe_commerciaux', (t) => {
    t.integer('fk_soc').unsigned().notNullable().references('rowid').inTable('llx_societe').onDelete('CASCADE');
    t.integer('fk_user').unsigned().notNullable().references('rowid').inTable('llx_user').onDelete('CASCADE');
    t.primary(['fk_soc', 'fk_user']);
    t.index(['fk_user']);
  });
  await db.schema.createTable('llx_socpeople', (t) => {
    t.increments('rowid');
    t.integer('fk_soc').unsigned().references('rowid').inTable('llx_societe').onDelete('SET NULL');
    t.string('civility', 16);
    t.string('lastname', 50).notNullable();
    t.string('firstname', 50);
    t.string('poste', 80);
    t.string('email', 255);
    t.string('email_perso', 255);
    t.string('phone', 30);
    t.string('phone_perso', 30);
    t.string('phone_mobile', 30);
    t.string('fax', 30);
    t.string('address', 255);
    t.string('zip', 25);
    t.string('town', 50);
    t.string('state', 50);
    t.string('country', 50);
    t.string('birthday', 10);
    t.text('note_private');
    t.boolean('priv').notNullable().defaultTo(false);
    t.integer('statut').notNullable().defaultTo(1);
    t.integer('fk_user_creat').unsigned().references('rowid').inTable('llx_user').onDelete('SET NULL');
    t.string('datec', ISO).notNullable();
    t.string('tms', ISO).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.index(['tms', 'rowid']);
    t.index(['fk_soc']);
    t.index(['email']);
    t.index(['lastname', 'firstname']);
  });
  await db.schema.createTable('llx_const', (t) => {
    t.string('name', 128).primary();
    t.text('value');
  });
  await db.schema.createTable('llx_module', (t) => {
    t.string('id', 64).primary();
    t.boolean('enabled').notNullable().defaultTo(false);
    t.string('version', 32);
    t.string('tms', ISO).notNullable();
  });
  await db.schema.createTable('llx_session', (t) => {
    t.string('sid', 128).primary();
    t.text('sess').notNullable();
    t.bigInteger('expires').notNullable();
    t.index(['expires']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['llx_session', 'llx_module', 'llx_const', 'llx_socpeople', 'llx_societe_commerciaux', 'llx_societe', 'llx_user_rights', 'llx_user']) {
    await db.schema.dropTableIfExists(table);
  }
}
