/**
 * The Import page's engine on every database: candidates read from Google incrementally, paged, searched and
 * filtered in the store; "Import selected" creating CRM contacts through the host contract and linking them in
 * Google; links to a duplicate; rows that fail alone, leaving Google untouched; Ignore; an import-only account
 * that is never written.
 */
import { expect } from 'chai';
import { google, type people_v1 } from 'googleapis';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { oauthClient, uniqueEmail } from '../../sandbox/helpers';
import { createContact, googleOf, groupNames, linkOf, syncWorld, type SyncWorld } from '../sync/helpers';
import { pull } from '../pull/helpers';
import { readSettings } from '../../../src/sync/settings';
import { refreshCandidates } from '../../../src/sync/import-listing';
import { runImport, startImport, type ImportRow } from '../../../src/sync/import';
import { readClientData } from '../../../src/core/person-items';
import type { Account } from '../../../src/store/accounts';

const FIELDS = 'names,emailAddresses,phoneNumbers,organizations,clientData,memberships,metadata';

async function addPerson(people: people_v1.People, person: people_v1.Schema$Person): Promise<people_v1.Schema$Person> {
  return (await people.people.createContact({ requestBody: person, personFields: FIELDS })).data;
}

function row(world: SyncWorld, resourceName: string, values: Partial<ImportRow> = {}, account: Account = world.account): ImportRow {
  return { accountId: account.id, resourceName, action: { kind: 'create' }, thirdParty: { kind: 'none' }, salesRepId: null, private: false, syncFlag: true, lastname: null, ...values };
}

async function importRows(world: SyncWorld, rows: ImportRow[]) {
  const { context } = world.sync;
  const runId = await startImport(context, world.crm.adminId, rows.length);
  await runImport(context, runId, world.crm.adminId, rows);
  return { run: await context.stores.runs.get(runId), log: await context.stores.log.forRun(runId, ['import-created', 'import-linked', 'import-failed']) };
}

const page = (world: SyncWorld, query: Partial<Parameters<SyncWorld['sync']['context']['stores']['candidates']['page']>[0]> = {}, accounts: Account[] = [world.account]) =>
  world.sync.context.stores.candidates.page({ accountIds: accounts.map((a) => a.id), ignored: false, offset: 0, limit: 50, ...query });

for (const engine of testEngines()) {
  describe(`Import page engine [${engine.name}]`, () => {
    const world = syncWorld(engine);
    before(() => announceSkippedEngines());

    it('lists new Google people as candidates, searched without accents or case, by group, without a last name', async () => {
      await pull(world);
      const a = await addPerson(world.google, { names: [{ givenName: 'Élodie', familyName: 'Marchal' }], emailAddresses: [{ value: 'elodie@voyage.fr' }], organizations: [{ name: 'Voyages Alpins' }] });
      await addPerson(world.google, { names: [{ givenName: 'Bob' }], emailAddresses: [{ value: 'bob.smith@mail.io' }] });
      const requests = await refreshCandidates(world.sync.context, [world.account], await readSettings(world.host), world.crm.adminId);
      expect(requests).to.be.at.most(2);
      const found = await page(world, { search: 'ELODIE voyages' });
      expect(found.items.map((c) => c.resourceName)).to.deep.equal([a.resourceName]);
      expect(found.items[0]).to.include({ group: 'myContacts', hasLastName: true, ignored: false });
      expect((await page(world, { search: '50%_off' })).total).to.equal(0);
      expect((await page(world, { group: 'container' })).total).to.equal(0);
      expect((await page(world, { missingLastName: true })).items.map((c) => c.displayName)).to.deep.equal(['Bob']);
    });

    it('reads Google incrementally: a page opened with nothing changed costs at most 2 requests', async () => {
      const before = world.gateways.length;
      const requests = await refreshCandidates(world.sync.context, [world.account], await readSettings(world.host), world.crm.adminId);
      expect(requests).to.be.at.most(2);
      expect(world.gateways.length - before).to.equal(1);
    });

    it('imports with a new prospect third party and the sales rep: the contact exists, Google carries its id and groups', async () => {
      const person = await addPerson(world.google, { names: [{ givenName: 'Nina', familyName: 'Kovac' }], emailAddresses: [{ value: 'nina@kovac.example', type: 'work' }], organizations: [{ name: 'Kovac Design' }] });
      await pull(world);
      const rep = await world.crm.crm.users.create({ login: 'import-rep', password: 'secret1' });
      const { log, run } = await importRows(world, [row(world, person.resourceName!, { thirdParty: { kind: 'new', status: 'prospect' }, salesRepId: rep.id })]);
      expect(run).to.include({ status: 'done', kind: 'import' });
      expect(log.map((e) => e.action)).to.deep.equal(['import-created']);
      const contactId = log[0]!.contactId!;
      const res = await fetch(`${world.crm.url}/api/contacts/${contactId}`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
      const contact = (await res.json()) as { lastname: string; firstname: string; email: string; thirdPartyId: number };
      expect(contact).to.include({ lastname: 'Kovac', firstname: 'Nina', email: 'nina@kovac.example' });
      const tp = await world.crm.crm.thirdParties.get(contact.thirdPartyId);
      expect(tp).to.include({ name: 'Kovac Design', prospect: true, client: false });
      expect((await world.crm.crm.thirdParties.salesReps(tp!.id)).map((u) => u.login)).to.deep.equal(['import-rep']);
      const google = await googleOf(world, contactId);
      expect(google.resourceName).to.equal(person.resourceName);
      expect(readClientData(google).contactId).to.equal(contactId);
      expect(await groupNames(world, google)).to.include.members(['CRM', 'CRM/import-rep']);
      expect((await page(world, { search: 'kovac' })).total).to.equal(0);
    });

    it('links a look-alike to the CRM contact chosen instead of creating one', async () => {
      const existing = await createContact(world, { lastname: 'Fontaine', firstname: 'Lucie', email: 'lucie@crm.example', private: true });
      const person = await addPerson(world.google, { names: [{ givenName: 'LUCIE', familyName: 'fontaine' }], emailAddresses: [{ value: 'lucie.perso@mail.example' }] });
      await pull(world);
      await world.crm.crm.contacts.update({ userId: null }, existing.id, { private: false });
      const contacts = (await world.crm.crm.contacts.list({ userId: null }, { limit: 1000 })).items.length;
      const { log } = await importRows(world, [row(world, person.resourceName!, { action: { kind: 'link', contactId: existing.id } })]);
      expect(log.map((e) => [e.action, e.contactId])).to.deep.equal([['import-linked', existing.id]]);
      expect((await world.crm.crm.contacts.list({ userId: null }, { limit: 1000 })).items.length).to.equal(contacts);
      expect((await linkOf(world, existing.id))?.resourceName).to.equal(person.resourceName);
      expect(readClientData(await googleOf(world, existing.id)).contactId).to.equal(existing.id);
    });

    it('refuses a person without a last name until one is given, leaving Google untouched', async () => {
      const person = await addPerson(world.google, { names: [{ givenName: 'Zed' }], emailAddresses: [{ value: 'zed@zz.example' }] });
      await pull(world);
      const first = await importRows(world, [row(world, person.resourceName!)]);
      expect(first.log.map((e) => [e.action, e.detail?.error])).to.deep.equal([['import-failed', 'needs_last_name']]);
      const untouched = (await world.google.people.get({ resourceName: person.resourceName!, personFields: FIELDS })).data;
      expect(untouched.etag).to.equal(person.etag);
      const fixed = await importRows(world, [row(world, person.resourceName!, { lastname: 'zed' })]);
      expect(fixed.log.map((e) => e.action)).to.deep.equal(['import-created']);
      expect(await world.crm.crm.contacts.get({ userId: null }, fixed.log[0]!.contactId!)).to.include({ lastname: 'zed', firstname: 'Zed' });
    });

    it('reports a row whose CRM create fails, and leaves its Google side untouched while the others go on', async () => {
      const bad = await addPerson(world.google, { names: [{ givenName: 'Ana', familyName: 'Bad' }] });
      const good = await addPerson(world.google, { names: [{ givenName: 'Ana', familyName: 'Good' }] });
      await pull(world);
      const { log } = await importRows(world, [row(world, bad.resourceName!, { thirdParty: { kind: 'existing', id: 999_999 } }), row(world, good.resourceName!)]);
      expect(log.map((e) => [e.action, e.detail?.resourceName, e.detail?.error ?? null])).to.deep.equal([
        ['import-failed', bad.resourceName, 'crm_refused'],
        ['import-created', good.resourceName, null],
      ]);
      expect((await world.google.people.get({ resourceName: bad.resourceName!, personFields: FIELDS })).data.etag).to.equal(bad.etag);
      expect((await page(world, { search: 'ana bad' })).total).to.equal(1);
    });

    it('remembers Ignore across pulls, and shows the ignored ones again on demand', async () => {
      const person = await addPerson(world.google, { names: [{ givenName: 'Ivo', familyName: 'Ignored' }] });
      await pull(world);
      await world.sync.context.stores.candidates.setIgnored(world.account.id, [person.resourceName!], true);
      await world.google.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: 'names', requestBody: { etag: person.etag, names: [{ givenName: 'Ivo', familyName: 'Ignored2' }] } });
      await pull(world);
      expect((await page(world, { search: 'ivo' })).total).to.equal(0);
      const ignored = await page(world, { search: 'ivo', ignored: true });
      expect(ignored.items.map((c) => c.displayName)).to.deep.equal(['Ivo Ignored2']);
      await world.sync.context.stores.candidates.setIgnored(world.account.id, [person.resourceName!], false);
      expect((await page(world, { search: 'ivo' })).total).to.equal(1);
    });

    it('imports from an account connected for import only, and never writes to it', async () => {
      const email = uniqueEmail('readonly');
      const connected = await world.sync.connect({ email, scope: { kind: 'all' }, importOnly: true });
      if (connected.kind !== 'connected') throw new Error('sandbox connect');
      const other = connected.account;
      expect(other.importOnly).to.equal(true);
      const auth = oauthClient(world.sandbox);
      const tokens = world.sandbox.control.createAccount(email);
      auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
      const people = google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false });
      const person = await addPerson(people, { names: [{ givenName: 'Oscar', familyName: 'Other' }], emailAddresses: [{ value: 'oscar@other.example' }] });
      const writes = () => world.sandbox.control.dump().accounts.find((a) => a.email === email)!.book.peopleLog.length;
      const writesBefore = writes();
      const settings = await readSettings(world.host);
      await refreshCandidates(world.sync.context, [other], settings, world.crm.adminId);
      expect((await page(world, {}, [other])).items.map((c) => c.displayName)).to.deep.equal(['Oscar Other']);
      // Incremental the second time.
      expect(await refreshCandidates(world.sync.context, [other], settings, world.crm.adminId)).to.equal(1);
      const { log } = await importRows(world, [row(world, person.resourceName!, {}, other)]);
      expect(log.map((e) => e.action)).to.deep.equal(['import-created']);
      expect((await page(world, {}, [other])).total).to.equal(0);
      // The sync never sees the import-only account: no push, no pull, no outbox rows.
      await world.sync.push({ trigger: 'test', waitForLease: true });
      expect(await world.sync.context.stores.outbox.count(other.id)).to.equal(0);
      const after = (await people.people.get({ resourceName: person.resourceName!, personFields: FIELDS })).data;
      expect(after.etag).to.equal(person.etag);
      expect(after.clientData ?? []).to.deep.equal([]);
      expect(writes()).to.equal(writesBefore);
      // The imported contact reaches the main account through the normal push.
      expect((await linkOf(world, log[0]!.contactId!))?.state).to.equal('linked');
    });
  });
}
