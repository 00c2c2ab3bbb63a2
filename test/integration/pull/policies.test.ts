/**
 * The same field changed on both sides, pulled under each conflict policy; and 'ask' settled later by a person.
 * The CRM side is changed without a push (the outbox row dropped), so the pull is the one meeting both changes.
 */
import { expect } from 'chai';
import { runCli } from '../../../src/cli';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, syncWorld, updateContact, SYSTEM, type SyncWorld } from '../sync/helpers';
import { phoneEdit, pull, resourceOf } from './helpers';

/** A CRM edit the push has not sent (its outbox row gone after the triggers' flush). */
async function unpushedEdit(world: SyncWorld, id: number, patch: Parameters<typeof updateContact>[2]): Promise<void> {
  await updateContact(world, id, patch);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await world.sync.context.stores.outbox.removeAll(world.account.id);
}

for (const engine of testEngines()) {
  describe(`pull: a field changed on both sides, per conflict policy [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const crmTitle = async (id: number) => (await world.crm.crm.contacts.get(SYSTEM, id))!.jobTitle;
    const googleTitle = async (id: number) => (await googleOf(world, id)).organizations?.[0]?.title;
    before(async () => {
      await createContact(world, { lastname: 'Seed' });
      await push(world);
      await pull(world);
    });

    /** CRM title 'CRM', then (later, `googleLater`) or before it, the phone's title 'Phone'. */
    async function bothChanged(policy: string, googleLater: boolean): Promise<number> {
      await world.host.settings.set('conflict_policy', policy);
      const c = await createContact(world, { lastname: `Conflict ${policy}`, jobTitle: 'Base' });
      await push(world);
      const resourceName = await resourceOf(world, c.id);
      // A minute passes between the two edits, on both clocks ("newest wins" compares them on one clock).
      const later = () => {
        world.advance(60_000);
        world.sandbox.control.advanceClock(60_000);
      };
      if (googleLater) {
        await unpushedEdit(world, c.id, { jobTitle: 'CRM' });
        later();
        await phoneEdit(world, resourceName, { title: 'Phone' });
      } else {
        await phoneEdit(world, resourceName, { title: 'Phone' });
        later();
        await unpushedEdit(world, c.id, { jobTitle: 'CRM' });
      }
      return c.id;
    }

    it('newest: the later change wins, whichever side made it', async () => {
      const googleWins = await bothChanged('newest', true);
      let run = await pull(world);
      expect(run.counts).to.include({ conflicts: 1, errors: 0 });
      expect([await crmTitle(googleWins), await googleTitle(googleWins)]).to.deep.equal(['Phone', 'Phone']);
      const crmWins = await bothChanged('newest', false);
      run = await pull(world);
      expect([await crmTitle(crmWins), await googleTitle(crmWins)]).to.deep.equal(['CRM', 'CRM']);
    });

    it('crm: the CRM value goes to Google', async () => {
      const id = await bothChanged('crm', true);
      await pull(world);
      expect([await crmTitle(id), await googleTitle(id)]).to.deep.equal(['CRM', 'CRM']);
    });

    it('google: the phone value comes to the CRM', async () => {
      const id = await bothChanged('google', false);
      await pull(world);
      expect([await crmTitle(id), await googleTitle(id)]).to.deep.equal(['Phone', 'Phone']);
    });

    it('ask: both sides kept as they are, a conflict row waits; a person settles it and both sides follow', async () => {
      const id = await bothChanged('ask', true);
      const run = await pull(world);
      expect(run.counts.conflicts).to.equal(1);
      expect([await crmTitle(id), await googleTitle(id)]).to.deep.equal(['CRM', 'Phone']);
      expect(await linkOf(world, id)).to.include({ state: 'conflict' });
      const [open] = await world.sync.context.stores.conflicts.unresolved(id);
      expect(open).to.include({ field: 'jobTitle', base: 'Base', crm: 'CRM', google: 'Phone' });
      // Pulling again does not settle it by itself, nor open it twice.
      await pull(world);
      expect(await world.sync.context.stores.conflicts.unresolved(id)).to.have.length(1);

      const lines: string[] = [];
      const cli = (...argv: string[]) => runCli(world.host, argv, { out: (l) => lines.push(l), locale: 'en_US' });
      expect(await cli('conflicts')).to.equal(0);
      expect(lines.some((l) => l.startsWith(`#${open!.id} contact ${id} `) && l.includes('job title: CRM "CRM" / Google "Phone"'))).to.equal(true);
      expect(await cli('conflicts', 'resolve', String(open!.id), 'google')).to.equal(0);
      expect([await crmTitle(id), await googleTitle(id)]).to.deep.equal(['Phone', 'Phone']);
      expect(await world.sync.context.stores.conflicts.unresolved(id)).to.have.length(0);
      expect(await linkOf(world, id)).to.include({ state: 'linked' });
      expect((await pull(world)).counts).to.include({ conflicts: 0, updated: 0 });
    });
  });
}
