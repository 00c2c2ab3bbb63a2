import { expect } from 'chai';
import { startOperation, resultOfRuns, type OperationResult } from '../../../src/sync/operation';
import type { RunView } from '../../../src/web/run-view';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, syncWorld } from '../sync/helpers';

/** A promise the test settles by hand: the operation's work waits on it, so the test sees it running. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const DONE: OperationResult = { status: 'done', counts: { created: 2, unchanged: 1, requests: 5 }, error: null, runIds: [] };

for (const engine of testEngines()) {
  describe(`Background runs started from a page [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const status = async (id: string, key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts/runs/${id}`, { headers: { DOLAPIKEY: key, Accept: 'application/json' } });
      return { status: res.status, body: (await res.json()) as RunView };
    };
    const until = async (id: string) => {
      for (let i = 0; i < 400; i++) {
        const { body } = await status(id);
        if (body.finished) return body;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the run did not finish');
    };

    it('returns at once with an id; the status endpoint tells the phase while it runs, then the result in words', async () => {
      const g = gate();
      const op = await startOperation(world.sync.context, {
        kind: 'export', account: world.account, userId: world.crm.adminId,
        work: async (control) => {
          control.phase('export', 3);
          control.progress(1, 3);
          await g.opened;
          return DONE;
        },
      });
      const running = await status(op.id);
      expect(running.status).to.equal(200);
      expect(running.body).to.include({ state: 'running', finished: false, title: 'Export all', status: 'in progress', done: 1, total: 3, progress: '1 of 3 contacts' });
      expect(running.body.phase).to.equal('Sending every CRM contact to Google…');
      g.open();
      const done = await until(op.id);
      expect(done).to.include({ state: 'done', status: 'finished', error: null });
      expect(done.lines).to.deep.equal(['2 created', '1 already up to date']);
      expect(JSON.stringify(done)).not.to.match(/requests|"created"/);
    });

    it('refuses a second start on a held account ("a run is already going"), from this page, the CLI or the cron', async () => {
      const g = gate();
      const op = await startOperation(world.sync.context, { kind: 'sync', account: world.account, userId: world.crm.adminId, work: async () => (await g.opened, DONE) });
      try {
        let refused: unknown = null;
        await startOperation(world.sync.context, { kind: 'export', account: world.account, userId: world.crm.adminId, work: async () => DONE }).catch((e: unknown) => (refused = e));
        expect(refused).to.have.property('code', 'BUSY');
        // Another process (the CLI, another server) is another lease owner: the database row refuses it.
        const { createSync } = await import('../../../src/sync');
        const other = createSync(world.host);
        const results = await other.exportAll({ trigger: 'cli' });
        expect(results.map((r) => r.status)).to.deep.equal(['busy']);
      } finally {
        g.open();
        await until(op.id);
      }
      // Once it ended, the account is free again.
      const next = await startOperation(world.sync.context, { kind: 'check', account: world.account, userId: world.crm.adminId, work: async () => DONE });
      expect((await until(next.id)).state).to.equal('done');
    });

    it('runs Export all inside one operation: its first pull and its push hold the operation\'s lease, and the counts add up', async () => {
      await createContact(world, { lastname: 'Background', email: 'background@example.com' });
      const op = await startOperation(world.sync.context, {
        kind: 'export', account: world.account, userId: world.crm.adminId,
        work: async (control) => resultOfRuns(world.sync.context, await world.sync.exportAll(control.options), (id) => `/confirm/${id}`),
      });
      const done = await until(op.id);
      expect(done.state).to.equal('done');
      expect(done.lines.join(' ')).to.match(/1 created/);
      const runs = await world.sync.context.stores.runs.recent(3);
      expect(runs.find((r) => r.kind === 'export')).to.include({ status: 'done', trigger: 'web' });
    });

    it('says what failed in the reader\'s words, never the exception\'s', async () => {
      const op = await startOperation(world.sync.context, {
        kind: 'cleanup', account: world.account, userId: world.crm.adminId,
        work: async () => {
          throw new Error('ECONNRESET at socket.js:12');
        },
      });
      const done = await until(op.id);
      expect(done.state).to.equal('failed');
      expect(done.error).to.equal('Something went wrong; details are in the server log.');
      expect(JSON.stringify(done)).not.to.include('ECONNRESET');
    });

    it('shows a run to the one who started it and to admins only, in their language', async () => {
      const op = await startOperation(world.sync.context, { kind: 'sync', account: world.account, userId: world.crm.adminId, work: async () => DONE });
      await until(op.id);
      const rep = await world.crm.crm.users.create({ login: 'runs-rep', password: 'secret1', lang: 'fr_FR' });
      await world.crm.crm.users.setRights(rep.id, ['gcontacts.read', 'gcontacts.sync']);
      const key = await world.crm.crm.users.newApiKey(rep.id);
      expect((await status(op.id, key)).status).to.equal(404);
      const own = await startOperation(world.sync.context, { kind: 'sync', account: world.account, userId: rep.id, work: async () => DONE });
      const seen = await status(own.id, key);
      expect(seen.status).to.equal(200);
      expect(seen.body.title).to.equal('Synchroniser maintenant');
      expect((await status('no-such-run')).status).to.equal(404);
    });
  });
}
