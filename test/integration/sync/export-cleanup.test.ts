import { readFileSync, statSync } from 'node:fs';
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { pull } from '../pull/helpers';
import { createContact, googleContacts, groupsOfAccount, linkOf, push, syncWorld, writesOf, SYSTEM } from './helpers';

for (const engine of testEngines()) {
  describe(`Export all and Cleanup [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const exportAll = async () => (await world.sync.exportAll({ trigger: 'test', waitForLease: true })).find((r) => r.account.id === world.account.id)!;

    it('Export all pushes every in-scope contact; a second run makes no write at all', async () => {
      const tp = await world.crm.crm.thirdParties.create({ name: 'Export Co', phone: '01 02 03 04 05', address: '1 rue de la Paix', town: 'Paris' });
      for (let i = 0; i < 30; i++) {
        await world.crm.crm.contacts.create({ userId: null }, {
          lastname: `Export ${i}`,
          firstname: 'Ann',
          email: `ann${i}@export.test`,
          phoneMobile: '06 11 22 33 44',
          birthday: '1980-05-17',
          note: 'line one\nline two',
          thirdPartyId: tp.id,
          address: '2 avenue Foch',
          zip: '75016',
          town: 'Paris',
          country: 'France',
        });
      }
      await world.crm.crm.contacts.create({ userId: null }, { lastname: 'Private One', private: true });
      const first = await exportAll();
      expect(first.status).to.equal('done');
      expect(first.counts.created).to.equal(30);
      const writes = writesOf(world);
      const second = await exportAll();
      expect(second.status).to.equal('done');
      expect(second.counts.unchanged).to.equal(30);
      expect(second.counts.updated ?? 0).to.equal(0);
      expect(writesOf(world)).to.equal(writes);
      const run = await world.sync.context.stores.runs.get(second.runId!);
      expect(run).to.include({ kind: 'export', status: 'done' });
    });

    it('Export all brings back a linked contact deleted in Google, and never applies the Google-delete policy to it', async () => {
      // The admin's answer to "my phone lost its contacts" is Export all: it must not delete the CRM contacts too.
      await world.host.settings.set('google_delete_policy', 'delete');
      try {
        const c = await createContact(world, { lastname: 'Wiped Phone' });
        await push(world);
        const named = async () => (await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === 'Wiped Phone');
        await world.google.people.deleteContact({ resourceName: (await named())[0]!.resourceName! });
        const run = await exportAll();
        expect(run.status).to.equal('done');
        expect(await world.crm.crm.contacts.get(SYSTEM, c.id)).to.include({ lastname: 'Wiped Phone' });
        expect(await named()).to.have.length(1);
      } finally {
        await world.host.settings.set('google_delete_policy', 'unlink');
      }
    });

    it('Cleanup deletes only what the module made, writes a vCard backup first, and leaves the CRM alone', async () => {
      const c = await createContact(world, { lastname: 'Soon Gone', email: 'gone@cleanup.test' });
      await push(world);
      const { data: own } = await world.google.people.createContact({ requestBody: { names: [{ givenName: 'Phone', familyName: 'Friend' }] } });
      const { data: family } = await world.google.contactGroups.create({ requestBody: { contactGroup: { name: 'Family' } } });
      const crmCount = (await world.crm.crm.db('llx_socpeople').count({ n: '*' }).first())!.n;
      const ours = (await googleContacts(world)).filter((p) => p.resourceName !== own.resourceName).length;

      const results = await world.sync.cleanup({ trigger: 'test', waitForLease: true });
      const result = results.find((r) => r.account.id === world.account.id)!;
      expect(result.status).to.equal('done');
      expect(result.counts.deleted).to.equal(ours);

      const left = await googleContacts(world);
      expect(left.map((p) => p.resourceName)).to.deep.equal([own.resourceName]);
      expect((await groupsOfAccount(world)).map((g) => g.resourceName)).to.deep.equal([family.resourceName]);
      expect((await world.crm.crm.db('llx_socpeople').count({ n: '*' }).first())!.n).to.equal(crmCount);
      expect(await world.crm.crm.contacts.get({ userId: null }, c.id)).to.not.equal(null);
      expect(await world.sync.context.stores.links.count(world.account.id)).to.equal(0);

      const backup = readFileSync(result.backupFile!, 'utf8');
      expect(backup.match(/BEGIN:VCARD\r\nVERSION:4\.0/g)).to.have.length(ours);
      expect(backup).to.include('EMAIL;TYPE=work:gone@cleanup.test');
      expect(backup).to.not.include('Friend');
      expect(statSync(result.backupFile!).mode & 0o777).to.equal(0o600);
    });

    it('Cleanup also finds a contact it made whose link was lost (by its clientData instance id)', async () => {
      const c = await createContact(world, { lastname: 'Orphan' });
      await push(world);
      await world.sync.context.stores.links.remove(world.account.id, [c.id]);
      const results = await world.sync.cleanup({ trigger: 'test', waitForLease: true });
      expect(results.find((r) => r.account.id === world.account.id)!.counts.deleted).to.equal(1);
      expect((await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === 'Orphan')).to.have.length(0);
    });

    it('Cleanup leaves the Google contacts the account already had that a pull linked (they are not the module\'s)', async () => {
      const c = await createContact(world, { lastname: 'Had Already', email: 'had@phone.test' });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const { data: own } = await world.google.people.createContact({
        requestBody: { names: [{ givenName: 'Had', familyName: 'Already' }], emailAddresses: [{ value: 'had@phone.test', type: 'work' }], urls: [{ value: 'https://family.example' }] },
      });
      await pull(world);
      expect(await linkOf(world, c.id)).to.include({ resourceName: own.resourceName });
      const results = await world.sync.cleanup({ trigger: 'test', waitForLease: true });
      expect(results.find((r) => r.account.id === world.account.id)!.status).to.equal('done');
      const left = (await googleContacts(world)).find((p) => p.resourceName === own.resourceName);
      expect(left?.urls?.map((u) => u.value)).to.deep.equal(['https://family.example']);
      // Exported again afterwards: the account's own contact is linked again, not copied.
      await world.sync.exportAll({ trigger: 'test', waitForLease: true });
      expect((await googleContacts(world)).filter((p) => p.emailAddresses?.some((e) => e.value === 'had@phone.test'))).to.have.length(1);
    });
  });
}

