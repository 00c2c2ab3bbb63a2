/**
 * "Newest wins" compares times on one clock: Google's update times are read on the CRM's clock, corrected by the
 * offset the gateway estimates from Google's Date headers. Here the sandbox's clock runs 8 days ahead of the
 * CRM's (found by the model test, seed 3: a CRM edit made after a phone edit lost to it).
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, push, syncWorld, updateContact } from './helpers';

const DAY = 24 * 3600_000;

for (const engine of testEngines()) {
  describe(`newest wins on one clock [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crmContact = (id: number) => world.crm.crm.contacts.get({ userId: null }, id);
    /** Ten seconds pass, on both clocks. */
    const later = () => {
      world.advance(10_000);
      world.sandbox.control.advanceClock(10_000);
    };
    const setNote = async (resourceName: string, value: string) => {
      const { data } = await world.google.people.get({ resourceName, personFields: 'biographies' });
      await world.google.people.updateContact({
        resourceName,
        updatePersonFields: 'biographies',
        requestBody: { etag: data.etag, biographies: [{ value, contentType: 'TEXT_PLAIN' }] },
      });
    };

    it("a CRM edit made after a phone edit wins, though Google's clock is 8 days ahead of the CRM's", async () => {
      const c = await createContact(world, { lastname: 'Skewed', note: 'first' });
      await push(world);
      world.sandbox.control.advanceClock(8 * DAY);
      await setNote((await googleOf(world, c.id)).resourceName!, 'from the phone');
      later();
      await updateContact(world, c.id, { note: 'from the CRM, later' });
      await push(world);
      expect((await crmContact(c.id))!.note).to.equal('from the CRM, later');
      expect((await googleOf(world, c.id)).biographies?.[0]?.value).to.equal('from the CRM, later');
    });

    it("per field on the CRM's side: a later CRM edit of another field does not carry an older CRM edit past a phone edit", async () => {
      const c = await createContact(world, { lastname: 'Per Field', note: 'first' });
      await push(world);
      await updateContact(world, c.id, { note: 'CRM note, first' });
      later();
      await setNote((await googleOf(world, c.id)).resourceName!, 'phone note, later');
      later();
      await updateContact(world, c.id, { firstname: 'Edited Later' });
      await push(world);
      expect(await crmContact(c.id)).to.include({ note: 'phone note, later', firstname: 'Edited Later' });
      expect((await googleOf(world, c.id)).biographies?.[0]?.value).to.equal('phone note, later');
    });

    it('and a phone edit made after a CRM edit still wins', async () => {
      const c = await createContact(world, { lastname: 'Skewed Too', note: 'first' });
      await push(world);
      world.sandbox.control.advanceClock(8 * DAY);
      await updateContact(world, c.id, { note: 'from the CRM' });
      later();
      await setNote((await googleOf(world, c.id)).resourceName!, 'from the phone, later');
      await push(world);
      expect((await crmContact(c.id))!.note).to.equal('from the phone, later');
    });
  });
}
