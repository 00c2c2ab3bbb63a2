import { expect } from 'chai';
import { startCrm, type RunningCrm } from '../../support/crm';
import { announceSkippedEngines, testEngines } from '../../support/engines';

const MODULE_TABLES = ['gcontacts_account', 'gcontacts_link', 'gcontacts_flag', 'gcontacts_group', 'gcontacts_outbox', 'gcontacts_run', 'gcontacts_conflict', 'gcontacts_log'];

for (const engine of testEngines()) {
  describe(`module lifecycle and settings [${engine.name}]`, () => {
    let env: RunningCrm;
    const tables = async () => {
      const present: string[] = [];
      for (const t of MODULE_TABLES) if (await env.crm.db.schema.hasTable(t)) present.push(t);
      return present;
    };
    const tab = (id: number) => fetch(`${env.url}/m/gcontacts/contact/${id}`, { headers: { DOLAPIKEY: 'demo-admin-key', accept: 'application/json' } });

    before(async () => {
      announceSkippedEngines();
      env = await startCrm({ databaseUrl: await engine.freshUrl() });
    });
    after(async () => {
      await env.close();
      await engine.cleanup();
    });

    it('enabling runs the module migrations: every table of architecture §4 exists', async () => {
      expect(await tables()).to.deep.equal(MODULE_TABLES);
      const c = await env.crm.contacts.create({ userId: null }, { lastname: 'Tabbed' });
      expect((await tab(c.id)).status).to.equal(200);
    });

    it("stamps the module's writes with its origin in the events, once per write", async () => {
      const host = env.crm.modules.get('gcontacts').handle.host;
      const seen: (string | undefined)[] = [];
      const off = env.crm.events.on('contact.updated', (e) => void seen.push(e.origin));
      const offCreated = env.crm.events.on('contact.created', (e) => void seen.push(e.origin));
      try {
        const c = await host.contacts.create({ lastname: 'FromGoogle', email: 'phone@example.com' });
        await host.contacts.update(c.id, { phoneMobile: '+33 6 11 22 33 44' });
        await env.crm.contacts.update({ userId: env.adminId }, c.id, { firstname: 'Edited by a person' });
        expect(seen).to.deep.equal(['gcontacts', 'gcontacts', undefined]);
        expect((await host.contacts.get(c.id))!.createdBy).to.equal(null);
      } finally {
        off();
        offCreated();
      }
    });

    it('disabling stops the module: its pages, its event handlers and its jobs are gone', async () => {
      const mod = env.crm.modules.get('gcontacts');
      let calls = 0;
      mod.handle.host.events.on('contact.created', () => void calls++);
      mod.handle.host.scheduler.every('probe', '* * * * *', async () => {});
      expect(env.crm.scheduler.list().map((j) => j.name)).to.include('gcontacts:probe');
      await env.crm.modules.disable('gcontacts');
      const c = await env.crm.contacts.create({ userId: null }, { lastname: 'Unseen' });
      expect(calls).to.equal(0);
      expect(env.crm.scheduler.list().map((j) => j.name)).to.not.include('gcontacts:probe');
      expect((await tab(c.id)).status).to.equal(404);
      expect(Number((await env.crm.db('llx_module').where('id', 'gcontacts').first<{ enabled: unknown }>()).enabled)).to.equal(0);
    });

    it('removes data only while disabled, then enabling migrates again', async () => {
      await env.crm.modules.enable('gcontacts');
      try {
        await env.crm.modules.removeData('gcontacts');
        expect.fail('removeData must refuse an enabled module');
      } catch (e) {
        expect((e as { code: string }).code).to.equal('CONFLICT');
      }
      expect(await tables()).to.have.length(MODULE_TABLES.length);
      await env.crm.modules.disable('gcontacts');
      await env.crm.modules.removeData('gcontacts');
      expect(await tables()).to.deep.equal([]);
      expect(await env.crm.db.schema.hasTable('gcontacts_migrations')).to.equal(false);
      expect(await env.crm.db.schema.hasTable('llx_socpeople')).to.equal(true);
      await env.crm.modules.enable('gcontacts');
      expect(await tables()).to.deep.equal(MODULE_TABLES);
    });

    it('types settings from module.json and refuses bad values, keeping the stored one', async () => {
      const settings = env.crm.modules.get('gcontacts').handle.host.settings;
      expect(await settings.get('container_group')).to.equal('CRM');
      expect(await settings.get('sync_interval_minutes')).to.equal(15);
      await settings.set('sync_interval_minutes', '30');
      expect(await settings.get('sync_interval_minutes')).to.equal(30);
      for (const [key, value] of [
        ['sync_interval_minutes', 0],
        ['sync_interval_minutes', '2.5'],
        ['conflict_policy', 'coin-toss'],
        ['reconcile_time', '25:00'],
        ['mass_delete_share', 1.5],
        ['no_such_setting', 1],
      ] as const) {
        try {
          await settings.set(key, value);
          expect.fail(`${key}=${value} must be refused`);
        } catch (e) {
          expect((e as { code: string }).code, `${key}=${value}`).to.equal('BAD_INPUT');
        }
      }
      expect(await settings.get('sync_interval_minutes')).to.equal(30);
      expect((await settings.all()).conflict_policy).to.equal('newest');
    });

    it('keeps sign-in sessions in the database', async () => {
      const page = await fetch(`${env.url}/login`);
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await fetch(`${env.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login: 'admin', password: 'admin', _csrf: csrf, next: '/' }),
      });
      expect(res.status).to.equal(302);
      const rows = await env.crm.db('llx_session').select<{ sess: unknown }[]>('sess');
      expect(rows.some((r) => (JSON.parse(String(r.sess)) as { userId?: unknown }).userId === env.adminId)).to.equal(true);
    });
  });
}
