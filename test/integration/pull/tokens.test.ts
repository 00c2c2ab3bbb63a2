/**
 * Sync tokens over time: the first pull is a full one, later ones incremental; a token older than 7 days turns the
 * pull into a full one that re-matches without duplicates; writes not yet visible through the token are waited
 * for, not read after writing; a pull that dies on page 2 goes on from there, losing and doubling nothing.
 */
import { expect } from 'chai';
import { GContactsError } from '../../../src/errors';
import type { PeopleGateway } from '../../../src/google/gateway';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, linkOf, push, syncWorld, updateContact, writesOf, SYSTEM } from '../sync/helpers';
import { containerOf, phoneAdd, phoneDelete, phoneEdit, pull, resourceOf } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

for (const engine of testEngines()) {
  describe(`pull: sync tokens, propagation, resuming [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crm = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    const crmCount = async () => (await world.crm.crm.contacts.list(SYSTEM, { limit: 500 })).items.length;
    let listCalls = 0;
    /** Pages of 5 (the pull's multi-page paths without thousands of contacts); `failAt` fails that listing call. */
    const smallPages = (failAt?: number) => {
      listCalls = 0;
      world.wrap.gateway = (gateway: PeopleGateway) =>
        Object.assign(Object.create(gateway) as PeopleGateway, {
          listConnections: async (options: Parameters<PeopleGateway['listConnections']>[0]) => {
            listCalls++;
            if (listCalls === failAt) world.sandbox.control.injectFaults({ route: 'people.connections.list', fault: 'error503', count: 50 });
            try {
              return await gateway.listConnections({ ...options, pageSize: 5 });
            } finally {
              world.sandbox.control.clearFaults();
            }
          },
        });
    };
    afterEach(() => {
      world.wrap.gateway = null;
      world.sandbox.control.setPropagationDelay(0);
    });

    it('the first pull is full and stores a token (a first push runs it too); the next ones are incremental', async () => {
      expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.equal(null);
      const first = await pull(world);
      expect(first).to.include({ status: 'done', kind: 'sync' });
      expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.be.a('string');
      await createContact(world, { lastname: 'First' });
      await push(world);
      smallPages();
      await pull(world);
      expect(listCalls).to.equal(1); // nothing changed: one empty incremental page
    });

    it('an expired token (8 days later) → a full pull that re-matches through links and clientData, without duplicates', async () => {
      const kept = await createContact(world, { lastname: 'Kept', jobTitle: 'Clerk' });
      const removed = await createContact(world, { lastname: 'Removed Meanwhile' });
      const relinked = await createContact(world, { lastname: 'Link Lost' });
      for (let i = 0; i < 6; i++) await createContact(world, { lastname: `Filler ${i}` });
      await push(world);
      await pull(world);
      await phoneEdit(world, await resourceOf(world, kept.id), { title: 'Manager' });
      await phoneDelete(world, await resourceOf(world, removed.id));
      const lostName = await resourceOf(world, relinked.id);
      await world.sync.context.stores.links.remove(world.account.id, [relinked.id]);
      world.sandbox.control.advanceClock(8 * DAY);
      const people = (await googleContacts(world)).length;
      const contacts = await crmCount();
      const run = await pull(world);
      expect(run).to.include({ status: 'done' });
      expect(run.counts).to.include({ full: 1, deleted: 1, created: 0, errors: 0, relinked: 1 });
      expect((await crm(kept.id))!.jobTitle).to.equal('Manager');
      expect(await linkOf(world, removed.id)).to.include({ state: 'unlinked' });
      expect(await linkOf(world, relinked.id)).to.include({ resourceName: lostName, state: 'linked' });
      await push(world);
      expect((await googleContacts(world)).length).to.equal(people);
      expect(await crmCount()).to.equal(contacts);
      expect((await pull(world)).counts.full).to.equal(undefined);
    });

    it('knows an expired token by its reason, whatever status carries it', async () => {
      world.wrap.gateway = (gateway: PeopleGateway) =>
        Object.assign(Object.create(gateway) as PeopleGateway, {
          listConnections: async (options: Parameters<PeopleGateway['listConnections']>[0]) => {
            if (options.syncToken) throw new GContactsError('GOOGLE_ERROR', 'Sync token is expired.', { status: 400, googleStatus: 'INVALID_ARGUMENT', reason: 'EXPIRED_SYNC_TOKEN' });
            return gateway.listConnections(options);
          },
        });
      const run = await pull(world);
      expect(run).to.include({ status: 'done', kind: 'sync' });
      expect(run.counts).to.include({ full: 1, created: 0, errors: 0 });
    });

    it('propagation delay: our write is not read back through the token; when it shows up it is a no-op', async () => {
      const c = await createContact(world, { lastname: 'Slow', jobTitle: 'Clerk' });
      await push(world);
      await pull(world);
      world.sandbox.control.setPropagationDelay(60_000);
      await updateContact(world, c.id, { jobTitle: 'Engineer' });
      await push(world);
      const version = (await crm(c.id))!.version;
      const writes = writesOf(world);
      expect((await pull(world)).counts).to.include({ updated: 0, skipped: 0 }); // not visible yet: nothing listed
      world.sandbox.control.advanceClock(61_000);
      const echoed = await pull(world);
      expect(echoed.counts).to.include({ updated: 0, skipped: 1, errors: 0 });
      expect((await crm(c.id))!.version).to.equal(version);
      expect(writesOf(world)).to.equal(writes);
    });

    it("propagation delay: a phone edit the token does not show yet is not skipped, and meets the CRM's edit in a merge", async () => {
      const c = await createContact(world, { lastname: 'Delayed', jobTitle: 'Clerk' });
      await push(world);
      await pull(world);
      world.sandbox.control.setPropagationDelay(60_000);
      await phoneEdit(world, await resourceOf(world, c.id), { title: 'Manager' });
      expect((await pull(world)).counts.updated).to.equal(0);
      // The push reads the person directly: it sees the edit at once and merges it with the CRM's.
      await updateContact(world, c.id, { note: 'CRM note' });
      await push(world);
      expect(await crm(c.id)).to.include({ jobTitle: 'Manager', note: 'CRM note' });
      world.sandbox.control.advanceClock(61_000);
      const writes = writesOf(world);
      const run = await pull(world);
      expect(run.counts).to.include({ updated: 0, errors: 0 });
      expect(writesOf(world)).to.equal(writes);
    });

    it('a pull that dies on page 2 keeps its place; the next one applies the rest, nothing lost or doubled', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push((await createContact(world, { lastname: `Paged ${i}` })).id);
      await push(world);
      await pull(world);
      for (const id of ids) await phoneEdit(world, await resourceOf(world, id), { note: `phone ${id}` });
      await world.host.settings.set('auto_import_container', true);
      try {
        await phoneAdd(world, { givenName: 'New', familyName: 'During Paging', groups: [await containerOf(world)] });
        const token = await world.sync.context.stores.accounts.syncToken(world.account.id);
        smallPages(5); // 13 changes: 3 pages scanned (calls 1-3), applied from call 4; call 5 is page 2
        const failed = await pull(world);
        expect(failed.status).to.equal('failed');
        expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.equal(token);
        const applied = (await Promise.all(ids.map(crm))).filter((c) => c!.note === `phone ${c!.id}`).length;
        expect(applied).to.equal(5);
        const checkpoint = (await world.sync.context.stores.runs.get(failed.runId!))!.checkpoint as { pageToken: string | null; done: number };
        expect(checkpoint).to.include({ done: 5 });
        expect(checkpoint.pageToken).to.be.a('string');

        smallPages();
        const resumed = await pull(world);
        expect(resumed.status).to.equal('done');
        expect(listCalls).to.equal(2); // pages 2 and 3, no new scan
        for (const id of ids) expect((await crm(id))!.note).to.equal(`phone ${id}`);
        expect((await world.crm.crm.contacts.list(SYSTEM, { limit: 500 })).items.filter((c) => c.lastname === 'During Paging')).to.have.length(1);
        expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.not.equal(token);
        expect((await world.sync.context.stores.runs.get(resumed.runId!))!.checkpoint).to.equal(null);
      } finally {
        await world.host.settings.set('auto_import_container', false);
      }
    });
  });
}
