import { expect } from 'chai';
import type { FaultSpec } from '../../../src/sandbox/index';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { uniqueEmail } from '../../sandbox/helpers';
import { createContact, googleContacts, googleOf, linkOf, push, syncWorld, updateContact } from './helpers';

const HOUR = 3600_000;

for (const engine of testEngines()) {
  describe(`push under Google faults [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const inject = (spec: FaultSpec | FaultSpec[]) => world.sandbox.control.injectFaults(spec);
    const named = async (familyName: string) => (await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === familyName);
    afterEach(() => world.sandbox.control.clearFaults());

    for (const fault of ['error500', 'error503', 'error429', 'hang', 'drop'] as const) {
      it(`rides out a ${fault} on an update (retried in the same push)`, async () => {
        const c = await createContact(world, { lastname: `Retry ${fault}` });
        await push(world);
        await updateContact(world, c.id, { jobTitle: 'Retried' });
        inject({ route: 'people.batchUpdateContacts', fault, retryAfterSeconds: 0 });
        const run = await push(world);
        expect(run.status).to.equal('done');
        expect((await googleOf(world, c.id)).organizations?.[0]?.title).to.equal('Retried');
      });
    }

    it('exactly once: a create applied by Google whose answer is lost is recovered within the same push, never made twice', async () => {
      const c = await createContact(world, { lastname: 'Lost Answer' });
      inject({ route: 'people.batchCreateContacts', fault: 'lose-response' });
      const run = await push(world);
      expect(run.status).to.equal('done');
      expect(await named('Lost Answer')).to.have.length(1);
      expect(await linkOf(world, c.id)).to.include({ state: 'linked', resourceName: (await named('Lost Answer'))[0]!.resourceName });
      const log = await world.sync.context.stores.log.forContact(c.id, 10);
      expect(log.map((e) => e.action)).to.include('recovered');
    });

    it('exactly once across runs: a lost create followed by a second failure is recovered at the next push', async () => {
      const c = await createContact(world, { lastname: 'Lost Twice' });
      inject({ route: 'people.batchCreateContacts', fault: 'lose-response' });
      inject({ route: 'people.connections.list', fault: 'error500', count: 10 });
      const failed = await push(world);
      expect(failed.status).to.equal('failed');
      expect(await linkOf(world, c.id)).to.include({ state: 'pending_create' });
      world.sandbox.control.clearFaults();
      await updateContact(world, c.id, { jobTitle: 'Edited meanwhile' });
      world.advance(HOUR);
      expect((await push(world)).status).to.equal('done');
      expect(await named('Lost Twice')).to.have.length(1);
      expect((await named('Lost Twice'))[0]!.organizations?.[0]?.title).to.equal('Edited meanwhile');
      expect(await linkOf(world, c.id)).to.include({ state: 'linked' });
    });

    for (const fault of ['error500', 'hang', 'drop', 'lose-response'] as const) {
      it(`exactly once whatever happens to a create (${fault}): one Google contact in the end`, async () => {
        const c = await createContact(world, { lastname: `Once ${fault}` });
        inject({ route: 'people.batchCreateContacts', fault });
        await push(world);
        world.advance(HOUR);
        await world.sync.push({ trigger: 'test', waitForLease: true });
        expect(await named(`Once ${fault}`)).to.have.length(1);
        expect(await linkOf(world, c.id)).to.include({ state: 'linked' });
      });
    }

    it('a lost create of a contact that then left scope is recovered and ungrouped, not left pending', async () => {
      const c = await createContact(world, { lastname: 'Lost Then Off' });
      inject({ route: 'people.batchCreateContacts', fault: 'lose-response' });
      await push(world);
      await world.sync.setSyncFlag(c.id, false, null);
      world.advance(HOUR);
      expect((await push(world)).counts.ungrouped).to.equal(1);
      expect(await linkOf(world, c.id)).to.include({ state: 'linked' });
    });

    it('a lost create of a contact then made private is recovered and deleted, not left in Google', async () => {
      const c = await createContact(world, { lastname: 'Lost Then Private' });
      inject({ route: 'people.batchCreateContacts', fault: 'lose-response' });
      await push(world);
      await updateContact(world, c.id, { private: true });
      world.advance(HOUR);
      expect((await push(world)).counts.deleted).to.equal(1);
      expect(await linkOf(world, c.id)).to.equal(null);
      expect(await named('Lost Then Private')).to.have.length(0);
    });

    it('retries one transient failure of a create within the same push, after a short pause', async () => {
      await createContact(world, { lastname: 'Blip' });
      inject({ route: 'people.batchCreateContacts', fault: 'error503' });
      const run = await push(world);
      expect(run.status).to.equal('done');
      expect(run.counts.created).to.equal(1);
      expect(await named('Blip')).to.have.length(1);
    });

    it('a create that failed twice in one push waits for its backoff, then is sent once', async () => {
      const c = await createContact(world, { lastname: 'Refused' });
      inject({ route: 'people.batchCreateContacts', fault: 'error503', count: 2 });
      expect((await push(world)).status).to.equal('failed');
      const row = (await world.host.db('gcontacts_outbox').where({ contact_id: c.id, account_id: world.account.id }).first<{ attempts: unknown; last_error: unknown } | undefined>())!;
      expect(Number(row.attempts)).to.equal(2);
      expect(row.last_error).to.be.a('string');
      expect(await world.sync.push({ trigger: 'test' })).to.deep.equal([]);
      world.advance(HOUR);
      expect((await push(world)).counts.created).to.equal(1);
      expect(await named('Refused')).to.have.length(1);
    });

    it('marks an account whose authorisation Google refuses as "reconnect" and leaves it alone', async () => {
      const stores = world.sync.context.stores;
      const broken = await stores.accounts.connect({ email: uniqueEmail('revoked'), refreshToken: 'not-a-token', scope: { kind: 'all' } });
      await createContact(world, { lastname: 'For Everyone' });
      const results = await world.sync.push({ trigger: 'test', waitForLease: true });
      const run = results.find((r) => r.account.id === broken.id)!;
      expect(run.status).to.equal('failed');
      expect((await stores.accounts.get(broken.id))!.status).to.equal('reconnect');
      expect(results.find((r) => r.account.id === world.account.id)!.status).to.equal('done');
      await createContact(world, { lastname: 'Later' });
      expect((await world.sync.push({ trigger: 'test', waitForLease: true })).map((r) => r.account.id)).to.not.include(broken.id);
    });
  });
}
