/**
 * The Import page in a real Chromium, as a sales rep with the import right uses it: the menu entry, importing with
 * a new prospect third party, linking a look-alike, fixing a missing last name inline, ignoring and showing
 * again, importing from a second (import-only) account that stays unchanged, the page in French, and Google-side
 * names written like HTML. The CRM runs against the sandbox Google over HTTP (test/integration/sync/helpers.ts).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { google, type people_v1 } from 'googleapis';
import type { Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { oauthClient, uniqueEmail } from '../sandbox/helpers';
import { createContact, googleOf, linkOf, syncWorld } from '../integration/sync/helpers';
import { pull } from '../integration/pull/helpers';
import { readClientData } from '../../src/core/person-items';

const SCREENSHOT = process.env.UPDATE_SCREENSHOTS
  ? new URL('../../docs/screenshots/import.png', import.meta.url).pathname
  : join(tmpdir(), `gc-import-${process.pid}.png`);

const FIELDS = 'names,emailAddresses,phoneNumbers,organizations,clientData,memberships,metadata';

async function addPerson(people: people_v1.People, person: people_v1.Schema$Person): Promise<people_v1.Schema$Person> {
  return (await people.people.createContact({ requestBody: person, personFields: FIELDS })).data;
}

describe('Import page in Chromium', function () {
  const world = syncWorld({ name: 'sqlite', freshUrl: async () => `sqlite:${join(tmpdir(), `gc-import-${process.pid}-${Date.now()}.sqlite`)}`, cleanup: async () => {} });
  let browser: LaunchedBrowser;
  let page: Page;
  const problems: string[] = [];
  let repId: number;

  const signIn = async (login: string, password: string) => {
    await page.context().clearCookies();
    await page.goto(`${world.crm.url}/login`);
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  };
  const openImport = async () => {
    await page.goto(`${world.crm.url}/m/gcontacts/import`);
  };
  const rowOf = (name: string) => page.locator('tr[data-candidate]', { hasText: name });
  const importSelected = async () => {
    await Promise.all([page.waitForURL(/results=\d+/), page.getByRole('button', { name: 'Import selected' }).click()]);
  };

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    this.timeout(60_000);
    const { crm } = world.crm;
    const rep = await crm.users.create({ login: 'marie', password: 'marie-secret', firstname: 'Marie', lastname: 'Dupont' });
    await crm.users.setRights(rep.id, ['gcontacts.import', 'gcontacts.read']);
    repId = rep.id;
    await pull(world);
    browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
    page = browser.page;
    page.on('console', (m) => {
      // The host serves no favicon (Chromium asks for one on its own): not the page's doing.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await signIn('marie', 'marie-secret');
  });

  after(async () => {
    await browser?.close();
  });

  it('offers "Import from Google" in the menu to a sales rep with the right', async () => {
    await page.goto(world.crm.url);
    const link = page.getByRole('link', { name: /Import/ });
    expect(await link.count()).to.be.greaterThan(0);
    await Promise.all([page.waitForURL('**/m/gcontacts/import'), link.first().click()]);
    expect(await page.locator('h1').textContent()).to.equal('Import from Google');
  });

  it('imports a person with a new Prospect third party; the CRM contact exists and Google carries its id', async () => {
    const person = await addPerson(world.google, { names: [{ givenName: 'Nina', familyName: 'Kovac' }], emailAddresses: [{ value: 'nina@kovac.example', type: 'work' }], organizations: [{ name: 'Kovac Design' }] });
    await openImport();
    const row = rowOf('Nina Kovac');
    expect(await row.locator('input[type=checkbox]').count()).to.equal(1);
    expect(await page.locator('select#import-status option', { hasText: 'Prospect' }).count()).to.equal(1);
    expect(await page.locator('select#import-status').inputValue()).to.equal('prospect');
    expect(await page.locator('select#import-rep').inputValue()).to.equal(String(repId));
    await row.locator('input[type=checkbox]').check();
    await importSelected();
    expect(await page.locator('[role=status]').textContent()).to.include('1 created, 0 linked, 0 failed');
    expect(await rowOf('Nina Kovac').count()).to.equal(0);
    const res = await fetch(`${world.crm.url}/api/contacts?limit=100`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
    const list = (await res.json()) as { items: { id: number; lastname: string; thirdPartyId: number | null }[] };
    const contact = list.items.find((c) => c.lastname === 'Kovac')!;
    expect(contact).to.not.equal(undefined);
    const tp = await world.crm.crm.thirdParties.get(contact.thirdPartyId!);
    expect(tp).to.include({ name: 'Kovac Design', prospect: true });
    expect((await world.crm.crm.thirdParties.salesReps(tp!.id)).map((u) => u.login)).to.deep.equal(['marie']);
    const google = await googleOf(world, contact.id);
    expect(google.resourceName).to.equal(person.resourceName);
    expect(readClientData(google).contactId).to.equal(contact.id);
  });

  it('offers the existing third party named like the organisation instead of a new one', async () => {
    await addPerson(world.google, { names: [{ givenName: 'Tom', familyName: 'Kovac' }], organizations: [{ name: 'KOVAC DESIGN' }] });
    await openImport();
    const tp = (await world.crm.crm.thirdParties.search({ q: 'Kovac' })).items[0]!;
    const select = rowOf('Tom Kovac').locator('select[name^="tp."]');
    expect(await select.inputValue()).to.equal(`existing:${tp.id}`);
    expect(await select.locator('option:checked').textContent()).to.equal('Existing: Kovac Design');
  });

  it('shows a look-alike as a possible duplicate with a link to the CRM contact, and links to it', async () => {
    const existing = await createContact(world, { lastname: 'Fontaine', firstname: 'Lucie', email: 'lucie@crm.example' });
    await pull(world);
    const person = await addPerson(world.google, { names: [{ givenName: 'LUCIE', familyName: 'fontaine' }], emailAddresses: [{ value: 'lucie.perso@mail.example' }] });
    await openImport();
    const row = rowOf('LUCIE fontaine');
    expect(await row.locator(`a[href="/contacts/${existing.id}"]`).textContent()).to.equal('Lucie Fontaine');
    expect(await row.textContent()).to.include('Possible duplicate of');
    expect(await row.getByLabel('Import anyway').isChecked()).to.equal(true);
    await row.getByLabel('Link to this contact').check();
    await row.locator('input[type=checkbox][data-pick]').check();
    await importSelected();
    expect(await page.locator('[role=status]').textContent()).to.include('0 created, 1 linked');
    expect((await linkOf(world, existing.id))?.resourceName).to.equal(person.resourceName);
  });

  it('lists a person without a last name with the reason, and imports it once fixed inline', async () => {
    await addPerson(world.google, { names: [{ givenName: 'Bob' }], emailAddresses: [{ value: 'bob.smith@mail.example', type: 'home' }] });
    await openImport();
    const row = rowOf('Bob');
    expect(await row.textContent()).to.include('No last name');
    const input = row.getByLabel('Last name');
    expect(await input.inputValue()).to.equal('bob.smith');
    await input.fill('Smith');
    await row.locator('input[data-pick]').check();
    await importSelected();
    expect(await page.locator('[role=status]').textContent()).to.include('1 created');
    const found = (await world.crm.crm.contacts.list({ userId: null }, { limit: 1000 })).items.find((c) => c.firstname === 'Bob');
    expect(found).to.include({ lastname: 'Smith' });
  });

  it('ignores a person, remembers it, and shows it again on demand', async () => {
    await addPerson(world.google, { names: [{ givenName: 'Ivo', familyName: 'Quiet' }] });
    await openImport();
    await Promise.all([page.waitForURL('**/m/gcontacts/import'), rowOf('Ivo Quiet').getByRole('button', { name: 'Ignore' }).click()]);
    expect(await rowOf('Ivo Quiet').count()).to.equal(0);
    await openImport();
    expect(await rowOf('Ivo Quiet').count()).to.equal(0);
    await page.selectOption('select[name=show]', 'ignored');
    await Promise.all([page.waitForURL(/show=ignored/), page.getByRole('button', { name: 'Filter' }).click()]);
    await Promise.all([page.waitForURL(/show=ignored/), rowOf('Ivo Quiet').getByRole('button', { name: 'Show again' }).click()]);
    expect(await rowOf('Ivo Quiet').count()).to.equal(0);
    await openImport();
    expect(await rowOf('Ivo Quiet').count()).to.equal(1);
  });

  it('imports from a second account connected for import only, which stays unchanged', async () => {
    const email = uniqueEmail('second');
    const connected = await world.sync.connect({ email, scope: { kind: 'all' }, importOnly: true });
    if (connected.kind !== 'connected') throw new Error('sandbox connect');
    const auth = oauthClient(world.sandbox);
    const tokens = world.sandbox.control.createAccount(email);
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    const people = google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false });
    const person = await addPerson(people, { names: [{ givenName: 'Olga', familyName: 'Second' }], organizations: [{ name: 'Second Co' }] });
    const writes = () => world.sandbox.control.dump().accounts.find((a) => a.email === email)!.book.peopleLog.length;
    const before = writes();
    await openImport();
    const row = rowOf('Olga Second');
    expect(await row.textContent()).to.include(`${email} (import only)`);
    await row.locator('input[data-pick]').check();
    await importSelected();
    expect(await page.locator('[role=status]').textContent()).to.include('1 created');
    const contact = (await world.crm.crm.contacts.list({ userId: null }, { limit: 1000 })).items.find((c) => c.lastname === 'Second');
    expect(contact).to.not.equal(undefined);
    const after = (await people.people.get({ resourceName: person.resourceName!, personFields: FIELDS })).data;
    expect(after.etag).to.equal(person.etag);
    expect(writes()).to.equal(before);
  });

  it('takes a screenshot of the page with look-alikes and a missing last name', async () => {
    await createContact(world, { lastname: 'Moreau', firstname: 'Camille', email: 'camille.moreau@atelier.example', phoneMobile: '06 11 22 33 44' });
    await pull(world);
    await addPerson(world.google, { names: [{ givenName: 'C.', familyName: 'Moreau' }], phoneNumbers: [{ value: '+33 6 11 22 33 44', type: 'mobile' }], emailAddresses: [{ value: 'camille@gmail.example' }], organizations: [{ name: 'Atelier Moreau' }] });
    await addPerson(world.google, { names: [{ givenName: 'Léa' }], emailAddresses: [{ value: 'lea.roux@vins.example', type: 'work' }], organizations: [{ name: 'Vins Roux' }] });
    await addPerson(world.google, { names: [{ givenName: 'Thomas', familyName: 'Bernard' }], emailAddresses: [{ value: 'thomas@bernard-bois.example', type: 'work' }], phoneNumbers: [{ value: '04 78 00 11 22', type: 'work' }], organizations: [{ name: 'Bernard Bois' }] });
    await openImport();
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('escapes Google-side names written like HTML: no script runs, the text shows as typed', async () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await addPerson(world.google, { names: [{ givenName: hostile, familyName: '"><b>bold</b>' }], organizations: [{ name: '<svg onload=alert(3)>' }] });
    await openImport();
    const row = rowOf('<script>alert(2)</script>');
    expect(await row.count()).to.equal(1);
    expect(await row.locator('img, script, svg, b').count()).to.equal(0);
    expect(problems).to.deep.equal([]);
  });

  it('speaks French to a French sales rep', async () => {
    const { crm } = world.crm;
    const fr = await crm.users.create({ login: 'julie', password: 'julie-secret', lang: 'fr_FR' });
    await crm.users.setRights(fr.id, ['gcontacts.import']);
    await signIn('julie', 'julie-secret');
    await openImport();
    expect(await page.locator('h1').textContent()).to.equal('Importer depuis Google');
    expect(await page.getByRole('button', { name: 'Importer la sélection' }).count()).to.equal(1);
    expect(await page.locator('select#import-status option[value=prospect]').textContent()).to.equal('Prospect');
    expect(await page.locator('select#import-status option[value=customer]').textContent()).to.equal('Client');
    expect(await page.locator('body').textContent()).to.include('Doublon possible de');
    expect(problems).to.deep.equal([]);
  });

  it('imports more than 50 people in the background with live progress, bounded by the setting, and says how many are left', async () => {
    await world.host.settings.set('import_max_rows', 55);
    const contacts = Array.from({ length: 60 }, (_, i) => ({ contactPerson: { names: [{ givenName: `Bulk${i}`, familyName: `Person${String(i).padStart(2, '0')}` }] } }));
    await world.google.people.batchCreateContacts({ requestBody: { contacts, readMask: 'names' } });
    await signIn('marie', 'marie-secret');
    await page.goto(`${world.crm.url}/m/gcontacts/import?q=bulk`);
    expect(await page.locator('.muted', { hasText: '60 people' }).count()).to.equal(1);
    await page.locator('input[name=all]').check();
    await page.selectOption('select#import-tp', 'none');
    await Promise.all([page.waitForURL(/[?&]run=/), page.getByRole('button', { name: 'Import selected' }).click()]);
    expect(await page.locator('.run-progress').count()).to.equal(1);
    const results = page.getByRole('link', { name: 'See who was imported and who was not' });
    await results.waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForURL(/results=\d+/), results.click()]);
    expect(await page.locator('[role=alert]', { hasText: 'Only the first 55 selected people were imported' }).textContent()).to.include('5 are left');
    const imported = (await world.crm.crm.contacts.list({ userId: null }, { limit: 1000 })).items.filter((c) => c.firstname?.startsWith('Bulk'));
    expect(imported).to.have.length(55);
    await page.goto(`${world.crm.url}/m/gcontacts/import?q=bulk`);
    expect(await page.locator('tr[data-candidate]').count()).to.equal(5);
    expect(problems).to.deep.equal([]);
  });
});
