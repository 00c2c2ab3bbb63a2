import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, googleOf, groupNames, linkOf, push, syncWorld, updateContact } from './helpers';

for (const engine of testEngines()) {
  describe(`push scope rules [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const setting = (key: string, value: string | boolean) => world.host.settings.set(key, value);

    it('never sends a private contact', async () => {
      const c = await createContact(world, { lastname: 'Secret', private: true });
      const run = await push(world);
      expect(run.counts.skipped).to.equal(1);
      expect(await linkOf(world, c.id)).to.equal(null);
      expect((await googleContacts(world)).flatMap((p) => p.names?.map((n) => n.familyName))).to.not.include('Secret');
    });

    it('ungroups a contact whose sync flag goes off (default), keeping it in Google under My Contacts only', async () => {
      const c = await createContact(world, { lastname: 'Turned' });
      await push(world);
      await world.sync.setSyncFlag(c.id, false, null);
      const run = await push(world);
      expect(run.counts.ungrouped).to.equal(1);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['myContacts']);
    });

    it('creates a contact made private and then shared again anew, in its groups', async () => {
      const c = await createContact(world, { lastname: 'Back' });
      await push(world);
      await updateContact(world, c.id, { private: true });
      await push(world);
      expect(await linkOf(world, c.id)).to.equal(null);
      await updateContact(world, c.id, { private: false });
      await push(world);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', 'myContacts']);
    });

    it("keeps a phone user's own group when ungrouping", async () => {
      const c = await createContact(world, { lastname: 'Family' });
      await push(world);
      const { data: family } = await world.google.contactGroups.create({ requestBody: { contactGroup: { name: 'Family' } } });
      const person = await googleOf(world, c.id);
      await world.google.contactGroups.members.modify({ resourceName: family.resourceName!, requestBody: { resourceNamesToAdd: [person.resourceName!] } });
      await world.sync.setSyncFlag(c.id, false, null);
      await push(world);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['Family']);
    });

    it('deletes a contact leaving scope when the setting says delete', async () => {
      await setting('out_of_scope_action', 'delete');
      try {
        const c = await createContact(world, { lastname: 'Leaving' });
        await push(world);
        const name = (await googleOf(world, c.id)).resourceName;
        await updateContact(world, c.id, { status: 0 });
        const run = await push(world);
        expect(run.counts.deleted).to.equal(1);
        expect((await googleContacts(world)).map((p) => p.resourceName)).to.not.include(name);
      } finally {
        await setting('out_of_scope_action', 'ungroup');
      }
    });

    it('follows the sync flag: off ungroups, on pushes again; the default applies to contacts never set', async () => {
      const c = await createContact(world, { lastname: 'Flagged' });
      await push(world);
      await world.sync.setSyncFlag(c.id, false, null);
      expect((await push(world)).counts.ungrouped).to.equal(1);
      await world.sync.setSyncFlag(c.id, true, null);
      await push(world);
      expect(await groupNames(world, await googleOf(world, c.id))).to.deep.equal(['CRM', 'myContacts']);
      await setting('default_sync_flag', false);
      try {
        const d = await createContact(world, { lastname: 'Unflagged' });
        await push(world);
        expect(await linkOf(world, d.id)).to.equal(null);
      } finally {
        await setting('default_sync_flag', true);
      }
    });

    it('only ungroups and unlinks on a CRM delete when the setting says ungroup', async () => {
      await setting('crm_delete_action', 'ungroup');
      try {
        const c = await createContact(world, { lastname: 'Kept' });
        await push(world);
        const person = await googleOf(world, c.id);
        await world.crm.crm.contacts.remove({ userId: null }, c.id);
        expect((await push(world)).counts.ungrouped).to.equal(1);
        expect(await linkOf(world, c.id)).to.equal(null);
        const { data } = await world.google.people.get({ resourceName: person.resourceName!, personFields: 'names,memberships' });
        expect(data.names?.[0]?.familyName).to.equal('Kept');
        expect(await groupNames(world, data)).to.deep.equal(['myContacts']);
      } finally {
        await setting('crm_delete_action', 'delete');
      }
    });
  });
}
