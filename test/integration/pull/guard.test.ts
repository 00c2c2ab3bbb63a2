/**
 * The mass-deletion guard: a phone wiped of most of the account's contacts must not unlink or delete them in the
 * CRM behind anyone's back. The pull stops with "needs_confirmation" having changed nothing — not even the other
 * changes of the same listing — and `gcontacts confirm RUN` applies it.
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, linkOf, push, runWorldCli, syncWorld, SYSTEM } from '../sync/helpers';
import { phoneDelete, phoneEdit, pull, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: the mass-deletion guard [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine, { mass_delete_share: 0.3, google_delete_policy: 'delete' });
    const crm = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    const cli = (...argv: string[]) => runWorldCli(world, ...argv);

    it('stops a pull that would remove more than the share, changes nothing, and applies it once confirmed', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 10; i++) ids.push((await createContact(world, { lastname: `Guarded ${i}` })).id);
      await push(world);
      await pull(world);
      const token = await world.sync.context.stores.accounts.syncToken(world.account.id);
      const edited = ids[9]!;
      await phoneEdit(world, await resourceOf(world, edited), { title: 'Edited with the wipe' });
      for (const id of ids.slice(0, 4)) await phoneDelete(world, await resourceOf(world, id));

      const stopped = await cli('sync');
      expect(stopped.code).to.equal(1);
      const line = stopped.lines.find((l) => l.startsWith(`sync ${world.account.email}: stopped, nothing changed: it would delete or unlink 4 contacts`));
      expect(line).to.be.a('string');
      const runId = Number(/confirm (\d+)/.exec(line!)?.[1]);
      expect((await world.sync.context.stores.runs.get(runId))!.status).to.equal('needs_confirmation');
      for (const id of ids.slice(0, 4)) {
        expect(await crm(id)).to.include({ lastname: `Guarded ${ids.indexOf(id)}` });
        expect(await linkOf(world, id)).to.include({ state: 'linked' });
      }
      expect((await crm(edited))!.jobTitle).to.equal(null);
      expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.equal(token);

      // Asked again, it stops again: the guard holds until someone confirms.
      expect((await pull(world)).status).to.equal('needs_confirmation');

      const confirmed = await cli('confirm', String(runId));
      expect(confirmed.code).to.equal(0);
      expect(confirmed.lines.some((l) => l.startsWith(`sync ${world.account.email}: done`) && l.includes('deleted 4'))).to.equal(true);
      expect((await world.sync.context.stores.runs.get(runId))!.status).to.equal('confirmed');
      for (const id of ids.slice(0, 4)) expect(await crm(id)).to.equal(null);
      expect((await crm(edited))!.jobTitle).to.equal('Edited with the wipe');
      expect(await world.sync.context.stores.accounts.syncToken(world.account.id)).to.not.equal(token);
      expect((await cli('confirm', String(runId))).lines[0]).to.equal(`Error: Run #${runId} is not a pull waiting for a confirmation.`);
    });

    it('lets a pull within the share through', async () => {
      const c = await createContact(world, { lastname: 'Single' });
      await push(world);
      await pull(world);
      await phoneDelete(world, await resourceOf(world, c.id));
      const run = await pull(world);
      expect(run.status).to.equal('done');
      expect(run.counts.deleted).to.equal(1);
    });

    it('guards a full pull too: links a full listing no longer brings count as removals', async () => {
      const links = await world.sync.context.stores.links.countActive(world.account.id);
      const ids: number[] = [];
      for (let i = 0; i < links; i++) ids.push((await createContact(world, { lastname: `Full ${i}` })).id);
      await push(world);
      await pull(world);
      for (const id of ids) await phoneDelete(world, await resourceOf(world, id));
      const run = await pull(world, { full: true });
      expect(run).to.include({ status: 'needs_confirmation', kind: 'reconcile' });
      expect(run.counts['pending-removals']).to.equal(ids.length);
      for (const id of ids) expect(await linkOf(world, id)).to.include({ state: 'linked' });
      const confirmed = await world.sync.confirm(run.runId!, { trigger: 'test' });
      expect(confirmed).to.include({ status: 'done', kind: 'reconcile' });
      for (const id of ids) expect(await crm(id)).to.equal(null);
    });
  });
}
