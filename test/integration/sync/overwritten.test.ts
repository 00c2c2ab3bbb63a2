/**
 * No edit silently lost: the value a conflict policy decided against is kept with both times, and "Restore"
 * brings it back on both sides (the tab's store API: overwritten.forContact, sync.restoreOverwritten).
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, push, syncWorld, updateContact } from './helpers';

for (const engine of testEngines()) {
  describe(`values a conflict policy overwrote are kept [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crmContact = (id: number) => world.crm.crm.contacts.get({ userId: null }, id);
    const overwritten = (id: number) => world.sync.context.stores.overwritten.forContact(id);
    const later = () => {
      world.advance(10_000);
      world.sandbox.control.advanceClock(10_000);
    };
    const setNote = async (contactId: number, value: string) => {
      const { resourceName, etag } = await googleOf(world, contactId);
      await world.google.people.updateContact({
        resourceName: resourceName!,
        updatePersonFields: 'biographies',
        requestBody: { etag, biographies: [{ value, contentType: 'TEXT_PLAIN' }] },
      });
    };

    it('newest wins: the older CRM edit loses to a later phone edit, and is kept with both times', async () => {
      const c = await createContact(world, { lastname: 'Lost', note: 'first' });
      await push(world);
      await updateContact(world, c.id, { note: 'CRM edit' });
      later();
      await setNote(c.id, 'phone edit');
      await push(world);
      expect((await crmContact(c.id))!.note).to.equal('phone edit');
      const [kept, ...more] = await overwritten(c.id);
      expect(more).to.have.length(0);
      expect(kept).to.include({ field: 'note', policy: 'newest', lostSide: 'crm', lost: 'CRM edit', kept: 'phone edit', restoredAt: null });
      expect(Date.parse(kept!.googleTime!)).to.be.greaterThan(Date.parse(kept!.crmTime!));

      await world.sync.restoreOverwritten(kept!.id, world.crm.adminId);
      await push(world);
      expect((await crmContact(c.id))!.note).to.equal('CRM edit');
      expect((await googleOf(world, c.id)).biographies?.[0]?.value).to.equal('CRM edit');
      expect((await overwritten(c.id))[0]!.restoredAt).to.be.a('string');
      let error: unknown;
      await world.sync.restoreOverwritten(kept!.id, world.crm.adminId).catch((e: unknown) => (error = e));
      expect(error).to.have.property('code', 'NOT_FOUND');
    });

    it("'CRM wins': the phone's value is kept", async () => {
      await world.host.settings.set('conflict_policy', 'crm');
      try {
        const c = await createContact(world, { lastname: 'Lost Too', note: 'first' });
        await push(world);
        await setNote(c.id, 'phone edit');
        await updateContact(world, c.id, { note: 'CRM edit' });
        await push(world);
        expect((await googleOf(world, c.id)).biographies?.[0]?.value).to.equal('CRM edit');
        expect(await overwritten(c.id)).to.have.length(1);
        expect((await overwritten(c.id))[0]).to.include({ field: 'note', policy: 'crm', lostSide: 'google', lost: 'phone edit', kept: 'CRM edit' });
      } finally {
        await world.host.settings.set('conflict_policy', 'newest');
      }
    });

    it('a field changed on one side only is no conflict: nothing kept', async () => {
      const c = await createContact(world, { lastname: 'Kept', note: 'first' });
      await push(world);
      await setNote(c.id, 'phone edit');
      await updateContact(world, c.id, { firstname: 'Only CRM' });
      await push(world);
      expect(await overwritten(c.id)).to.deep.equal([]);
    });
  });
}
