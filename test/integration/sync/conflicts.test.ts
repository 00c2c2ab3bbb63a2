import { expect } from 'chai';
import type { PeopleGateway } from '../../../src/google/gateway';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, googleOf, linkOf, push, syncWorld, updateContact } from './helpers';

for (const engine of testEngines()) {
  describe(`push meets changes made in Google [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    // A handful of links: one phone delete is past the default mass-deletion share, which push-guard.test.ts covers.
    const world = syncWorld(engine, { mass_delete_share: 1 });
    const crmContact = (id: number) => world.crm.crm.contacts.get({ userId: null }, id);
    const setTitle = async (resourceName: string, title: string) => {
      const { data } = await world.google.people.get({ resourceName, personFields: 'organizations' });
      await world.google.people.updateContact({
        resourceName,
        updatePersonFields: 'organizations',
        requestBody: { etag: data.etag, organizations: [{ ...data.organizations?.[0], title }] },
      });
    };
    afterEach(() => {
      world.wrap.gateway = null;
    });

    it('merges instead of overwriting: a phone edit of another field is kept in Google and brought to the CRM', async () => {
      const c = await createContact(world, { lastname: 'Merged', jobTitle: 'Clerk' });
      await push(world);
      await setTitle((await googleOf(world, c.id)).resourceName!, 'Manager');
      await updateContact(world, c.id, { phoneWork: '+33 1 23 45 67 89' });
      const run = await push(world);
      expect(run.counts.updated).to.equal(1);
      const person = await googleOf(world, c.id);
      expect(person.organizations?.[0]?.title).to.equal('Manager');
      expect(person.phoneNumbers?.map((p) => p.value)).to.include('+33 1 23 45 67 89');
      expect((await crmContact(c.id))!.jobTitle).to.equal('Manager');
    });

    it('a stale etag (Google changed between read and write) is re-read and merged, never blindly overwritten', async () => {
      const c = await createContact(world, { lastname: 'Stale', jobTitle: 'Clerk' });
      await push(world);
      const resourceName = (await googleOf(world, c.id)).resourceName!;
      let edited = false;
      world.wrap.gateway = (gateway: PeopleGateway) =>
        Object.assign(Object.create(gateway) as PeopleGateway, {
          batchUpdate: async (...args: Parameters<PeopleGateway['batchUpdate']>) => {
            if (!edited) {
              edited = true;
              await setTitle(resourceName, 'Director');
            }
            return gateway.batchUpdate(...args);
          },
        });
      await updateContact(world, c.id, { note: 'from the CRM' });
      const run = await push(world);
      expect(run.status).to.equal('done');
      expect(edited).to.equal(true);
      const person = await googleOf(world, c.id);
      expect(person.organizations?.[0]?.title).to.equal('Director');
      expect(person.biographies?.[0]?.value).to.equal('from the CRM');
      expect((await crmContact(c.id))!.jobTitle).to.equal('Director');
      expect((await world.sync.context.stores.log.forContact(c.id, 10)).map((e) => e.action)).to.include('reread');
    });

    it("with the 'ask' policy, a field changed differently on both sides stays as it is on each side and waits for a person", async () => {
      await world.host.settings.set('conflict_policy', 'ask');
      try {
        const c = await createContact(world, { lastname: 'Asked', jobTitle: 'Clerk' });
        await push(world);
        await setTitle((await googleOf(world, c.id)).resourceName!, 'Phone title');
        await updateContact(world, c.id, { jobTitle: 'CRM title', note: 'not in conflict' });
        await push(world);
        const person = await googleOf(world, c.id);
        expect(person.organizations?.[0]?.title).to.equal('Phone title');
        expect(person.biographies?.[0]?.value).to.equal('not in conflict');
        expect((await crmContact(c.id))!.jobTitle).to.equal('CRM title');
        expect(await linkOf(world, c.id)).to.include({ state: 'conflict' });
        const open = await world.sync.context.stores.conflicts.unresolved(c.id);
        expect(open.map(({ field, base, crm, google }) => ({ field, base, crm, google }))).to.deep.equal([{ field: 'jobTitle', base: 'Clerk', crm: 'CRM title', google: 'Phone title' }]);
        await updateContact(world, c.id, { note: 'again' });
        await push(world);
        expect(await world.sync.context.stores.conflicts.unresolved(c.id)).to.have.length(1);
      } finally {
        await world.host.settings.set('conflict_policy', 'newest');
      }
    });

    it('a contact deleted in Google is not re-created by the next CRM edit (unlink policy), until Export all', async () => {
      const c = await createContact(world, { lastname: 'Deleted By Phone' });
      await push(world);
      await world.google.people.deleteContact({ resourceName: (await googleOf(world, c.id)).resourceName! });
      await updateContact(world, c.id, { note: 'edited after' });
      const run = await push(world);
      expect(run.counts['google-deleted']).to.equal(1);
      expect(await linkOf(world, c.id)).to.include({ state: 'unlinked', resourceName: null });
      expect((await crmContact(c.id))!.lastname).to.equal('Deleted By Phone');
      await updateContact(world, c.id, { note: 'edited again' });
      await push(world);
      const named = async () => (await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === 'Deleted By Phone');
      expect(await named()).to.have.length(0);
      await world.sync.exportAll({ trigger: 'test', waitForLease: true });
      expect(await named()).to.have.length(1);
    });

    it('turns the sync flag off instead when the Google-delete policy says so', async () => {
      await world.host.settings.set('google_delete_policy', 'flag_off');
      try {
        const c = await createContact(world, { lastname: 'Flag Off' });
        await push(world);
        await world.google.people.deleteContact({ resourceName: (await googleOf(world, c.id)).resourceName! });
        await updateContact(world, c.id, { note: 'x' });
        await push(world);
        expect(await linkOf(world, c.id)).to.equal(null);
        expect((await world.sync.context.stores.flags.get([c.id])).get(c.id)).to.equal(false);
      } finally {
        await world.host.settings.set('google_delete_policy', 'unlink');
      }
    });

    it('a third party edit pushes all its contacts, in batches', async () => {
      const tp = await world.crm.crm.thirdParties.create({ name: 'Big Co' });
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push((await createContact(world, { lastname: `Staff ${i}`, thirdPartyId: tp.id })).id);
      await push(world);
      await world.host.settings.set('push_batch_size', 5);
      try {
        await world.crm.crm.thirdParties.update(tp.id, { name: 'Bigger Co' });
        const before = world.gateways.reduce((n, g) => n + g.requestCount, 0);
        const run = await push(world);
        expect(run.counts.updated).to.equal(12);
        // 3 batches of ≤ 5: a batchGet and a batchUpdate each (the group check is one listGroups).
        expect(world.gateways.reduce((n, g) => n + g.requestCount, 0) - before).to.be.at.most(3 * 2 + 1);
        for (const id of ids.slice(0, 2)) expect((await googleOf(world, id)).organizations?.[0]?.name).to.equal('Bigger Co');
      } finally {
        await world.host.settings.set('push_batch_size', 200);
      }
    });
  });
}
