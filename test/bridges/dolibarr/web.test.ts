/**
 * The sidecar's web side over HTTP: Dolibarr's webhook endpoint (secret in the path, answered at once), sign-in
 * with a Dolibarr login checked by Dolibarr's /login, module rights from Dolibarr's permissions, and the contact
 * tab taking a Dolibarr contact id, shown only to those Dolibarr's own pages would show it to.
 */
import { expect } from 'chai';
import { bridgeWorld } from './world';
import { testEngines } from '../../support/engines';

const engine = testEngines()[0]!;

describe('Dolibarr bridge: webhook endpoint, sign-in, rights and the contact tab', function () {
  this.timeout(30_000);
  const world = bridgeWorld(engine);
  const base = () => world.dolibarr.control.webhookUrl!.replace(/\/dolibarr\/webhook\/.*$/, '');

  async function signIn(fields: Record<string, string>, lang = 'en-US'): Promise<{ status: number; cookie: string; text: string }> {
    const res = await fetch(`${base()}/login`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers: { 'accept-language': lang } });
    return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, text: await res.text() };
  }
  const get = (path: string, cookie: string) => fetch(`${base()}${path}`, { headers: { cookie }, redirect: 'manual' });

  it('answers a delivery at once, but only on the secret path', async () => {
    const wrong = await fetch(`${base()}/dolibarr/webhook/not-the-secret`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triggercode: 'CONTACT_DELETE', object: { id: '1' } }) });
    expect(wrong.status).to.equal(404);
    await world.bridge.inbox.idle();
    expect(await world.bridge.mirror.known(1)).to.not.equal(null);
    const started = Date.now();
    const right = await fetch(world.dolibarr.control.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triggercode: 'CONTACT_MODIFY', object: { id: 1 } }) });
    expect(right.status).to.equal(200);
    // Dolibarr waits for this answer inside its transaction: it must not wait for the read-back.
    expect(Date.now() - started).to.be.lessThan(world.bridge.config.pollSeconds * 1000);
    await world.bridge.inbox.idle();
  });

  it('signs a sales rep in with her Dolibarr login, learns her third parties, and refuses a wrong password', async () => {
    const bad = await signIn({ login: 'marie', password: 'nope' });
    expect(bad.status).to.equal(401);
    expect(bad.text).to.include('Wrong login, password or API key');
    const french = await signIn({ login: 'marie', password: '' }, 'fr-FR');
    expect([french.status, french.text.includes('Saisissez votre identifiant')]).to.deep.equal([400, true]);
    const ok = await signIn({ login: 'marie', password: 'marie' });
    expect(ok.status).to.equal(302);
    expect(await world.host.contacts.thirdPartiesOfSalesRep(2)).to.deep.equal([1, 3]);
  });

  it('signs in with a personal API key instead, and refuses a user without API rights', async () => {
    expect((await signIn({ apikey: 'dolibarr-james-key' })).status).to.equal(302);
    expect((await signIn({ login: 'lucas', password: 'lucas' })).status).to.equal(401);
  });

  it('shows the tab of a contact to its sales rep only, and a private one to its creator only', async () => {
    const { cookie } = await signIn({ login: 'marie', password: 'marie' });
    const status = async (id: number) => (await get(`/m/gcontacts/contact/${id}`, cookie)).status;
    expect(await status(1)).to.equal(200); // Acme: hers
    expect(await status(7)).to.equal(404); // Bäckerei: james's customer
    expect(await status(11)).to.equal(404); // james's private contact at the shared Globex (the API would show it)
    expect(await status(9)).to.equal(200); // her own private contact at Globex
    expect(await status(18)).to.equal(200); // her own private contact without third party
    expect(await status(19)).to.equal(404); // james's contact without third party
  });

  it('gives module rights from Dolibarr: setup for admins only, CSRF on every POST', async () => {
    const marie = await signIn({ login: 'marie', password: 'marie' });
    expect((await get('/m/gcontacts/setup', marie.cookie)).status).to.equal(403);
    const admin = await signIn({ login: 'admin', password: 'admin' });
    const page = await get('/m/gcontacts/setup', admin.cookie);
    expect(page.status).to.equal(200);
    const post = await fetch(`${base()}/m/gcontacts/setup`, { method: 'POST', headers: { cookie: admin.cookie }, body: new URLSearchParams({ container_group: 'X' }), redirect: 'manual' });
    expect(post.status).to.equal(403);
    expect((await get('/m/gcontacts/setup', '')).headers.get('location')).to.match(/^\/login\?next=/);
  });
});
