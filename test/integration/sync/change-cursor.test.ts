import { expect } from 'chai';
import { SETTLE_MS } from '../../../src/sync/change-cursor';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, linkOf, push, syncWorld, SYSTEM } from './helpers';

const names = async (world: ReturnType<typeof syncWorld>) => (await googleContacts(world)).map((p) => p.names?.[0]?.familyName);

/** A write the module hears no event of, as a SQL import or a host that lost its webhook would make. */
async function writeWithoutEvent(world: ReturnType<typeof syncWorld>, id: number, lastname: string): Promise<void> {
  const tms = new Date(world.host.clock.now().getTime()).toISOString();
  await world.host.db('llx_socpeople').where('rowid', id).update({ lastname, tms });
}

for (const engine of testEngines()) {
  describe(`change cursor: CRM changes no event brought [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);

    it('the next push queues and pushes a change no event brought', async () => {
      const c = await createContact(world, { lastname: 'Evented' });
      await push(world);
      world.advance(1); // a later update time than the evented write
      await writeWithoutEvent(world, c.id, 'Silent');
      const run = await push(world);
      expect(run.counts.updated).to.equal(1);
      expect(await names(world)).to.include('Silent');
    });

    it('does not queue again what the events already queued', async () => {
      const c = await createContact(world, { lastname: 'Once' });
      await push(world);
      expect(await world.sync.catchUp()).to.equal(0);
      expect(await world.host.db('gcontacts_outbox').where({ contact_id: c.id }).first()).to.equal(undefined);
    });

    it('moves its mark only past writes older than the settle window, then costs nothing', async () => {
      await createContact(world, { lastname: 'Settling' });
      await world.sync.catchUp();
      const before = await world.host.db('gcontacts_cursor').where({ feed: 'contacts' }).first<{ updated_at: string }>();
      world.advance(SETTLE_MS + 1000);
      expect(await world.sync.catchUp()).to.equal(0);
      const after = await world.host.db('gcontacts_cursor').where({ feed: 'contacts' }).first<{ updated_at: string }>();
      expect(Date.parse(after.updated_at)).to.be.greaterThan(Date.parse(before.updated_at));
      expect(await world.sync.catchUp()).to.equal(0);
      expect(await world.host.db('gcontacts_cursor').where({ feed: 'contacts' }).first()).to.deep.equal(after);
    });

    it('after a restart (no memory of queued events) queues every change past the mark', async () => {
      const c = await createContact(world, { lastname: 'Before Restart' });
      await push(world);
      await world.crm.crm.modules.disable('gcontacts');
      try {
        await world.crm.crm.contacts.update(SYSTEM, c.id, { lastname: 'While Down' });
      } finally {
        await world.crm.crm.modules.enable('gcontacts');
        world.crm.crm.scheduler.cancelAll('gcontacts:');
      }
      expect((await push(world)).counts.updated).to.equal(1);
      expect(await names(world)).to.include('While Down');
    });

    it('the reconcile finds a CRM delete no event brought and the push removes the Google contact', async () => {
      const c = await createContact(world, { lastname: 'Vanished' });
      await push(world);
      expect((await linkOf(world, c.id))?.state).to.equal('linked');
      await world.host.db('llx_socpeople').where('rowid', c.id).delete();
      await world.sync.pull({ trigger: 'test', waitForLease: true, full: true });
      await push(world);
      expect(await names(world)).to.not.include('Vanished');
      expect(await linkOf(world, c.id)).to.equal(null);
    });
  });
}
