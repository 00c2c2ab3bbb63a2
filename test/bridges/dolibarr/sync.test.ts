/**
 * The module on the Dolibarr bridge, against the fake Dolibarr and the Google sandbox: what the checks
 * expect of a real Dolibarr 23 with the webhook registered as printed.
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { googleContacts, googleOf, groupNames, linkOf, push, writesOf } from '../../integration/sync/helpers';
import { phoneEdit, pull } from '../../integration/pull/helpers';
import { bridgeWorld } from './world';

for (const engine of testEngines()) {
  describe(`Dolibarr bridge: the module against a (fake) Dolibarr [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = bridgeWorld(engine);
    const settle = () => world.bridge.inbox.idle();

    it('pushes a contact created in Dolibarr by its webhook, with its third party', async () => {
      const id = Number(await world.as('marie').post('/contacts', { firstname: 'Anaïs', lastname: 'Via-Web', socid: 1, phone_mobile: '+49 170 1234567', email: 'anais@acme.example' }));
      await settle();
      const run = await push(world.sync_);
      expect(run.counts.created).to.equal(1);
      const person = await googleOf(world.sync_, id);
      expect(person.names?.[0]).to.include({ givenName: 'Anaïs', familyName: 'Via-Web' });
      expect(person.organizations?.[0]?.name).to.equal('Acme GmbH');
      expect(person.phoneNumbers?.map((p) => p.value)).to.include('+49 170 1234567');
    });

    it('a Dolibarr edit makes one Google write and no write back to Dolibarr', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Once', socid: 4 }));
      await settle();
      await push(world.sync_);
      const writes = writesOf(world.sync_);
      await world.as('admin').put(`/contacts/${id}`, { poste: 'Buyer' });
      const puts = world.dolibarr.control.requests.PUT ?? 0;
      await settle();
      expect((await push(world.sync_)).counts.updated).to.equal(1);
      await pull(world.sync_);
      await world.sync.push({ trigger: 'test', waitForLease: true });
      expect(writesOf(world.sync_) - writes).to.equal(1);
      expect((world.dolibarr.control.requests.PUT ?? 0) - puts).to.equal(0);
      expect((await googleOf(world.sync_, id)).organizations?.[0]?.title).to.equal('Buyer');
    });

    it('pulls a phone edit back into Dolibarr with a PUT, and its webhook echo writes nothing to Google', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Phoned', socid: 4, phone_mobile: '+33 6 11 11 11 11' }));
      await settle();
      await push(world.sync_);
      const person = await googleOf(world.sync_, id);
      await phoneEdit(world.sync_, person.resourceName!, { phone: '+33 6 22 22 22 22' });
      const puts = world.dolibarr.control.requests.PUT ?? 0;
      await pull(world.sync_);
      expect((world.dolibarr.control.requests.PUT ?? 0) - puts).to.equal(1);
      expect(world.dolibarr.control.contacts.get(id)!.object.phone_mobile).to.equal('+33 6 22 22 22 22');
      await settle();
      const writes = writesOf(world.sync_);
      await push(world.sync_);
      expect(writesOf(world.sync_)).to.equal(writes);
    });

    it('heals a lost webhook: the module\'s change cursor reads the feed on t.tms at the next push', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Lost', socid: 4 }));
      await settle();
      await push(world.sync_);
      world.dolibarr.control.lose = () => true;
      try {
        await world.as('admin').put(`/contacts/${id}`, { phone_pro: '+49 30 7777777' });
        await settle();
        expect((await world.bridge.mirror.known(id))?.phoneWork).to.equal(null);
        expect(await world.bridge.poller.catchUp()).to.be.greaterThan(0);
        expect((await world.bridge.mirror.known(id))?.phoneWork).to.equal('+49 30 7777777');
      } finally {
        world.dolibarr.control.lose = () => false;
      }
      expect((await push(world.sync_)).counts.updated).to.equal(1);
      expect((await googleOf(world.sync_, id)).phoneNumbers?.map((p) => p.value)).to.include('+49 30 7777777');
    });

    it('finds a deletion whose webhook was lost with the id reconciliation', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Vanished', socid: 4 }));
      await settle();
      await push(world.sync_);
      const name = (await googleOf(world.sync_, id)).resourceName;
      world.dolibarr.control.lose = () => true;
      try {
        await world.as('admin').delete(`/contacts/${id}`);
      } finally {
        world.dolibarr.control.lose = () => false;
      }
      expect((await world.bridge.poller.reconcile()).deleted).to.equal(1);
      expect((await push(world.sync_)).counts.deleted).to.equal(1);
      expect((await googleContacts(world.sync_)).map((p) => p.resourceName)).to.not.include(name);
    });

    it('never sends a private contact to Google, though the API ignores priv, and takes one made private out of the CRM group', async () => {
      const secret = Number(await world.as('marie').post('/contacts', { lastname: 'Privée', socid: 3, priv: 1, caller: 'someone' }));
      const shared = Number(await world.as('marie').post('/contacts', { lastname: 'Bientôt-Privée', socid: 3 }));
      await settle();
      await push(world.sync_);
      expect(await linkOf(world.sync_, secret)).to.equal(null);
      const name = (await googleOf(world.sync_, shared)).resourceName;
      await world.as('marie').put(`/contacts/${shared}`, { priv: 1 });
      await settle();
      expect((await world.bridge.mirror.known(shared))?.private).to.equal(true);
      await push(world.sync_);
      // Out of the CRM's group (ungrouped, or deleted once "private means private" lands in the module).
      const left = (await googleContacts(world.sync_)).find((p) => p.resourceName === name);
      expect(left ? await groupNames(world.sync_, left) : []).to.not.include('CRM');
      expect((await googleContacts(world.sync_)).map((p) => p.names?.[0]?.familyName)).to.not.include('Privée');
    });

    it('re-sends a third party’s contacts after COMPANY_MODIFY, with the phone as Dolibarr stores it, once', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Of-Ørsted', socid: 5 }));
      await settle();
      await push(world.sync_);
      await world.as('admin').put('/thirdparties/5', { phone: '+45 33 12 34 56' });
      await settle();
      expect((await push(world.sync_)).counts.updated).to.be.greaterThan(0);
      expect((await googleOf(world.sync_, id)).phoneNumbers?.map((p) => p.value)).to.include('+4533123456');
      await world.as('admin').put('/thirdparties/5', { phone: '+45 33 12 34 56' }); // the same again: no churn
      await settle();
      const writes = writesOf(world.sync_);
      await world.sync.push({ trigger: 'test', waitForLease: true });
      expect(writesOf(world.sync_)).to.equal(writes);
    });

    it('groups a third party’s contacts under a sales rep linked in Dolibarr (the representatives route is a 404)', async () => {
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'Of-Initech', socid: 4 }));
      await settle();
      await push(world.sync_);
      await world.as('admin').post('/thirdparties/4/representative/2');
      await settle();
      expect(await world.host.contacts.thirdPartiesOfSalesRep(2)).to.include(4);
      await push(world.sync_);
      expect(await groupNames(world.sync_, await googleOf(world.sync_, id))).to.include('CRM/marie');
      await world.as('admin').delete('/thirdparties/4/representative/2');
      await settle();
      await push(world.sync_);
      expect(await groupNames(world.sync_, await googleOf(world.sync_, id))).to.not.include('CRM/marie');
    });

    it('drops a phantom CONTACT_CREATE whose write a failing blocking target rolled back', async () => {
      const before = await world.bridge.mirror.knownIds();
      world.dolibarr.control.blocking = true;
      const url = world.dolibarr.control.webhookUrl;
      world.dolibarr.control.webhookUrl = `${url}-wrong`;
      try {
        await world.as('admin').post('/contacts', { lastname: 'Phantom' }).then(
          () => expect.fail('the write should fail'),
          () => undefined,
        );
      } finally {
        world.dolibarr.control.blocking = false;
        world.dolibarr.control.webhookUrl = url;
      }
      await settle();
      expect(await world.bridge.mirror.knownIds()).to.deep.equal(before);
    });

    it('makes no duplicate after a restart of the sidecar', async () => {
      const count = (await googleContacts(world.sync_)).length;
      await world.restart();
      const id = Number(await world.as('admin').post('/contacts', { lastname: 'After-Restart', socid: 4 }));
      await settle();
      const run = await push(world.sync_);
      expect(run.counts.created).to.equal(1);
      await pull(world.sync_);
      expect((await googleContacts(world.sync_)).length).to.equal(count + 1);
      expect(await linkOf(world.sync_, id)).to.not.equal(null);
    });

    if (engine.name === 'mysql') {
      it("keeps every table, the module's and the bridge's, under Dolibarr's llx_gcontacts_ prefix", async () => {
        const [rows] = (await world.bridge.db.raw('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')) as [{ name: string }[]];
        const names = rows.map((r) => r.name);
        expect(names).to.include.members(['llx_gcontacts_link', 'llx_gcontacts_outbox', 'llx_gcontacts_migrations', 'llx_gcontacts_bridge_contacts']);
        expect(names.filter((n) => !n.startsWith('llx_gcontacts_'))).to.deep.equal([]);
      });
    }
  });
}
