/**
 * Runs of the pull: one per account at a time (a second request is refused with the reason), progress and counts
 * recorded, "sync now" for one contact, a run whose process died picked up by the next, and the scheduled jobs on
 * the host's scheduler with the settings' cron lines.
 */
import { expect } from 'chai';
import type { PeopleGateway } from '../../../src/google/gateway';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, runWorldCli, syncWorld, SYSTEM } from '../sync/helpers';
import { phoneEdit, pull, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: runs, locks and schedules [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const cli = (...argv: string[]) => runWorldCli(world, ...argv);
    afterEach(() => {
      world.wrap.gateway = null;
    });

    it('refuses a second run of the same account while one runs, with a clear message', async () => {
      await createContact(world, { lastname: 'Locked' });
      await push(world);
      let release: () => void = () => {};
      let entered: () => void = () => {};
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const held = new Promise<void>((resolve) => (release = resolve));
      world.wrap.gateway = (gateway: PeopleGateway) =>
        Object.assign(Object.create(gateway) as PeopleGateway, {
          listConnections: async (options: Parameters<PeopleGateway['listConnections']>[0]) => {
            entered();
            await held;
            return gateway.listConnections(options);
          },
        });
      const first = world.sync.pull({ trigger: 'test' });
      await inside;
      world.wrap.gateway = null;
      const second = await cli('sync');
      expect(second.code).to.equal(1);
      expect(second.lines).to.deep.equal([`sync ${world.account.email}: Another run (a sync or a push) holds this account; try again when it has finished. — nothing to do`]);
      expect((await world.sync.push({ trigger: 'test' }))[0]).to.include({ status: 'busy' });
      release();
      const [done] = await first;
      expect(done).to.include({ status: 'done' });
    });

    it('records progress and the six counts of every pull', async () => {
      const run = await pull(world, { full: true });
      const stored = (await world.sync.context.stores.runs.get(run.runId!))!;
      expect(stored).to.include({ kind: 'reconcile', status: 'done', trigger: 'test' });
      expect(stored.progressDone).to.equal(stored.progressTotal);
      expect(stored.progressTotal).to.be.greaterThan(0);
      expect(stored.counts).to.include.keys('created', 'updated', 'deleted', 'conflicts', 'errors', 'skipped', 'requests');
      const printed = await cli('runs');
      expect(printed.lines[0]).to.match(/^#\d+ reconcile \(test\) done .* created 0, updated 0, deleted 0, conflicts 0, errors 0, skipped \d+/);
    });

    it('syncs one contact now: its Google side pulled, its CRM side pushed', async () => {
      const linked = await createContact(world, { lastname: 'Now', jobTitle: 'Clerk' });
      await push(world);
      await phoneEdit(world, await resourceOf(world, linked.id), { title: 'Boss' });
      const { code, lines } = await cli('sync', '--contact', String(linked.id));
      expect(code).to.equal(0);
      expect(lines.some((l) => l.startsWith(`sync ${world.account.email}: done`) && l.includes('updated 1'))).to.equal(true);
      expect((await world.crm.crm.contacts.get(SYSTEM, linked.id))!.jobTitle).to.equal('Boss');

      const fresh = await createContact(world, { lastname: 'Not Yet' });
      expect((await cli('sync', '--contact', String(fresh.id))).code).to.equal(0);
      expect(await linkOf(world, fresh.id)).to.include({ state: 'linked' });
      expect((await googleOf(world, fresh.id)).names?.[0]?.familyName).to.equal('Not Yet');
      expect((await cli('sync', '--contact', '999999')).lines).to.deep.equal(['Error: The CRM has no contact #999999.']);
      expect((await cli('sync', '--account', 'nobody@example.com')).lines).to.deep.equal(['Error: No connected Google account has the email nobody@example.com.']);
    });

    it("a run whose process died (still 'running', its lease expired) is closed as failed, and its checkpoint resumed", async () => {
      const c = await createContact(world, { lastname: 'Crashed' });
      await push(world);
      await pull(world);
      await phoneEdit(world, await resourceOf(world, c.id), { note: 'after the crash' });
      const { runs, accounts } = world.sync.context.stores;
      const dead = await runs.start({ accountId: world.account.id, kind: 'sync', trigger: 'cron' });
      await runs.saveCheckpoint(dead, { mode: 'incremental', from: await accounts.syncToken(world.account.id), pageToken: null, guarded: true, done: 0, total: 1 });
      const run = await pull(world);
      expect(run.status).to.equal('done');
      expect((await runs.get(dead))!).to.include({ status: 'failed', checkpoint: null });
      expect((await world.crm.crm.contacts.get(SYSTEM, c.id))!.note).to.equal('after the crash');
    });

    it("registers the sync and reconcile jobs with the settings' cron lines, and follows a change of them", async () => {
      await world.host.settings.set('sync_interval_minutes', 10);
      await world.host.settings.set('reconcile_time', '03:30');
      const { crm } = world.crm;
      await crm.modules.disable('gcontacts');
      await crm.modules.enable('gcontacts');
      try {
        const jobs = () => Object.fromEntries(crm.scheduler.list().filter((j) => j.name.startsWith('gcontacts:')).map((j) => [j.name, j.cron]));
        expect(jobs()).to.deep.equal({ 'gcontacts:push': '* * * * *', 'gcontacts:sync': '*/10 * * * *', 'gcontacts:reconcile': '30 3 * * *' });
        await world.host.settings.set('sync_interval_minutes', 120);
        world.advance(61_000);
        await crm.scheduler.tick(); // the every-minute push job notices the new setting
        expect(jobs()['gcontacts:sync']).to.equal('0 */2 * * *');
      } finally {
        crm.scheduler.cancelAll('gcontacts:');
      }
    });
  });
}
