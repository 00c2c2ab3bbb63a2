/**
 * Sign-in security over real HTTP: failed sign-ins and bad API keys throttled per login and per client address,
 * with limits kept in the database (two CRM processes on one database share them), a password change that ends the
 * user's other sessions, and no caching of signed-in pages. Client addresses are told through X-Forwarded-For,
 * which the CRM trusts from a local proxy, as the test's own connections are.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readConfig } from '../../host/config';
import { createCrm, type Crm } from '../../host/crm';
import { startCrm, type RunningCrm } from '../support/crm';
import { announceSkippedEngines, testEngines } from '../support/engines';
import { PageClient, textOf } from './pages-client';

const MINUTE = 60_000;

/** One sign-in attempt from a fresh browser at `address`; `lang` sets its Accept-Language. */
async function signIn(url: string, login: string, password: string, address: string, lang = 'en') {
  const browser = new PageClient(url, { 'x-forwarded-for': address, 'accept-language': lang });
  await browser.get('/login');
  return browser.post('/login', { login, password, next: '/' });
}

const message = (html: string) => textOf(/<p class="alert alert-error"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');

for (const engine of testEngines()) {
  describe(`sign-in throttling [${engine.name}]`, () => {
    let running: RunningCrm;
    let second: Crm;
    let secondUrl: string;
    let offset = 0;
    const now = () => new Date(Date.now() + offset);

    before(async function () {
      this.timeout(60_000);
      announceSkippedEngines();
      const databaseUrl = await engine.freshUrl();
      running = await startCrm({ databaseUrl, now });
      await running.crm.users.create({ login: 'marie.dupont', password: 'marie-pass' });
      await running.crm.users.create({ login: 'james.walker', password: 'james-pass' });
      // A second process of the same CRM: same database, its own memory.
      const dataDir = mkdtempSync(join(tmpdir(), 'gc-crm2-'));
      const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
      second = await createCrm({ config, env: { SESSION_SECRET: 'test-secret' }, now });
      secondUrl = await second.listen(0);
    });
    after(async () => {
      await second?.close();
      await running?.close();
      await engine.cleanup();
    });
    beforeEach(async () => {
      offset = 0;
      await running.crm.db('llx_auth_throttle').delete();
    });

    it('answers 15 wrong passwords for one login with a 429 before the 15th, with Retry-After and the message', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 15; i++) statuses.push((await signIn(running.url, 'marie.dupont', `wrong-${i}`, `10.0.0.${i}`)).status);
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(401));
      expect(statuses.slice(10)).to.deep.equal(Array(5).fill(429));
      const refused = await signIn(running.url, 'marie.dupont', 'wrong', '10.0.1.1');
      expect(refused.status).to.equal(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).to.be.within(14 * 60, 15 * 60);
      expect(message(refused.html)).to.equal('Too many failed sign-in attempts. Try again in 15 min.');
      const fr = await signIn(running.url, 'marie.dupont', 'wrong', '10.0.1.2', 'fr');
      expect(fr.status).to.equal(429);
      expect(message(fr.html)).to.equal('Trop de tentatives de connexion échouées. Réessayez dans 15 min.');
    });

    it('refuses even the right password while the login is locked, and lets it in once the window has passed', async () => {
      for (let i = 0; i < 10; i++) await signIn(running.url, 'marie.dupont', 'wrong', '10.1.0.1');
      expect((await signIn(running.url, 'marie.dupont', 'marie-pass', '10.1.0.2')).status).to.equal(429);
      // Another login from the same addresses is not locked.
      expect((await signIn(running.url, 'james.walker', 'james-pass', '10.1.0.1')).status).to.equal(302);
      offset = 15 * MINUTE + 1000;
      expect((await signIn(running.url, 'marie.dupont', 'marie-pass', '10.1.0.1')).status).to.equal(302);
    });

    it('forgets the failures of a login at its next success', async () => {
      for (let i = 0; i < 9; i++) expect((await signIn(running.url, 'marie.dupont', 'wrong', '10.2.0.1')).status).to.equal(401);
      expect((await signIn(running.url, 'marie.dupont', 'marie-pass', '10.2.0.1')).status).to.equal(302);
      for (let i = 0; i < 9; i++) expect((await signIn(running.url, 'marie.dupont', 'wrong', '10.2.0.1')).status).to.equal(401);
      expect((await signIn(running.url, 'marie.dupont', 'marie-pass', '10.2.0.1')).status).to.equal(302);
    });

    it('locks a client address that tries many logins, not the other addresses', async () => {
      for (let i = 0; i < 30; i++) expect((await signIn(running.url, `guess${i}`, 'wrong', '10.3.0.1')).status).to.equal(401);
      const refused = await signIn(running.url, 'james.walker', 'james-pass', '10.3.0.1');
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await signIn(running.url, 'james.walker', 'james-pass', '10.3.0.2')).status).to.equal(302);
    });

    it('holds the limits across two processes on one database', async () => {
      for (let i = 0; i < 5; i++) expect((await signIn(running.url, 'marie.dupont', 'wrong', `10.4.0.${i}`)).status).to.equal(401);
      for (let i = 0; i < 5; i++) expect((await signIn(secondUrl, 'marie.dupont', 'wrong', `10.4.1.${i}`)).status).to.equal(401);
      expect((await signIn(running.url, 'marie.dupont', 'wrong', '10.4.2.1')).status).to.equal(429);
      expect((await signIn(secondUrl, 'marie.dupont', 'marie-pass', '10.4.2.2')).status).to.equal(429);
    });

    it('stops a burst of simultaneous guesses at the limit', async () => {
      const statuses = await Promise.all(Array.from({ length: 15 }, (_, i) => signIn(running.url, 'marie.dupont', `burst-${i}`, `10.5.0.${i}`).then((r) => r.status)));
      // Never more than 10 passwords checked; simultaneous attempts may see each other's counts and stop sooner.
      const checked = statuses.filter((s) => s === 401).length;
      expect(checked).to.be.within(1, 10);
      expect(statuses.filter((s) => s === 429)).to.have.length(15 - checked);
    });

    it('throttles bad API keys per address, answering in JSON with Retry-After', async () => {
      const call = (key: string, address: string) =>
        fetch(`${running.url}/api/contacts`, { headers: { DOLAPIKEY: key, 'x-forwarded-for': address, accept: 'application/json' } });
      for (let i = 0; i < 10; i++) expect((await call(`bad-key-${i}`, '10.6.0.1')).status).to.equal(401);
      const refused = await call('bad-key-x', '10.6.0.1');
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(14 * 60, 15 * 60);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error).to.deep.equal({ code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-in attempts. Try again in 15 min.' });
      // A right key from that address waits too (else the refusals would tell which key is right); others pass.
      expect((await call('demo-admin-key', '10.6.0.1')).status).to.equal(429);
      expect((await call('demo-admin-key', '10.6.0.2')).status).to.equal(200);
      offset = 15 * MINUTE + 1000;
      expect((await call('demo-admin-key', '10.6.0.1')).status).to.equal(200);
    });
  });
}

describe('sessions and caching', () => {
  let running: RunningCrm;
  let marieId: number;

  before(async () => {
    running = await startCrm();
    marieId = (await running.crm.users.create({ login: 'marie.dupont', password: 'marie-pass' })).id;
  });
  after(() => running.close());

  it("ends a user's sessions when an admin changes their password", async () => {
    const marie = new PageClient(running.url);
    await marie.login('marie.dupont', 'marie-pass');
    expect((await marie.get('/contacts')).status).to.equal(200);
    const admin = new PageClient(running.url);
    await admin.login('admin', 'admin');
    const form = await admin.get(`/admin/users/${marieId}`);
    expect(form.status).to.equal(200);
    const saved = await admin.post(`/admin/users/${marieId}`, { login: 'marie.dupont', password: 'new-marie-pass', lang: 'en_US', active: '1' });
    expect(saved.status).to.equal(303);
    const after = await marie.get('/contacts');
    expect(after.status).to.equal(302);
    expect(after.location).to.equal('/login?next=%2Fcontacts');
    const again = new PageClient(running.url);
    await again.login('marie.dupont', 'new-marie-pass');
    expect((await again.get('/contacts')).status).to.equal(200);
  });

  it('keeps the session that changed its own password and ends the same user\'s others', async () => {
    const here = new PageClient(running.url);
    await here.login('admin', 'admin');
    const elsewhere = new PageClient(running.url);
    await elsewhere.login('admin', 'admin');
    const adminId = running.adminId;
    await here.get(`/admin/users/${adminId}`);
    const saved = await here.post(`/admin/users/${adminId}`, { login: 'admin', password: 'admin-new', lang: 'en_US', admin: '1', active: '1' });
    expect(saved.status).to.equal(303);
    expect((await here.get('/contacts')).status).to.equal(200);
    expect((await elsewhere.get('/contacts')).status).to.equal(302);
    // Other edits leave the sessions alone.
    await here.get(`/admin/users/${marieId}`);
    const marie = new PageClient(running.url);
    await marie.login('marie.dupont', 'new-marie-pass');
    expect((await here.post(`/admin/users/${marieId}`, { login: 'marie.dupont', firstname: 'Marie', lang: 'en_US', active: '1' })).status).to.equal(303);
    expect((await marie.get('/contacts')).status).to.equal(200);
  });

  it('marks signed-in pages and API answers no-store, and leaves the sign-in page cacheable', async () => {
    const marie = new PageClient(running.url);
    await marie.login('marie.dupont', 'new-marie-pass');
    for (const path of ['/', '/contacts', '/thirdparties', '/m/gcontacts/contact/1']) {
      expect((await marie.get(path)).headers.get('cache-control'), path).to.equal('no-store');
    }
    const api = await fetch(`${running.url}/api/contacts`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
    expect(api.headers.get('cache-control')).to.equal('no-store');
    expect((await new PageClient(running.url).get('/login')).headers.get('cache-control')).to.equal(null);
  });
});
