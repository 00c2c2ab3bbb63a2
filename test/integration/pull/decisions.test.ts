/**
 * Every row of the pull's decision table (architecture §5), against the sandbox over HTTP, on every engine: each test
 * makes the situation the way it happens (a phone edit, a lost link, a copy of a contact), pulls, and checks
 * both sides and the run's counts.
 */
import { expect } from 'chai';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, googleOf, linkOf, push, syncWorld, updateContact, writesOf, SYSTEM } from '../sync/helpers';
import { containerOf, phoneAdd, phoneDelete, phoneEdit, pull, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: the decision table [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crmContact = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    before(async () => {
      await createContact(world, { lastname: 'Seed' });
      await push(world);
      await pull(world); // the first pull is a full one: it stores the first sync token
    });

    it('linked, Google unchanged: nothing — our own write coming back is a no-op', async () => {
      const c = await createContact(world, { lastname: 'Echo', jobTitle: 'Clerk' });
      await push(world);
      await updateContact(world, c.id, { note: 'from the CRM' });
      await push(world);
      const version = (await crmContact(c.id))!.version;
      const writes = writesOf(world);
      const run = await pull(world);
      expect(run.status).to.equal('done');
      expect(run.counts).to.include({ created: 0, updated: 0, deleted: 0, conflicts: 0, errors: 0 });
      expect((await crmContact(c.id))!.version).to.equal(version);
      expect(writesOf(world)).to.equal(writes);
    });

    it('linked, Google changed a field the module does not map: nothing', async () => {
      const c = await createContact(world, { lastname: 'Starred' });
      await push(world);
      await pull(world);
      const resourceName = await resourceOf(world, c.id);
      await world.google.contactGroups.members.modify({ resourceName: 'contactGroups/starred', requestBody: { resourceNamesToAdd: [resourceName] } });
      const version = (await crmContact(c.id))!.version;
      const run = await pull(world);
      expect(run.counts.updated).to.equal(0);
      expect((await crmContact(c.id))!.version).to.equal(version);
    });

    it('linked, Google changed, CRM unchanged: the CRM is updated', async () => {
      const c = await createContact(world, { lastname: 'Phoned', firstname: 'Ann', jobTitle: 'Clerk' });
      await push(world);
      await phoneEdit(world, await resourceOf(world, c.id), { title: 'Manager', note: 'met at the fair' });
      const run = await pull(world);
      expect(run.counts.updated).to.equal(1);
      const after = (await crmContact(c.id))!;
      expect(after).to.include({ jobTitle: 'Manager', note: 'met at the fair', firstname: 'Ann' });
    });

    it('linked, CRM changed and not pushed yet: the pull brings it to Google', async () => {
      const c = await createContact(world, { lastname: 'Unpushed' });
      await push(world);
      await updateContact(world, c.id, { jobTitle: 'Engineer' });
      await world.sync.context.stores.outbox.removeAll(world.account.id); // as if the outbox row were lost
      await new Promise((resolve) => setTimeout(resolve, 150)); // the triggers' flush
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const run = await pull(world);
      expect(run.counts.updated).to.equal(1);
      expect((await googleOf(world, c.id)).organizations?.[0]?.title).to.equal('Engineer');
    });

    it('linked, both changed: merged field by field — CRM phone and phone-user email both kept', async () => {
      const c = await createContact(world, { lastname: 'Both', email: 'old@example.com', phoneWork: '+33 1 11 11 11 11' });
      await push(world);
      const resourceName = await resourceOf(world, c.id);
      await phoneEdit(world, resourceName, { email: 'new@example.com' });
      await updateContact(world, c.id, { phoneWork: '+33 1 22 22 22 22' });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const run = await pull(world);
      expect(run.counts).to.include({ updated: 1, conflicts: 0 });
      expect(await crmContact(c.id)).to.include({ email: 'new@example.com', phoneWork: '+33 1 22 22 22 22' });
      const person = await googleOf(world, c.id);
      expect(person.emailAddresses?.map((e) => e.value)).to.include('new@example.com');
      expect(person.phoneNumbers?.map((p) => p.value)).to.include('+33 1 22 22 22 22');
    });

    it('deleted in Google and linked: unlinked, the CRM contact kept (default policy)', async () => {
      const c = await createContact(world, { lastname: 'Gone' });
      await push(world);
      await phoneDelete(world, await resourceOf(world, c.id));
      const run = await pull(world);
      expect(run.counts.deleted).to.equal(1);
      expect(await linkOf(world, c.id)).to.include({ state: 'unlinked', resourceName: null });
      expect(await crmContact(c.id)).to.include({ lastname: 'Gone' });
    });

    it('deleted in Google: the CRM contact deleted, or its sync flag turned off, per the policy', async () => {
      const deleted = await createContact(world, { lastname: 'Deleted Too' });
      const flagged = await createContact(world, { lastname: 'Flagged Off' });
      await push(world);
      try {
        await world.host.settings.set('google_delete_policy', 'delete');
        await phoneDelete(world, await resourceOf(world, deleted.id));
        await pull(world);
        expect(await crmContact(deleted.id)).to.equal(null);
        expect(await linkOf(world, deleted.id)).to.equal(null);
        await world.host.settings.set('google_delete_policy', 'flag_off');
        await phoneDelete(world, await resourceOf(world, flagged.id));
        await pull(world);
        expect(await crmContact(flagged.id)).to.include({ lastname: 'Flagged Off' });
        expect((await world.sync.context.stores.flags.get([flagged.id])).get(flagged.id)).to.equal(false);
      } finally {
        await world.host.settings.set('google_delete_policy', 'unlink');
      }
    });

    it('not linked, carries our clientData id: relinked (a lost link), never imported or created again', async () => {
      const c = await createContact(world, { lastname: 'Relinked', email: 'relinked@example.com' });
      await push(world);
      const resourceName = await resourceOf(world, c.id);
      await world.sync.context.stores.links.remove(world.account.id, [c.id]);
      await phoneEdit(world, resourceName, { note: 'touched' });
      const run = await pull(world);
      expect(run.counts.relinked).to.equal(1);
      expect(await linkOf(world, c.id)).to.include({ resourceName, state: 'linked' });
      expect((await crmContact(c.id))!.note).to.equal('touched');
      await push(world);
      expect((await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === 'Relinked')).to.have.length(1);
    });

    it('a copy of a linked contact carrying its id: reported as a duplicate, not merged', async () => {
      const c = await createContact(world, { lastname: 'Original' });
      await push(world);
      const original = await googleOf(world, c.id);
      await world.google.people.createContact({ requestBody: { names: [{ familyName: 'Copy' }], clientData: original.clientData } });
      const run = await pull(world);
      expect(run.counts.duplicate).to.equal(1);
      expect(await crmContact(c.id)).to.include({ lastname: 'Original' });
      expect(await linkOf(world, c.id)).to.include({ resourceName: original.resourceName });
    });

    it('carries our id of a contact deleted in the CRM: reported as an orphan, never imported back', async () => {
      const c = await createContact(world, { lastname: 'Orphan' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.sync.context.stores.links.remove(world.account.id, [c.id]);
      await world.crm.crm.contacts.remove(SYSTEM, c.id);
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      await phoneEdit(world, person.resourceName!, { note: 'still here' });
      const run = await pull(world);
      expect(run.counts.orphan).to.equal(1);
      expect(run.counts.created).to.equal(0);
    });

    it('not linked, in the container group: imported when auto-import is on, with our id written back', async () => {
      await world.host.settings.set('auto_import_container', true);
      try {
        const added = await phoneAdd(world, { givenName: 'Zoé', familyName: 'Phone', email: 'zoe@example.org', groups: [await containerOf(world)] });
        const run = await pull(world);
        expect(run.counts.created).to.equal(1);
        const contacts = await world.crm.crm.contacts.list(SYSTEM, { limit: 500 });
        const imported = contacts.items.filter((c) => c.lastname === 'Phone');
        expect(imported).to.have.length(1);
        expect(imported[0]).to.include({ firstname: 'Zoé', email: null, personalEmail: 'zoe@example.org' });
        const person = await googleOf(world, imported[0]!.id);
        expect(person.resourceName).to.equal(added.resourceName);
        expect(person.clientData?.find((d) => d.key === CLIENT_DATA_KEYS.contactId)?.value).to.equal(String(imported[0]!.id));
        // Pulled again, and pushed: nothing new, nothing doubled.
        await push(world);
        expect((await pull(world)).counts.created).to.equal(0);
        expect((await world.crm.crm.contacts.list(SYSTEM, { limit: 500 })).items.filter((c) => c.lastname === 'Phone')).to.have.length(1);
      } finally {
        await world.host.settings.set('auto_import_container', false);
      }
    });

    it('not linked, in the container group, auto-import off: an import candidate', async () => {
      const added = await phoneAdd(world, { givenName: 'Cand', familyName: 'Container', groups: [await containerOf(world)] });
      const run = await pull(world);
      expect(run.counts.candidate).to.equal(1);
      const list = await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 });
      expect(list.find((c) => c.resourceName === added.resourceName)).to.include({ inContainer: true, reason: 'new', displayName: 'Cand Container' });
    });

    it('not linked, elsewhere: an import candidate, dropped when deleted in Google', async () => {
      const added = await phoneAdd(world, { givenName: 'Else', familyName: 'Where' });
      await pull(world);
      const find = async () => (await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 })).find((c) => c.resourceName === added.resourceName);
      expect(await find()).to.include({ inContainer: false, reason: 'new' });
      await phoneDelete(world, added.resourceName!);
      await pull(world);
      expect(await find()).to.equal(undefined);
    });

    it('deleted in Google without a link: nothing', async () => {
      const added = await phoneAdd(world, { givenName: 'Never', familyName: 'Linked' });
      await pull(world);
      await phoneDelete(world, added.resourceName!);
      const run = await pull(world);
      expect(run.counts).to.include({ deleted: 0, errors: 0 });
    });
  });
}
