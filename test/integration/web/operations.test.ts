/**
 * The setup page's operations over HTTP: Check synchro's report page and downloads, a pull stopped by the
 * mass-deletion guard confirmed from the page, and disconnecting an account (revoked at Google, links gone).
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { phoneDelete, pull, resourceOf } from '../pull/helpers';
import { createContact, push, syncWorld } from '../sync/helpers';
import type { RunView } from '../../../src/web/run-view';

for (const engine of testEngines()) {
  describe(`Setup page operations [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine, { mass_delete_share: 0.3 });
    const request = async (method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) => {
      const res = await fetch(`${world.crm.url}/m/gcontacts${path}`, {
        method, headers: { DOLAPIKEY: 'demo-admin-key' }, redirect: 'manual', ...(method === 'POST' ? { body: new URLSearchParams(form) } : {}),
      });
      return { status: res.status, text: await res.text(), location: res.headers.get('location') ?? '', type: res.headers.get('content-type') ?? '' };
    };
    /** Starts an operation from its button and waits for its result. */
    const operate = async (path: string) => {
      const started = await request('POST', path);
      expect(started.status, started.text).to.equal(303);
      const id = /run=([\w-]+)/.exec(started.location)![1]!;
      for (let i = 0; i < 400; i++) {
        const status = JSON.parse((await request('GET', `/runs/${id}`)).text) as RunView;
        if (status.finished) return status;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the operation did not finish');
    };

    it('Check synchro ends on a report page with counts, and the report downloads as CSV and JSON', async () => {
      for (let i = 0; i < 3; i++) await createContact(world, { lastname: `Checked ${i}`, email: `checked${i}@example.com` });
      await push(world);
      await world.crm.crm.contacts.create({ userId: null }, { lastname: 'Private', private: true });
      const done = await operate(`/accounts/${world.account.id}/check`);
      expect(done.state).to.equal('done');
      expect(done.lines).to.include('3 linked pairs');
      expect(done.link!.text).to.equal('Open the full report');
      const page = await request('GET', done.link!.href.replace('/m/gcontacts', ''));
      expect(page.status).to.equal(200);
      expect(page.text).to.include('3 in sync');
      expect(page.text).to.include('Download as CSV');
      const csv = await request('GET', `${done.link!.href.replace('/m/gcontacts', '')}/report.csv`);
      expect(csv.type).to.match(/text\/csv/);
      expect(csv.text).to.match(/^\uFEFF?"Section","Item"\r\n/);
      const json = JSON.parse((await request('GET', `${done.link!.href.replace('/m/gcontacts', '')}/report.json`)).text) as { compared: { links: number; inSync: number } };
      expect(json.compared.links).to.equal(3);
      expect(json.compared.inSync).to.equal(3);
    });

    it('shows a pull stopped by the mass-deletion guard and applies it once the admin confirms', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push((await createContact(world, { lastname: `Guarded ${i}` })).id);
      await push(world);
      await pull(world);
      for (const id of ids.slice(0, 5)) await phoneDelete(world, await resourceOf(world, id));
      const stopped = await operate(`/accounts/${world.account.id}/sync`);
      expect(stopped.state).to.equal('needs_confirmation');
      expect(stopped.error).to.match(/it would delete or unlink 5 contacts/);
      const runId = Number(/\/runs\/(\d+)\/confirm/.exec(stopped.link!.href)![1]);
      const setup = await request('GET', '/setup');
      expect(setup.text).to.include(`/runs/${runId}/confirm`);
      const page = await request('GET', `/runs/${runId}/confirm`);
      expect(page.text).to.include('Apply the 5 removals');
      const applied = await operate(`/runs/${runId}/confirm`);
      expect(applied.state).to.equal('done');
      expect((await world.sync.context.stores.runs.get(runId))!.status).to.equal('confirmed');
    });

    it('disconnects an account: the grant is revoked at Google and the module forgets the account and its links', async () => {
      const page = await request('GET', `/accounts/${world.account.id}/disconnect`);
      expect(page.text).to.include('Keep them in Google');
      const token = await world.sync.context.stores.accounts.refreshToken(world.account.id);
      const res = await request('POST', `/accounts/${world.account.id}/disconnect`, { contacts: 'keep' });
      expect(res.location).to.match(/\/setup\?disconnected=1$/);
      expect(await world.sync.context.stores.accounts.get(world.account.id)).to.equal(null);
      expect(await world.sync.context.stores.links.count(world.account.id)).to.equal(0);
      const refreshed = await fetch(`${world.sandbox.url}/token`, {
        method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token!, client_id: world.host.env.GOOGLE_CLIENT_ID!, client_secret: world.host.env.GOOGLE_CLIENT_SECRET! }),
      });
      expect(refreshed.status).to.equal(400);
      expect((await request('GET', '/setup?disconnected=1')).text).to.include('The Google account is disconnected.');
    });
  });
}
