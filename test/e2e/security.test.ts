/** The web edges under hostile or broken input, over real HTTP: statuses, messages, headers, nothing changed. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { startCrm, type RunningCrm } from '../support/crm';
import { PageClient, textOf } from './pages-client';

describe('web edges under hostile input', () => {
  let running: RunningCrm;
  let admin: PageClient;

  before(async () => {
    running = await startCrm();
    admin = new PageClient(running.url);
    await admin.login('admin', 'admin');
  });
  after(() => running.close());

  const contactCount = async () => Number((await running.crm.db('llx_socpeople').count({ n: '*' }).first())!.n);
  const api = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/contacts`, {
      method: 'POST',
      headers: { DOLAPIKEY: 'demo-admin-key', 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
    });

  describe('request bodies the parser refuses', () => {
    it('answers a JSON body over the size limit with 413 and a message, not a 500, and stores nothing', async () => {
      const before = await contactCount();
      const res = await api(JSON.stringify({ lastname: 'x'.repeat(2_000_000) }));
      expect(res.status).to.equal(413);
      expect(res.headers.get('content-security-policy')).to.be.a('string');
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).to.equal('BAD_INPUT');
      expect(json.error.message).to.equal('The request body is too large.');
      expect(await contactCount()).to.equal(before);
    });

    it('answers an unknown charset with 415 and a broken gzip body with 400, each with a message', async () => {
      const before = await contactCount();
      const charset = await api('{"lastname":"a"}', { 'content-type': 'application/json; charset=klingon' });
      expect(charset.status).to.equal(415);
      expect(((await charset.json()) as { error: { message: string } }).error.message).to.equal('The request body is in an encoding this server does not read.');
      const gzip = await api('{"lastname":"a"}', { 'content-encoding': 'gzip' });
      expect(gzip.status).to.equal(400);
      expect(((await gzip.json()) as { error: { message: string } }).error.message).to.equal('The request could not be read.');
      expect(await contactCount()).to.equal(before);
    });

    it('answers a form over the size limit with a 413 page that carries the security headers', async () => {
      const res = await admin.post('/thirdparties/new', { name: 'x'.repeat(1_100_000) });
      expect(res.status).to.equal(413);
      expect(textOf(res.html)).to.include('The request body is too large.');
      expect(res.html).to.not.match(/at \S+ \(|node_modules/);
      const raw = await fetch(`${running.url}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2_000_000) });
      expect(raw.headers.get('content-security-policy')).to.include("default-src 'self'");
      expect(raw.headers.get('x-frame-options')).to.equal('DENY');
    });

    it('answers a malformed %-escape in a path with 400, not a 500', async () => {
      const page = await admin.get('/contacts/%E0%A4%A');
      expect(page.status).to.be.oneOf([400, 404]);
      const json = await fetch(`${running.url}/api/contacts/%E0%A4%A`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
      expect(json.status).to.be.oneOf([400, 404]);
    });
  });

  describe('module routes', () => {
    it('refuses a malformed contact id on the GContacts tab with a translated message that does not echo it', async () => {
      const res = await admin.get('/m/gcontacts/contact/x%3Cb%3Ebold');
      expect(res.status).to.equal(400);
      const text = textOf(res.html);
      expect(text).to.include('Invalid contact identifier.');
      expect(text).to.not.include('bold');
      await running.crm.users.create({ login: 'lecteur', password: 'secret1', lang: 'fr_FR' });
      const fr = new PageClient(running.url);
      await fr.login('lecteur', 'secret1');
      await running.crm.users.setRights((await running.crm.users.list()).find((u) => u.login === 'lecteur')!.id, ['gcontacts.read']);
      const frRes = await fr.get('/m/gcontacts/contact/0');
      expect(frRes.status).to.equal(400);
      expect(textOf(frRes.html)).to.include('Identifiant de contact invalide.');
    });
  });

  describe('JSON API input of the wrong type', () => {
    it('answers 400 naming the field, in the reader\'s language only, and changes nothing', async () => {
      const user = await running.crm.users.create({ login: 'typist', password: 'secret1', lang: 'fr_FR' });
      const key = await running.crm.users.newApiKey(user.id);
      const before = await contactCount();
      for (const [body, field] of [
        [{ lastname: 123 }, 'lastname'],
        [{ lastname: 'Ok', private: 'maybe' }, 'private'],
        [{ lastname: 'Ok', status: 7 }, 'status'],
        [{ lastname: 'Ok', thirdPartyId: -3 }, 'thirdPartyId'],
        [{ lastname: ['a'] }, 'lastname'],
      ] as const) {
        const res = await api(JSON.stringify(body), { DOLAPIKEY: key });
        expect(res.status, JSON.stringify(body)).to.equal(400);
        const { error } = (await res.json()) as { error: { message: string; field?: string } };
        expect(error.field).to.equal(field);
        expect(error.message, JSON.stringify(body)).to.equal('Valeur invalide pour ce champ.');
      }
      expect(await contactCount()).to.equal(before);
    });
  });

  describe('sessions and rights', () => {
    const rawLogin = async (cookie: string | null) => {
      const page = await fetch(`${running.url}/login`, { headers: cookie ? { cookie } : {} });
      const sid = page.headers.getSetCookie().find((c) => c.startsWith('crm.sid=')) ?? null;
      const jar = cookie ?? sid!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await fetch(`${running.url}/login`, {
        method: 'POST', redirect: 'manual', headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, login: 'admin', password: 'admin', next: '/' }),
      });
      return { before: jar, setCookie: res.headers.getSetCookie().find((c) => c.startsWith('crm.sid='))!, status: res.status };
    };

    it('gives a new session id at sign-in (a fixed one is worthless), HttpOnly and SameSite; logout ends it server-side', async () => {
      const { before, setCookie, status } = await rawLogin(null);
      expect(status).to.equal(302);
      const after = setCookie.split(';')[0]!;
      expect(after).to.not.equal(before);
      expect(setCookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i);
      const home = (cookie: string) => fetch(`${running.url}/`, { headers: { cookie }, redirect: 'manual' });
      expect((await home(before)).status).to.equal(302);
      expect((await home(after)).status).to.equal(200);
      const page = await (await home(after)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      await fetch(`${running.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: after, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }) });
      expect((await home(after)).status).to.equal(302);
    });

    it('stores passwords scrypt-hashed and API keys as hashes only: the database never holds either in clear', async () => {
      const user = await running.crm.users.create({ login: 'hashed', password: 'clear-password-42' });
      const key = await running.crm.users.newApiKey(user.id);
      const row = JSON.stringify(await running.crm.db('llx_user').where('rowid', user.id).first());
      expect(row).to.not.include('clear-password-42').and.not.include(key);
      expect(row).to.match(/"pass_hash":"scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}"/);
      const ok = await fetch(`${running.url}/api/contacts?limit=1`, { headers: { DOLAPIKEY: key } });
      expect(ok.status).to.equal(200);
    });

    it('follows only same-site paths after sign-in (no open redirect)', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/\tevil', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x=1']) {
        const client = new PageClient(running.url);
        await client.get('/login');
        const res = await client.post('/login', { login: 'admin', password: 'admin', next });
        expect(res.status).to.equal(302);
        expect(res.location, next).to.match(/^\/(?![\/\\])/);
        expect(res.location, next).to.not.include('evil.example');
      }
    });

    it('keeps module pages to the users holding their right: no read right, no tab; no admin right, no setup page', async () => {
      const contact = await running.crm.contacts.create({ userId: null }, { lastname: 'Visible' });
      const reader = await running.crm.users.create({ login: 'no-rights', password: 'secret1' });
      const client = new PageClient(running.url);
      await client.login('no-rights', 'secret1');
      expect((await client.get(`/m/gcontacts/contact/${contact.id}`)).status).to.equal(403);
      expect((await client.get('/m/gcontacts/setup')).status).to.equal(403);
      expect((await client.get(`/contacts/${contact.id}`)).html).to.not.include('/m/gcontacts/contact/');
      await running.crm.users.setRights(reader.id, ['gcontacts.read', 'gcontacts.sync', 'gcontacts.import']);
      expect((await client.get(`/m/gcontacts/contact/${contact.id}`)).status).to.equal(200);
      expect((await client.get('/m/gcontacts/setup')).status).to.equal(403);
      expect((await client.get('/admin/modules')).status).to.equal(403);
      expect((await client.post('/admin/modules/gcontacts/disable')).status).to.equal(403);
      expect(running.crm.modules.enabled('gcontacts')).to.not.equal(null);
    });
  });

  describe('private contacts', () => {
    it('stay invisible to others on the third-party card and its count, list filters, search, the new-contact form and the API', async () => {
      const tp = await running.crm.thirdParties.create({ name: 'Discreet SA' });
      const owner = await running.crm.users.create({ login: 'keeper', password: 'secret1' });
      const other = await running.crm.users.create({ login: 'peeker', password: 'secret1' });
      await running.crm.contacts.create({ userId: owner.id }, { lastname: 'Hushhush', email: 'hush@discreet.example', thirdPartyId: tp.id, private: true }, { actorId: owner.id });
      await running.crm.contacts.create({ userId: owner.id }, { lastname: 'Openly', thirdPartyId: tp.id }, { actorId: owner.id });
      const peeker = new PageClient(running.url);
      await peeker.login('peeker', 'secret1');
      const card = await peeker.get(`/thirdparties/${tp.id}`);
      expect(card.html).to.include('Openly').and.not.include('Hushhush').and.not.include('hush@discreet');
      expect(textOf(card.html)).to.include('Contacts (1)');
      for (const path of [`/contacts?thirdPartyId=${tp.id}`, '/contacts?q=hush', '/contacts?q=discreet.example', `/contacts/new?thirdPartyId=${tp.id}`]) {
        expect((await peeker.get(path)).html, path).to.not.include('Hushhush');
      }
      const key = await running.crm.users.newApiKey(other.id);
      for (const path of [`/api/contacts?thirdPartyId=${tp.id}`, '/api/contacts?q=hush', '/api/contacts', `/api/thirdparties/${tp.id}`]) {
        const body = await (await fetch(`${running.url}${path}`, { headers: { DOLAPIKEY: key } })).text();
        expect(body, path).to.not.include('Hushhush');
      }
      const keeper = new PageClient(running.url);
      await keeper.login('keeper', 'secret1');
      expect((await keeper.get(`/thirdparties/${tp.id}`)).html).to.include('Hushhush');
    });
  });

  describe('a database failing under a request', () => {
    let broken: RunningCrm;
    let client: PageClient;
    beforeEach(async () => {
      broken = await startCrm();
      client = new PageClient(broken.url);
    });
    afterEach(() => broken.close());
    const alive = async () => expect((await fetch(`${broken.url}/healthz`)).status).to.equal(200);

    it('answers a sign-in or logout whose session cannot be renewed or ended with a 500 page (not success), and stays up', async () => {
      const signedIn = new PageClient(broken.url);
      await signedIn.login('admin', 'admin');
      await client.get('/login');
      await broken.crm.db.raw("CREATE TRIGGER no_session_delete BEFORE DELETE ON llx_session BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
      const res = await client.post('/login', { login: 'admin', password: 'admin', next: '/' });
      expect(res.status).to.equal(500);
      expect(res.html).to.not.include('disk on fire');
      await alive();
      // A logout that did not end the session must not look like one that did.
      const out = await signedIn.post('/logout');
      expect(out.status).to.equal(500);
      await alive();
    });

    it('treats a session row that is not valid JSON as no session (sign in again), instead of never answering', async () => {
      await client.login('admin', 'admin');
      await broken.crm.db('llx_session').update({ sess: '{"cookie":' });
      const res = await Promise.race([client.get('/contacts'), new Promise<null>((resolve) => setTimeout(() => resolve(null), 15000))]);
      expect(res, 'no answer at all').to.not.equal(null);
      expect(res!.status).to.equal(302);
      expect(res!.location).to.match(/^\/login/);
      await alive();
    });

    it('shows a module\'s own server failure as the generic 500 message, not its internals (a file path)', async () => {
      const c = await broken.crm.contacts.create({ userId: null }, { lastname: 'Keyless' });
      writeFileSync(join(broken.crm.config.dataDir, 'modules', 'gcontacts', 'secret.key'), 'c2hvcnQ=');
      await client.login('admin', 'admin');
      const res = await client.get(`/m/gcontacts/contact/${c.id}`);
      expect(res.status).to.equal(500);
      const text = textOf(res.html);
      expect(text).to.include('Something went wrong on our side.');
      expect(text).to.not.include('secret.key').and.not.include(broken.crm.config.dataDir);
      const json = await fetch(`${broken.url}/m/gcontacts/contact/${c.id}`, { headers: { DOLAPIKEY: 'demo-admin-key', accept: 'application/json' } });
      expect(await json.text()).to.not.include('secret.key');
    });

    it('answers a module page whose frame cannot be drawn with a 500 page, and the CRM stays up', async () => {
      const tp = await broken.crm.thirdParties.create({ name: 'Gone Ltd' });
      const c = await broken.crm.contacts.create({ userId: null }, { lastname: 'Framed', thirdPartyId: tp.id });
      await client.login('admin', 'admin');
      await broken.crm.db.raw('ALTER TABLE llx_societe RENAME TO llx_societe_gone');
      const res = await Promise.race([
        client.get(`/m/gcontacts/contact/${c.id}`),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000)),
      ]);
      expect(res, 'no answer at all').to.not.equal(null);
      expect(res!.status).to.equal(500);
      expect(res!.html).to.not.include('llx_societe');
      await alive();
    });
  });

  describe('JSON API: sales reps and paging input', () => {
    const put = (id: number, body: unknown) =>
      fetch(`${running.url}/api/thirdparties/${id}/salesreps`, {
        method: 'PUT', headers: { DOLAPIKEY: 'demo-admin-key', 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body),
      });
    const reps = async (id: number) => (await running.crm.thirdParties.salesReps(id)).map((u) => u.id);

    it('refuses unknown fields beside userIds with 400 and changes nothing', async () => {
      const tp = await running.crm.thirdParties.create({ name: 'Reps Unknown' });
      await running.crm.thirdParties.setSalesReps(tp.id, [running.adminId]);
      const res = await put(tp.id, { userIds: [], userIdz: [running.adminId] });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).to.equal('Unknown field: userIdz');
      expect(await reps(tp.id)).to.deep.equal([running.adminId]);
    });

    it('refuses a list of 50,000 user ids with 400 and a message (not a 500 from the database), also from the page form', async () => {
      const tp = await running.crm.thirdParties.create({ name: 'Reps Flood' });
      const ids = Array.from({ length: 50_000 }, (_, i) => i + 1);
      const res = await put(tp.id, { userIds: ids });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).to.equal('At most 1000 values.');
      const page = await admin.post(`/thirdparties/${tp.id}/salesreps`, { reps: ids.slice(0, 20_000).map(String) });
      expect(page.status).to.be.oneOf([400, 413]);
      expect(await reps(tp.id)).to.deep.equal([]);
    });

    it('says what is wrong with a page size of 0 or "abc": the page size, not an identifier', async () => {
      for (const limit of ['0', 'abc', '5000']) {
        const res = await fetch(`${running.url}/api/contacts?limit=${limit}`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
        expect(res.status).to.equal(400);
        expect(((await res.json()) as { error: { message: string } }).error.message, limit).to.equal('The page size must be between 1 and 1000.');
      }
    });
  });

  describe('content security policy', () => {
    it('lets no injected <base> rewrite the page\'s links and forms, and loads no plugins', async () => {
      const csp = (await fetch(`${running.url}/login`)).headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));
      expect(directives.get('base-uri')).to.equal("'none'");
      // No form-action: it would also block a form's redirect to Google's consent page (connecting an account).
      expect(directives.get('object-src')).to.equal("'none'");
      expect(directives.get('script-src')).to.equal("'self'");
      expect(directives.get('frame-ancestors')).to.equal("'none'");
    });
  });
});
