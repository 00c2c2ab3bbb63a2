import { expect } from 'chai';
import { google } from 'googleapis';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { flushTriggers } from '../../../src/sync/triggers';
import { oauthClient, uniqueEmail } from '../../sandbox/helpers';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { pull } from '../pull/helpers';
import { createContact, googleContacts, googleOf, groupNames, linkOf, push, syncWorld, updateContact, SYSTEM, type SyncWorld } from './helpers';

/** Every Google contact of the world's account carrying `text` anywhere (names, emails, phones, clientData...). */
async function carrying(world: SyncWorld, text: string) {
  return (await googleContacts(world)).filter((p) => JSON.stringify(p).includes(text));
}

/** A phone contact the account had before the module: linked by the first pull to the CRM contact with its email. */
async function phoneOwnContact(world: SyncWorld, email: string) {
  const { data } = await world.google.people.createContact({
    requestBody: { names: [{ givenName: 'Had', familyName: 'Before' }], emailAddresses: [{ value: email, type: 'work' }], urls: [{ value: 'https://family.example' }] },
  });
  return data;
}

for (const engine of testEngines()) {
  describe(`private means private, a linked pair is one contact [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const setting = (key: string, value: string | boolean) => world.host.settings.set(key, value);

    it('deletes a contact made private from Google at the next push, whatever out_of_scope_action says, after a vCard backup', async () => {
      for (const action of ['ungroup', 'delete']) {
        await setting('out_of_scope_action', action);
        const c = await createContact(world, { lastname: `Secret-${action}`, email: `secret-${action}@privacy.test`, phoneMobile: '+33 6 11 22 33 44' });
        await push(world);
        const name = (await googleOf(world, c.id)).resourceName!;
        await updateContact(world, c.id, { private: true });
        const run = await push(world);
        expect(run.counts.deleted).to.equal(1);
        expect(await linkOf(world, c.id)).to.equal(null);
        expect((await googleContacts(world)).map((p) => p.resourceName)).to.not.include(name);
        expect(await carrying(world, `secret-${action}@privacy.test`)).to.have.length(0);
        const backups = await world.sync.context.backups.list();
        const backup = await world.sync.context.backups.read(backups[0]!.name);
        expect(backups[0]!.name).to.match(/^deleted-/);
        expect(backup).to.match(new RegExp(`^EMAIL;.*:secret-${action}@privacy\\.test\\r$`, 'm'));
      }
      await setting('out_of_scope_action', 'ungroup');
    });

    it('never merges a phone edit into a contact made private', async () => {
      const c = await createContact(world, { lastname: 'Quiet', email: 'quiet@privacy.test' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.google.people.updateContact({
        resourceName: person.resourceName!, updatePersonFields: 'biographies',
        requestBody: { etag: person.etag, metadata: person.metadata, biographies: [{ value: 'from the phone', contentType: 'TEXT_PLAIN' }] },
      });
      await updateContact(world, c.id, { private: true });
      await pull(world);
      await push(world);
      const contact = await world.crm.crm.contacts.get(SYSTEM, c.id);
      expect(contact?.note ?? null).to.equal(null);
      expect(await carrying(world, 'quiet@privacy.test')).to.have.length(0);
    });

    it('strips a phone contact the module only linked, made private: unlinked, out of the groups, without the third party or our ids, still on the phone', async () => {
      const company = await world.crm.crm.thirdParties.create({ name: 'Strip Co', phone: '+33 1 40 00 00 01', url: 'https://strip.test' });
      const c = await createContact(world, { lastname: 'Before', firstname: 'Had', email: 'had@privacy.test', thirdPartyId: company.id });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const own = await phoneOwnContact(world, 'had@privacy.test');
      await pull(world);
      await push(world);
      const linked = await googleOf(world, c.id);
      expect(linked.resourceName).to.equal(own.resourceName);
      expect(linked.urls?.map((u) => u.value)).to.include('https://strip.test');
      expect(await groupNames(world, linked)).to.include('CRM');

      await updateContact(world, c.id, { private: true });
      const run = await push(world);
      expect(run.counts.unlinked).to.equal(1);
      expect(await linkOf(world, c.id)).to.equal(null);
      const { data: left } = await world.google.people.get({ resourceName: own.resourceName!, personFields: 'names,emailAddresses,phoneNumbers,urls,clientData,memberships' });
      expect(left.urls?.map((u) => u.value)).to.deep.equal(['https://family.example']);
      expect(left.phoneNumbers ?? []).to.have.length(0);
      expect((left.clientData ?? []).filter((d) => Object.values(CLIENT_DATA_KEYS).includes(d.key as never))).to.have.length(0);
      expect(await groupNames(world, left)).to.deep.equal(['myContacts']);
      expect(left.emailAddresses?.map((e) => e.value)).to.deep.equal(['had@privacy.test']);
      // It stays apart: the next pull links nothing to a private contact, and a second push writes nothing.
      await pull(world, { full: true });
      expect(await linkOf(world, c.id)).to.equal(null);
    });

    it('heals an installation that only ungrouped private contacts: the next reconcile queues them and the push takes them out', async () => {
      const c = await createContact(world, { lastname: 'Old Install', email: 'old@privacy.test' });
      await push(world);
      await updateContact(world, c.id, { private: true });
      // An older version took the contact out of its groups and kept the link: the outbox row is gone with that push.
      await flushTriggers(world.host);
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      expect(await carrying(world, 'old@privacy.test')).to.have.length(1);
      await pull(world, { full: true });
      await push(world);
      expect(await carrying(world, 'old@privacy.test')).to.have.length(0);
      expect(await linkOf(world, c.id)).to.equal(null);
    });

    it('deletes a copy the module made of a private contact that no link holds, and strips one it did not make, at the next pull', async () => {
      const instance = String(await world.host.settings.get('instance_id'));
      const company = await world.crm.crm.thirdParties.create({ name: 'Copy Co' });
      const c = await createContact(world, { lastname: 'Copied', email: 'copied@privacy.test', private: true, thirdPartyId: company.id });
      const ids = (uid: string | null) => [
        { key: CLIENT_DATA_KEYS.instance, value: instance },
        { key: CLIENT_DATA_KEYS.contactId, value: String(c.id) },
        ...(uid ? [{ key: CLIENT_DATA_KEYS.uid, value: uid }] : []),
      ];
      // A create whose link was lost (it carries the create's uid), and a phone's own contact an older link wrote our ids on.
      const { data: made } = await world.google.people.createContact({ requestBody: { names: [{ familyName: 'Copied' }], emailAddresses: [{ value: 'copied@privacy.test' }], clientData: ids('lost-create') } });
      const { data: own } = await world.google.people.createContact({
        requestBody: { names: [{ familyName: 'Own' }], emailAddresses: [{ value: 'own-copy@privacy.test' }, { value: 'hq@copy.test', type: 'Copy Co' }], clientData: ids(null) },
      });
      await pull(world, { full: true });
      const left = await googleContacts(world);
      expect(left.map((p) => p.resourceName)).to.not.include(made.resourceName);
      const stripped = left.find((p) => p.resourceName === own.resourceName)!;
      expect(stripped.emailAddresses?.map((e) => e.value)).to.deep.equal(['own-copy@privacy.test']);
      expect(stripped.clientData ?? []).to.deep.equal([]);
      expect(await linkOf(world, c.id)).to.equal(null);
      const backups = await world.sync.context.backups.list();
      expect(await world.sync.context.backups.read(backups[0]!.name)).to.include('copied@privacy.test');
    });

    it('deletes on a CRM delete the phone contact the module linked, as one it created, after a vCard backup', async () => {
      const c = await createContact(world, { lastname: 'Before', firstname: 'Had', email: 'gone@privacy.test' });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const own = await phoneOwnContact(world, 'gone@privacy.test');
      await pull(world);
      expect(await linkOf(world, c.id)).to.include({ resourceName: own.resourceName });
      await world.crm.crm.contacts.remove(SYSTEM, c.id);
      expect((await push(world)).counts.deleted).to.equal(1);
      expect(await carrying(world, 'gone@privacy.test')).to.have.length(0);
      const backups = await world.sync.context.backups.list();
      expect(await world.sync.context.backups.read(backups[0]!.name)).to.include('https://family.example');
    });

    it('deletes per crm_delete_action a contact already out of scope (sync flag off, ungrouped) and then deleted in the CRM', async () => {
      const c = await createContact(world, { lastname: 'Flag Then Gone', email: 'flag-gone@privacy.test' });
      await push(world);
      await world.sync.setSyncFlag(c.id, false, null);
      expect((await push(world)).counts.ungrouped).to.equal(1);
      await world.crm.crm.contacts.remove(SYSTEM, c.id);
      expect((await push(world)).counts.deleted).to.equal(1);
      expect(await carrying(world, 'flag-gone@privacy.test')).to.have.length(0);
    });

    it('deletes a contact made private from every account the module put it in', async () => {
      const email = uniqueEmail('second');
      const second = await world.sync.connect({ email, scope: { kind: 'all' } });
      if (second.kind !== 'connected') throw new Error('the sandbox connect should not need a browser');
      const auth = oauthClient(world.sandbox);
      auth.setCredentials({ refresh_token: world.sandbox.control.createAccount(email).refresh_token });
      const phone2 = google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false });
      const inSecond = async () => {
        const { data } = await phone2.people.connections.list({ resourceName: 'people/me', personFields: 'emailAddresses', pageSize: 1000 });
        return (data.connections ?? []).filter((p) => p.emailAddresses?.some((e) => e.value === 'both@privacy.test'));
      };
      const c = await createContact(world, { lastname: 'Both', email: 'both@privacy.test' });
      await push(world);
      expect(await inSecond()).to.have.length(1);
      expect(await carrying(world, 'both@privacy.test')).to.have.length(1);
      await updateContact(world, c.id, { private: true });
      await push(world);
      expect(await inSecond()).to.have.length(0);
      expect(await carrying(world, 'both@privacy.test')).to.have.length(0);
    });
  });
}
