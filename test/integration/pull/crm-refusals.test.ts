/**
 * Values Google holds that the CRM cannot take (a birthday without a year, a phone number or a note the CRM's
 * rules refuse): the pull must neither lose them in Google later nor let them hold up the other fields.
 */
import { expect } from 'chai';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, syncWorld, updateContact, SYSTEM } from '../sync/helpers';
import { containerOf, phoneAdd, phoneEdit, pull, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: values the CRM cannot take [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crmContact = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    before(async () => {
      await createContact(world, { lastname: 'Seed' });
      await push(world);
      await pull(world);
    });

    it('a birthday without a year set on the phone stays in Google through later CRM edits and reconciles', async () => {
      const c = await createContact(world, { lastname: 'Yearless', jobTitle: 'Clerk' });
      await push(world);
      const resourceName = await resourceOf(world, c.id);
      const { data: person } = await world.google.people.get({ resourceName, personFields: 'birthdays' });
      await world.google.people.updateContact({
        resourceName,
        updatePersonFields: 'birthdays',
        requestBody: { etag: person.etag, birthdays: [{ date: { month: 5, day: 12 } }] },
      });
      await pull(world);
      expect((await crmContact(c.id))!.birthday).to.equal(null);
      // The daily reconcile, then a CRM edit of another field: Google keeps the phone user's birthday.
      await pull(world, { full: true });
      await updateContact(world, c.id, { jobTitle: 'Manager' });
      await push(world);
      await pull(world, { full: true });
      const after = await googleOf(world, c.id);
      expect(after.organizations?.[0]?.title).to.equal('Manager');
      expect(after.birthdays?.[0]?.date).to.deep.include({ month: 5, day: 12 });
    });

    it('a value the CRM refuses does not hold up the phone user\'s other edits', async () => {
      const c = await createContact(world, { lastname: 'Refused', email: 'old@example.com', note: 'short' });
      await push(world);
      await phoneEdit(world, await resourceOf(world, c.id), { email: 'new@example.com', note: 'x'.repeat(10_001) });
      const run = await pull(world);
      const after = (await crmContact(c.id))!;
      expect(after.email).to.equal('new@example.com');
      expect(after.note).to.equal('short');
      expect(run.counts.updated).to.equal(1);
      // Google keeps its long note through a CRM edit of another field, and nothing is left failing.
      await updateContact(world, c.id, { jobTitle: 'Buyer' });
      const pushed = await push(world);
      expect(pushed.status).to.equal('done');
      expect(await world.sync.context.stores.outbox.count(world.account.id)).to.equal(0);
      const person = await googleOf(world, c.id);
      expect(person.biographies?.[0]?.value).to.have.length(10_001);
      expect(person.organizations?.[0]?.title).to.equal('Buyer');
    });

    it('a container newcomer the CRM refuses to create is left as a candidate, and the pull goes on', async () => {
      await world.host.settings.set('auto_import_container', true);
      try {
        const container = await containerOf(world);
        const refused = await phoneAdd(world, { givenName: 'Long', familyName: 'Note', note: 'y'.repeat(10_001), groups: [container] });
        await phoneAdd(world, { givenName: 'Fine', familyName: 'Newcomer', groups: [container] });
        const run = await pull(world);
        expect(run.status).to.equal('done');
        const contacts = (await world.crm.crm.contacts.list(SYSTEM, { limit: 500 })).items;
        expect(contacts.filter((c) => c.lastname === 'Newcomer')).to.have.length(1);
        expect(contacts.filter((c) => c.lastname === 'Note')).to.have.length(0);
        const candidates = await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 });
        expect(candidates.find((c) => c.resourceName === refused.resourceName)).to.include({ inContainer: true, reason: 'new' });
        expect((await pull(world)).status).to.equal('done');
      } finally {
        await world.host.settings.set('auto_import_container', false);
      }
    });

    it('a Google contact with a note longer than a TEXT column holds does not stop the pull (MySQL)', async () => {
      const { data: added } = await world.google.people.createContact({
        requestBody: { names: [{ givenName: 'Huge', familyName: 'Notes' }], biographies: [{ value: 'z'.repeat(70_000), contentType: 'TEXT_PLAIN' }] },
      });
      const run = await pull(world);
      expect(run.status).to.equal('done');
      const candidates = await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 });
      expect(candidates.find((c) => c.resourceName === added.resourceName)).to.include({ reason: 'new', displayName: 'Huge Notes' });
    });

    it('a conflict on a note longer than a TEXT column holds is kept for a person to settle (MySQL)', async () => {
      const c = await createContact(world, { lastname: 'Long Conflict', note: 'base' });
      await push(world);
      await world.host.settings.set('conflict_policy', 'ask');
      try {
        await phoneEdit(world, await resourceOf(world, c.id), { note: 'w'.repeat(70_000) });
        await updateContact(world, c.id, { note: 'crm side' });
        await world.sync.context.stores.outbox.removeAll(world.account.id);
        await new Promise((resolve) => setTimeout(resolve, 150)); // the triggers' flush
        await world.sync.context.stores.outbox.removeAll(world.account.id);
        const run = await pull(world);
        expect(run.status).to.equal('done');
        const open = await world.sync.context.stores.conflicts.unresolved(c.id);
        expect(open.map((x) => x.field)).to.deep.equal(['note']);
        expect(open[0]!.google).to.have.length(70_000);
      } finally {
        await world.host.settings.set('conflict_policy', 'newest');
      }
    });

    it('a container newcomer who is a CRM contact kept out of Google (sync flag off, private) is not imported a second time', async () => {
      await world.host.settings.set('auto_import_container', true);
      try {
        const off = await createContact(world, { lastname: 'Flagged', email: 'flagged@crm.example' });
        await world.sync.setSyncFlag(off.id, false, null);
        const secret = await createContact(world, { lastname: 'Secret', phoneMobile: '+33 6 99 88 77 66', firstname: 'Sam', private: true });
        await push(world);
        const container = await containerOf(world);
        const a = await phoneAdd(world, { givenName: 'F', familyName: 'Flagged', email: 'flagged@crm.example', groups: [container] });
        const b = await phoneAdd(world, { givenName: 'Sam', familyName: 'Secret', phone: '06 99 88 77 66', groups: [container] });
        const run = await pull(world);
        expect(run.status).to.equal('done');
        const contacts = (await world.crm.crm.contacts.list(SYSTEM, { limit: 1000, includePrivate: true })).items;
        expect(contacts.filter((c) => c.lastname === 'Flagged').map((c) => c.id)).to.deep.equal([off.id]);
        expect(contacts.filter((c) => c.lastname === 'Secret').map((c) => c.id)).to.deep.equal([secret.id]);
        const candidates = await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 });
        expect(candidates.filter((c) => c.resourceName === a.resourceName || c.resourceName === b.resourceName)).to.have.length(2);
        expect(await linkOf(world, off.id)).to.equal(null);
      } finally {
        await world.host.settings.set('auto_import_container', false);
      }
    });

    it('a person carrying a foreign or overlong uid in clientData is linked with a uid of our own (MySQL: varchar 64)', async () => {
      const c = await createContact(world, { lastname: 'Foreign', email: 'foreign@crm.example' });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      const { data: person } = await world.google.people.createContact({
        requestBody: {
          names: [{ familyName: 'Foreign' }],
          emailAddresses: [{ value: 'foreign@crm.example', type: 'work' }],
          clientData: [{ key: CLIENT_DATA_KEYS.instance, value: 'another-crm' }, { key: CLIENT_DATA_KEYS.uid, value: 'u'.repeat(100) }],
        },
      });
      const run = await pull(world);
      expect(run.status).to.equal('done');
      const link = await linkOf(world, c.id);
      expect(link).to.include({ resourceName: person.resourceName, state: 'linked' });
      expect(link!.clientUid).to.not.equal('u'.repeat(100));
    });
  });
}
