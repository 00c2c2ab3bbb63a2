/**
 * A 404 during a push is a Google-side delete, and goes through the mass-deletion guard like a pull's: a push of
 * many CRM edits meeting a wiped phone must not unlink (or, per policy, delete in the CRM) its contacts behind
 * anyone's back. It holds them back, pushes the rest, ends 'needs_confirmation', and `confirm RUN` applies them.
 */
import { expect } from 'chai';
import { resultOfRuns } from '../../../src/sync/operation';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, runWorldCli, syncWorld, updateContact, SYSTEM } from './helpers';

for (const engine of testEngines()) {
  describe(`push: 404s go through the mass-deletion guard [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine, { mass_delete_share: 0.3, google_delete_policy: 'delete' });
    const crm = (id: number) => world.crm.crm.contacts.get(SYSTEM, id);
    const deleteInGoogle = async (id: number) => world.google.people.deleteContact({ resourceName: (await googleOf(world, id)).resourceName! });

    it('holds back the contacts a push finds deleted in Google past the share, pushes the others, and applies them once confirmed', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 10; i++) ids.push((await createContact(world, { lastname: `Wiped ${i}` })).id);
      await push(world);
      for (const id of ids.slice(0, 4)) await deleteInGoogle(id);
      for (const id of ids) await updateContact(world, id, { jobTitle: 'Edited in the CRM' });

      const pushed = await runWorldCli(world, 'push');
      expect(pushed.code).to.equal(1);
      const line = pushed.lines.find((l) => l.startsWith(`push ${world.account.email}: held back 4 contacts it found deleted in Google`));
      expect(line, pushed.lines.join('\n')).to.be.a('string');
      const run = (await world.sync.context.stores.runs.get(Number(/confirm (\d+)/.exec(line!)?.[1])))!;
      expect(run.status).to.equal('needs_confirmation');
      expect(run.counts['pending-removals']).to.equal(4);
      expect(run.counts.failed).to.equal(undefined);
      expect(run.counts.updated).to.equal(6);
      for (const id of ids.slice(0, 4)) {
        expect(await crm(id)).to.include({ jobTitle: 'Edited in the CRM' });
        expect(await linkOf(world, id)).to.include({ state: 'linked' });
      }
      expect((await googleOf(world, ids[9]!)).organizations?.[0]?.title).to.equal('Edited in the CRM');

      const confirmed = await runWorldCli(world, 'confirm', String(run.id));
      expect(confirmed.code).to.equal(0);
      expect((await world.sync.context.stores.runs.get(run.id))!.status).to.equal('confirmed');
      for (const id of ids.slice(0, 4)) expect(await crm(id)).to.equal(null);
      for (const id of ids.slice(4)) expect(await crm(id)).to.include({ lastname: `Wiped ${ids.indexOf(id)}` });
    });

    it('lets a push within the share apply the Google-delete policy at once', async () => {
      const c = await createContact(world, { lastname: 'Lone' });
      await push(world);
      await deleteInGoogle(c.id);
      await updateContact(world, c.id, { jobTitle: 'Edited' });
      const run = await push(world);
      expect(run.status).to.equal('done');
      expect(run.counts['google-deleted']).to.equal(1);
      expect(await crm(c.id)).to.equal(null);
    });

    it('tells a page the push sent the rest and holds back the contacts deleted in Google, with the link to confirm them', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push((await createContact(world, { lastname: `Paged ${i}` })).id);
      await push(world);
      for (const id of ids.slice(0, 8)) await deleteInGoogle(id);
      for (const id of ids) await updateContact(world, id, { jobTitle: 'From the page' });
      const results = await world.sync.push({ trigger: 'web', waitForLease: true });
      const result = await resultOfRuns(world.sync.context, results, (id) => `/confirm/${id}`);
      expect(result.status).to.equal('needs_confirmation');
      expect(result.error).to.deep.equal({ key: 'backups.push_held_back', params: { removals: 8 } });
      expect(result.link?.href).to.equal(`/confirm/${results[0]!.runId}`);
    });
  });
}
