/**
 * First link of existing data: an account whose Google contacts already hold many of the CRM's people. The first
 * pull links them — our clientData id, then a work or home email (any case), then phone and name — and reports what it cannot
 * place, never guessing; the push that follows then updates them instead of creating a second copy.
 */
import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, linkOf, push, syncWorld, SYSTEM, updateContact } from '../sync/helpers';
import { pull } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: first link of existing contacts [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const add = async (person: people_v1.Schema$Person) => (await world.google.people.createContact({ requestBody: person, personFields: 'names' })).data.resourceName!;

    it('links by email and by phone + name, reports shared emails, ambiguous and duplicate people, and pushes no copies', async () => {
      const ann = await createContact(world, { lastname: 'Email', firstname: 'Ann', email: 'ann@acme.example' });
      const bob = await createContact(world, { lastname: 'Martin', firstname: 'Bob', phoneMobile: '+33 6 11 22 33 44' });
      const shared1 = await createContact(world, { lastname: 'Shared One', email: 'desk@acme.example' });
      const shared2 = await createContact(world, { lastname: 'Shared Two', personalEmail: 'desk@acme.example' });
      const twin1 = await createContact(world, { lastname: 'Twin', firstname: 'Dan', phoneWork: '+33 1 44 44 44 44' });
      const twin2 = await createContact(world, { lastname: 'Twin', firstname: 'Dan', phoneMobile: '+33 1 44 44 44 44' });
      const secret = await createContact(world, { lastname: 'Private', email: 'secret@acme.example', private: true });
      const fred = await createContact(world, { lastname: 'Fred', email: 'fred@acme.example' });
      await world.sync.context.stores.outbox.removeAll(world.account.id);
      // The Google contacts are made a minute later, on both clocks: Ann's first name differs on the two sides and
      // "newest wins" must see Google's as the newer. Milliseconds apart, the order is below what Google's Date
      // headers (1-s resolution) let the module tell, and it rightly takes them as equal (the CRM keeps 'Ann').
      world.advance(60_000);
      world.sandbox.control.advanceClock(60_000);

      const pAnn = await add({ names: [{ givenName: 'Annie' }], emailAddresses: [{ value: 'ANN@Acme.example', type: 'home' }] });
      const pBob = await add({ names: [{ givenName: 'Bob', familyName: 'Martin' }], phoneNumbers: [{ value: '06 11 22 33 44', type: 'mobile' }] });
      const pDesk = await add({ names: [{ familyName: 'Front desk' }], emailAddresses: [{ value: 'desk@acme.example', type: 'work' }] });
      const pTwin = await add({ names: [{ givenName: 'Dan', familyName: 'Twin' }], phoneNumbers: [{ value: '01 44 44 44 44', type: 'work' }] });
      const pSecret = await add({ names: [{ familyName: 'Secret' }], emailAddresses: [{ value: 'secret@acme.example', type: 'work' }] });
      const pFred1 = await add({ names: [{ familyName: 'Fred' }], emailAddresses: [{ value: 'fred@acme.example', type: 'work' }] });
      const pFred2 = await add({ names: [{ familyName: 'Fred (copy)' }], emailAddresses: [{ value: 'fred@acme.example', type: 'home' }] });
      const pNew = await add({ names: [{ givenName: 'Nobody', familyName: 'Known' }] });

      const run = await pull(world);
      expect(run.status).to.equal('done');
      expect(run.counts).to.include({ linked: 4, ambiguous: 1, duplicate: 1, candidate: 2, created: 0, errors: 0 });
      expect(await linkOf(world, ann.id)).to.include({ resourceName: pAnn });
      expect(await linkOf(world, bob.id)).to.include({ resourceName: pBob });
      expect(await linkOf(world, shared1.id)).to.include({ resourceName: pDesk });
      expect(await linkOf(world, shared2.id)).to.equal(null);
      expect(await linkOf(world, twin1.id)).to.equal(null);
      expect(await linkOf(world, twin2.id)).to.equal(null);
      expect(await linkOf(world, secret.id)).to.equal(null);
      expect([pFred1, pFred2]).to.include((await linkOf(world, fred.id))!.resourceName);
      const log = await world.sync.context.stores.log.forContact(shared1.id, 5);
      expect(log.find((e) => e.action === 'linked')?.detail).to.deep.include({ by: 'email', sharingEmail: [shared2.id] });

      const candidates = await world.sync.context.stores.candidates.list(world.account.id, { limit: 100 });
      expect(candidates.find((c) => c.resourceName === pTwin)).to.deep.include({ reason: 'ambiguous', contactIds: [twin1.id, twin2.id] });
      expect(candidates.find((c) => c.resourceName === pSecret)).to.include({ reason: 'new' });
      expect(candidates.find((c) => c.resourceName === pNew)).to.include({ reason: 'new', displayName: 'Nobody Known' });

      // A field filled on one side only fills the other: Ann's Google home email comes to the CRM; the first names differ, and the newest (Google's) wins.
      expect(await world.crm.crm.contacts.get(SYSTEM, ann.id)).to.include({ firstname: 'Annie', email: 'ann@acme.example', personalEmail: 'ANN@Acme.example' });

      const before = (await googleContacts(world)).length;
      await world.sync.exportAll({ trigger: 'test', waitForLease: true });
      // Exported: the unlinked in-scope contacts (shared2, twin1, twin2) — never a copy of a linked one.
      expect((await googleContacts(world)).length).to.equal(before + 3);
      expect((await googleContacts(world)).filter((p) => p.emailAddresses?.some((e) => e.value?.toLowerCase() === 'ann@acme.example'))).to.have.length(1);
      const again = await pull(world, { full: true });
      expect(again.counts).to.include({ created: 0, errors: 0, updated: 0 });
      expect(again.counts.linked).to.equal(undefined);
    });
  });

  describe(`Export all on a newly connected account [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);

    it('links the Google contacts the account already has before creating anything: no copies', async () => {
      const ann = await createContact(world, { lastname: 'Early', firstname: 'Ann', email: 'ann@early.example' });
      const { data: existing } = await world.google.people.createContact({
        requestBody: { names: [{ givenName: 'Ann', familyName: 'Early' }], emailAddresses: [{ value: 'ann@early.example', type: 'work' }] },
      });
      // The admin connects the account and runs Export all straight away, before any pull.
      const run = (await world.sync.exportAll({ trigger: 'test', waitForLease: true })).find((r) => r.account.id === world.account.id)!;
      expect(run.status).to.equal('done');
      const anns = (await googleContacts(world)).filter((p) => p.emailAddresses?.some((e) => e.value === 'ann@early.example'));
      expect(anns.map((p) => p.resourceName)).to.deep.equal([existing.resourceName]);
      expect(await linkOf(world, ann.id)).to.include({ resourceName: existing.resourceName, state: 'linked' });
    });

    it('does the same for the first push after connecting (the every-minute job), before any pull', async () => {
      const bob = await createContact(world, { lastname: 'Prompt', firstname: 'Bob', email: 'bob@prompt.example' });
      const { data: existing } = await world.google.people.createContact({
        requestBody: { names: [{ givenName: 'Bob', familyName: 'Prompt' }], emailAddresses: [{ value: 'bob@prompt.example', type: 'work' }] },
      });
      await world.sync.context.stores.accounts.setSyncToken(world.account.id, null);
      await updateContact(world, bob.id, { jobTitle: 'Buyer' });
      await push(world);
      const bobs = (await googleContacts(world)).filter((p) => p.emailAddresses?.some((e) => e.value === 'bob@prompt.example'));
      expect(bobs.map((p) => p.resourceName)).to.deep.equal([existing.resourceName]);
      expect(bobs[0]!.organizations?.[0]?.title).to.equal('Buyer');
      expect(await linkOf(world, bob.id)).to.include({ resourceName: existing.resourceName, state: 'linked' });
    });
  });
}

