/**
 * The two-way sync as people live it: a phone user edits a contact, the pull brings it to the CRM, and nothing
 * echoes back to Google; with two connected accounts, a change pulled from one reaches the other through the
 * push, and comes back to neither as a change.
 */
import { expect } from 'chai';
import { google } from 'googleapis';
import type { AccountScope } from '../../../src/core/scope';
import type { Account } from '../../../src/store/accounts';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { oauthClient, uniqueEmail } from '../../sandbox/helpers';
import { createContact, googleOf, push, syncWorld, writesOf, SYSTEM, type SyncWorld } from '../sync/helpers';
import { containerOf, phoneAdd, phoneEdit, pull, requestsOf, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: two-way round trips [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crm = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    /** Lets the triggers write the outbox rows of the pull's CRM writes. */
    const flushed = () => new Promise((resolve) => setTimeout(resolve, 150));

    it('a phone edit comes to the CRM and is not written back to Google (same etag, no write, no second change)', async () => {
      const c = await createContact(world, { lastname: 'Round', firstname: 'Trip', phoneMobile: '+33 6 00 00 00 01' });
      await push(world);
      await pull(world);
      const resourceName = await resourceOf(world, c.id);
      await phoneEdit(world, resourceName, { phone: '+33 6 99 99 99 99', note: 'new number' });
      const etag = (await googleOf(world, c.id)).etag;
      const writes = writesOf(world);
      const before = requestsOf(world);

      const run = await pull(world);
      expect(run.counts).to.include({ updated: 1, errors: 0 });
      expect(await crm(c.id)).to.include({ phoneMobile: '+33 6 99 99 99 99', note: 'new number' });
      expect(requestsOf(world) - before).to.equal(2); // one incremental page and the run's one group check; no write
      await flushed();
      await world.sync.push({ trigger: 'test', waitForLease: true }); // the CRM write's own outbox row: a no-op
      expect((await googleOf(world, c.id)).etag).to.equal(etag);
      expect(writesOf(world)).to.equal(writes);
      const again = await pull(world);
      expect(again.counts).to.include({ updated: 0, skipped: 0 });
    });

    it('two accounts: a change pulled from one reaches the other, and loops back to neither', async () => {
      const second = await connectSecond(world);
      const c = await createContact(world, { lastname: 'Shared', jobTitle: 'Clerk' });
      await world.sync.push({ trigger: 'test', waitForLease: true });
      await world.sync.pull({ trigger: 'test', waitForLease: true });
      const inSecond = await googleOf(second, c.id);

      await phoneEdit(world, await resourceOf(world, c.id), { title: 'Director' });
      const pulled = await world.sync.pull({ trigger: 'test', waitForLease: true });
      expect(pulled.map((r) => [r.account.email, r.counts.updated])).to.deep.equal([[world.account.email, 1], [second.account.email, 0]]);
      expect((await crm(c.id))!.jobTitle).to.equal('Director');
      await flushed();
      const writesFirst = writesOf(world);
      await world.sync.push({ trigger: 'test', waitForLease: true });
      expect((await googleOf(second, c.id)).organizations?.[0]?.title).to.equal('Director');
      expect((await googleOf(second, c.id)).etag).to.not.equal(inSecond.etag);
      expect(writesOf(world)).to.equal(writesFirst);
      const settled = await world.sync.pull({ trigger: 'test', waitForLease: true });
      for (const r of settled) expect(r.counts).to.include({ updated: 0, created: 0, errors: 0 });
    });

    it("a sales rep's account does not auto-import: the new person would be outside its scope, so it waits on the Import page", async () => {
      const rep = await world.crm.crm.users.create({ login: 'pull.rep', password: 'secret-password' });
      const repWorld = await connectSecond(world, { kind: 'salesrep', userId: rep.id });
      const company = await world.crm.crm.thirdParties.create({ name: 'Rep Co' });
      await world.crm.crm.thirdParties.setSalesReps(company.id, [rep.id]);
      await createContact(world, { lastname: 'Of The Rep', thirdPartyId: company.id });
      await world.sync.push({ trigger: 'test', waitForLease: true });
      await world.host.settings.set('auto_import_container', true);
      try {
        const added = await phoneAdd(repWorld, { givenName: 'Rep', familyName: 'Phone Friend', groups: [await containerOf(repWorld)] });
        const [run] = await world.sync.pull({ trigger: 'test', accountEmail: repWorld.account.email });
        expect(run!.counts).to.include({ created: 0, candidate: 1 });
        const candidates = await world.sync.context.stores.candidates.list(repWorld.account.id, { limit: 10 });
        expect(candidates.map((c) => [c.resourceName, c.inContainer])).to.deep.include([added.resourceName, true]);
      } finally {
        await world.host.settings.set('auto_import_container', false);
      }
    });

    it('--account pulls one account only', async () => {
      const results = await world.sync.pull({ trigger: 'test', accountEmail: world.account.email });
      expect(results.map((r) => r.account.email)).to.deep.equal([world.account.email]);
    });
  });
}

/** A second Google account connected to the same CRM, with a People client of its own (as its phone). */
async function connectSecond(world: SyncWorld, scope: AccountScope = { kind: 'all' }): Promise<SyncWorld> {
  const email = uniqueEmail('second');
  const connected = await world.sync.connect({ email, scope });
  if (connected.kind !== 'connected') throw new Error('the sandbox connect should not need a browser');
  const tokens = world.sandbox.control.createAccount(email);
  const auth = oauthClient(world.sandbox);
  auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
  const account: Account = connected.account;
  return { ...world, account, google: google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false }) };
}
