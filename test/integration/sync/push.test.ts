import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { LEASE_MS, ownerName } from '../../../src/sync/lease';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, googleOf, groupNames, linkOf, push, syncWorld, updateContact, SYSTEM } from './helpers';

for (const engine of testEngines()) {
  describe(`push: CRM → Google [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);

    it('creates a new CRM contact in Google, in the CRM group and My Contacts, with its third party', async () => {
      const acme = await world.crm.crm.thirdParties.create({ name: 'Acme SA', phone: '+33 1 40 00 00 00', url: 'https://acme.test' });
      const c = await createContact(world, { lastname: 'Dupont', firstname: 'Marie', email: 'marie@acme.test', phoneMobile: '06 12 34 56 78', thirdPartyId: acme.id, jobTitle: 'Buyer' });
      const run = await push(world);
      expect(run.status).to.equal('done');
      expect(run.counts.created).to.equal(1);
      const person = await googleOf(world, c.id);
      expect(person.names?.[0]).to.include({ givenName: 'Marie', familyName: 'Dupont' });
      expect(person.emailAddresses?.map((e) => e.value)).to.deep.equal(['marie@acme.test']);
      expect(person.organizations?.[0]).to.include({ name: 'Acme SA', title: 'Buyer' });
      expect(person.phoneNumbers?.map((p) => [p.type, p.value])).to.deep.include(['Acme SA', '+33 1 40 00 00 00']);
      expect(await groupNames(world, person)).to.deep.equal(['CRM', 'myContacts']);
      const link = await linkOf(world, c.id);
      expect(link).to.include({ state: 'linked', resourceName: person.resourceName, etag: person.etag });
      // Google shows exactly the CRM's card: the pull will see its own write come back as "unchanged".
      expect(link!.googleHash).to.equal(link!.crmHash);
    });

    it('updates it after a CRM edit, keeping the email a phone user added', async () => {
      const c = await createContact(world, { lastname: 'Martin', email: 'martin@work.test' });
      await push(world);
      const before = await googleOf(world, c.id);
      await world.google.people.updateContact({
        resourceName: before.resourceName!,
        updatePersonFields: 'emailAddresses',
        requestBody: { etag: before.etag, emailAddresses: [...(before.emailAddresses ?? []), { value: 'extra@phone.test', type: 'other' }] },
      });
      await updateContact(world, c.id, { email: 'martin@new.test', jobTitle: 'CEO' });
      const run = await push(world);
      expect(run.counts.updated).to.equal(1);
      const after = await googleOf(world, c.id);
      expect(after.emailAddresses?.map((e) => e.value)).to.have.members(['martin@new.test', 'extra@phone.test']);
      expect(after.organizations?.[0]?.title).to.equal('CEO');
      const link = await linkOf(world, c.id);
      expect([link!.googleHash, link!.etag]).to.deep.equal([link!.crmHash, after.etag]);
    });

    it('coalesces many edits of one contact into one outbox row and one write', async () => {
      const c = await createContact(world, { lastname: 'Often' });
      await push(world);
      for (let i = 0; i < 5; i++) await updateContact(world, c.id, { note: `edit ${i}` });
      await new Promise((resolve) => setImmediate(resolve));
      const run = await push(world);
      expect(run.counts.updated).to.equal(1);
      expect((await googleOf(world, c.id)).biographies?.[0]?.value).to.equal('edit 4');
    });

    it('deletes the Google contact of a CRM delete (default setting)', async () => {
      const c = await createContact(world, { lastname: 'Gone' });
      await push(world);
      const name = (await googleOf(world, c.id)).resourceName;
      await world.crm.crm.contacts.remove(SYSTEM, c.id);
      const run = await push(world);
      expect(run.counts.deleted).to.equal(1);
      expect((await googleContacts(world)).map((p) => p.resourceName)).to.not.include(name);
      expect(await linkOf(world, c.id)).to.equal(null);
    });

    it('records each push in the run history with its counts and requests', async () => {
      await createContact(world, { lastname: 'Counted' });
      const run = await push(world);
      const stored = await world.sync.context.stores.runs.get(run.runId!);
      expect(stored).to.include({ kind: 'push', trigger: 'test', status: 'done', accountId: world.account.id });
      expect(stored!.counts.created).to.equal(1);
      expect(stored!.counts.requests).to.be.greaterThan(0);
      expect(stored!.finishedAt).to.be.a('string');
    });

    it('records no run when nothing is due', async () => {
      const results = await world.sync.push({ trigger: 'test' });
      expect(results).to.deep.equal([]);
    });

    it('pushes one account in one process at a time: a push finding the lease held answers busy', async () => {
      await createContact(world, { lastname: 'Leased' });
      const accounts = world.sync.context.stores.accounts;
      const until = new Date(Date.now() + 60_000).toISOString();
      expect(await accounts.acquireLease(world.account.id, 'another-process', until)).to.equal(true);
      try {
        const [busy] = await world.sync.push({ trigger: 'test' });
        expect(busy).to.include({ status: 'busy', runId: null });
      } finally {
        await accounts.releaseLease(world.account.id, 'another-process');
      }
      expect((await push(world)).counts.created).to.equal(1);
    });

    it('takes over at once the lease of a holder on this machine whose process is gone', async () => {
      await createContact(world, { lastname: 'Dead Holder' });
      const child = spawnSync(process.execPath, ['-e', '0']);
      const dead = ownerName('deadbeef').replace(`:${process.pid}:`, `:${child.pid}:`);
      const accounts = world.sync.context.stores.accounts;
      expect(await accounts.acquireLease(world.account.id, dead, new Date(Date.now() + 60_000).toISOString())).to.equal(true);
      expect(await accounts.leaseHolder(world.account.id)).to.equal(dead);
      expect((await push(world)).counts.created).to.equal(1);
      expect(await accounts.leaseHolder(world.account.id)).to.equal(null);
    });

    it('leaves a live holder elsewhere its lease until it expires, within a minute of its last renewal', async () => {
      await createContact(world, { lastname: 'Remote Holder' });
      const accounts = world.sync.context.stores.accounts;
      expect(LEASE_MS).to.be.at.most(60_000);
      expect(await accounts.acquireLease(world.account.id, 'other-machine:1:abc', new Date(Date.now() + LEASE_MS).toISOString())).to.equal(true);
      expect((await world.sync.push({ trigger: 'test' }))[0]).to.include({ status: 'busy' });
      world.advance(LEASE_MS + 1);
      expect((await push(world)).counts.created).to.equal(1);
    });

    it('a CRM save only queues the contact: no Google request until the worker runs', async () => {
      const gateways = world.gateways.length;
      const before = world.sandbox.control.dump().accounts[0]!.book.seq;
      const c = await createContact(world, { lastname: 'Queued' });
      await updateContact(world, c.id, { note: 'queued' });
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(world.gateways.length).to.equal(gateways);
      expect(world.sandbox.control.dump().accounts[0]!.book.seq).to.equal(before);
      const row = await world.host.db('gcontacts_outbox').where({ account_id: world.account.id, contact_id: c.id }).first<Record<string, unknown> | undefined>();
      expect(row).to.include({ op: 'change' });
      expect((await push(world)).counts.created).to.equal(1);
    });

    it('writes the changes still in memory when the module is disabled', async () => {
      const c = await createContact(world, { lastname: 'Flushed On Stop' });
      await world.crm.crm.modules.disable('gcontacts');
      try {
        expect(await world.host.db('gcontacts_outbox').where({ contact_id: c.id }).first()).to.not.equal(undefined);
      } finally {
        await world.crm.crm.modules.enable('gcontacts');
        world.crm.crm.scheduler.cancel('gcontacts:push');
      }
      expect((await push(world)).counts.created).to.equal(1);
    });
  });
}
