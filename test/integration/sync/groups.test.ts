import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { uniqueEmail } from '../../sandbox/helpers';
import { createContact, googleOf, groupNames, groupsOfAccount, linkOf, push, syncWorld } from './helpers';

for (const engine of testEngines()) {
  describe(`push groups [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crm = () => world.crm.crm;
    let counter = 0;
    const rep = (login: string) => crm().users.create({ login: `${login}${++counter}`, password: 'secret-password' });

    it('puts the contacts of a third party in one group per sales rep, <container>/<login>, created when needed', async () => {
      const marie = await rep('marie');
      const acme = await crm().thirdParties.create({ name: 'Acme' });
      await crm().thirdParties.setSalesReps(acme.id, [marie.id]);
      const c = await createContact(world, { lastname: 'Repped', thirdPartyId: acme.id });
      await push(world);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', `CRM/${marie.login}`, 'myContacts']);
    });

    it("moves the third party's contacts when its sales reps change", async () => {
      const [a, b] = [await rep('anna'), await rep('bob')];
      const shop = await crm().thirdParties.create({ name: 'Shop' });
      await crm().thirdParties.setSalesReps(shop.id, [a.id]);
      const c1 = await createContact(world, { lastname: 'One', thirdPartyId: shop.id });
      const c2 = await createContact(world, { lastname: 'Two', thirdPartyId: shop.id });
      await push(world);
      await crm().thirdParties.setSalesReps(shop.id, [b.id]);
      const run = await push(world);
      expect(run.counts.regrouped).to.equal(2);
      for (const c of [c1, c2]) expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', `CRM/${b.login}`, 'myContacts']);
    });

    it('renames the sales rep group when the login is renamed', async () => {
      const u = await rep('carl');
      const tp = await crm().thirdParties.create({ name: 'Renamers' });
      await crm().thirdParties.setSalesReps(tp.id, [u.id]);
      const c = await createContact(world, { lastname: 'Renamed', thirdPartyId: tp.id });
      await push(world);
      const before = (await groupsOfAccount(world)).find((g) => g.name === `CRM/${u.login}`)!;
      await crm().users.update(u.id, { login: `${u.login}.new` });
      await push(world);
      const after = (await groupsOfAccount(world)).find((g) => g.resourceName === before.resourceName)!;
      expect(after.name).to.equal(`CRM/${u.login}.new`);
      expect(await groupNames(world, await googleOf(world, c.id))).to.include(`CRM/${u.login}.new`);
    });

    it('adds Customers/Prospects/Suppliers groups when the setting is on', async () => {
      await world.host.settings.set('status_groups', true);
      try {
        const tp = await crm().thirdParties.create({ name: 'Buyer Co', client: true, supplier: true });
        const c = await createContact(world, { lastname: 'Status', thirdPartyId: tp.id });
        await push(world);
        expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', 'CRM/Customers', 'CRM/Suppliers', 'myContacts']);
      } finally {
        await world.host.settings.set('status_groups', false);
      }
    });

    it('recreates its group when someone deleted it in Google', async () => {
      const container = (await groupsOfAccount(world)).find((g) => g.name === 'CRM')!;
      await world.google.contactGroups.delete({ resourceName: container.resourceName!, deleteContacts: false });
      const c = await createContact(world, { lastname: 'Regrouped' });
      await push(world);
      const again = (await groupsOfAccount(world)).find((g) => g.name === 'CRM')!;
      expect(again.resourceName).to.not.equal(container.resourceName);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', 'myContacts']);
    });

    it('adopts an existing group of the wanted name (409) and marks it adopted, so Cleanup leaves it', async () => {
      const u = await rep('fred');
      const { data: existing } = await world.google.contactGroups.create({ requestBody: { contactGroup: { name: `CRM/${u.login}` } } });
      const tp = await crm().thirdParties.create({ name: 'Fred Co' });
      await crm().thirdParties.setSalesReps(tp.id, [u.id]);
      const c = await createContact(world, { lastname: 'Adopted', thirdPartyId: tp.id });
      await push(world);
      const person = await googleOf(world, c.id);
      expect(person.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.include(existing.resourceName);
      const stored = (await world.sync.context.stores.groups.list(world.account.id)).find((g) => g.resourceName === existing.resourceName);
      expect(stored).to.include({ kind: 'salesrep', key: String(u.id), adopted: true });
    });

    it("in a sales rep's account, pushes only that rep's third parties' contacts and drops those the rep loses", async () => {
      const own = await rep('dora');
      const other = await rep('eric');
      const mine = await crm().thirdParties.create({ name: 'Dora Ltd' });
      const theirs = await crm().thirdParties.create({ name: 'Eric Ltd' });
      await crm().thirdParties.setSalesReps(mine.id, [own.id]);
      await crm().thirdParties.setSalesReps(theirs.id, [other.id]);
      const connected = await world.sync.connect({ email: uniqueEmail('rep'), scope: { kind: 'salesrep', userId: own.id } });
      if (connected.kind !== 'connected') throw new Error('not connected');
      const repAccount = connected.account;
      const a = await createContact(world, { lastname: 'Mine', thirdPartyId: mine.id });
      const b = await createContact(world, { lastname: 'Theirs', thirdPartyId: theirs.id });
      await world.sync.push({ trigger: 'test', waitForLease: true });
      const links = world.sync.context.stores.links;
      expect((await links.forContacts(repAccount.id, [a.id, b.id])).has(a.id)).to.equal(true);
      expect((await links.forContacts(repAccount.id, [a.id, b.id])).has(b.id)).to.equal(false);
      expect(await linkOf(world, b.id)).to.not.equal(null);
      await crm().thirdParties.setSalesReps(mine.id, [other.id]);
      const results = await world.sync.push({ trigger: 'test', waitForLease: true });
      expect(results.find((r) => r.account.id === repAccount.id)!.counts.ungrouped).to.equal(1);
    });

    it("takes a deleted user's contacts out of their sales rep group", async () => {
      const u = await rep('gina');
      const tp = await crm().thirdParties.create({ name: 'Gina Co' });
      await crm().thirdParties.setSalesReps(tp.id, [u.id]);
      const c = await createContact(world, { lastname: 'Orphaned Rep', thirdPartyId: tp.id });
      await push(world);
      await crm().users.remove(u.id);
      await push(world);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', 'myContacts']);
    });
  });
}
