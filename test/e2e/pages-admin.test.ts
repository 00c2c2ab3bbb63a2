/** The admin pages over real HTTP: users, module rights, API keys, the modules page; and the French UI. */
import { expect } from 'chai';
import { startCrm, type RunningCrm } from '../support/crm';
import { fieldError, inputValue, PageClient, textOf } from './pages-client';

describe('CRM pages: administration and languages', () => {
  let running: RunningCrm;
  let admin: PageClient;
  let contactId: number;

  before(async () => {
    running = await startCrm();
    contactId = (await running.crm.contacts.create({ userId: null }, { lastname: 'Moreau', firstname: 'Élodie' })).id;
    admin = new PageClient(running.url);
    await admin.login('admin', 'admin');
  });

  after(() => running.close());

  const signedIn = async (login: string, extra: Record<string, unknown> = {}) => {
    const created = await running.crm.users.create({ login, password: 'secret', ...extra });
    const client = new PageClient(running.url);
    await client.login(login, 'secret');
    return { client, id: created.id };
  };

  const gcontactsTabLink = (html: string) => html.includes(`href="/m/gcontacts/contact/${contactId}"`);

  it('refuses every admin page and action to a user who is not an admin (403)', async () => {
    const { client } = await signedIn('plain');
    for (const path of ['/admin/users', '/admin/users/new', `/admin/users/${running.adminId}`, '/admin/modules', '/admin/modules/gcontacts/remove']) {
      const res = await client.get(path);
      expect(res.status, path).to.equal(403);
      expect(textOf(res.html)).to.include('You do not have the right to do this.');
    }
    expect((await client.post('/admin/modules/gcontacts/disable')).status).to.equal(403);
    expect((await client.post(`/admin/users/${running.adminId}`, { login: 'admin', admin: '0', active: '1', lang: 'en_US' })).status).to.equal(403);
    expect(running.crm.modules.enabled('gcontacts')).to.not.equal(null);
    const menu = (await client.get('/')).html;
    expect(menu).to.not.include('href="/admin/users"');
  });

  it('creates and edits a user through the forms; bad input comes back beside its field', async () => {
    const bad = await admin.post('/admin/users/new', { login: 'x', password: 'secret', lang: 'en_US', active: '1' });
    expect(bad.status).to.equal(400);
    expect(fieldError(bad.html, 'login')).to.include('2 to 50 letters');
    expect(inputValue(bad.html, 'password')).to.equal('');

    const created = await admin.post('/admin/users/new', { login: 'camille', password: 'secret', firstname: 'Camille', lang: 'fr_FR', active: '1' });
    expect(created.status).to.equal(303);
    const id = Number(/(\d+)$/.exec(created.location!)![1]);
    expect(await running.crm.users.get(id)).to.include({ login: 'camille', lang: 'fr_FR', admin: false, active: true });

    const taken = await admin.post(`/admin/users/${id}`, { login: 'admin', lang: 'fr_FR', active: '1' });
    expect(taken.status).to.equal(409);
    expect(fieldError(taken.html, 'login')).to.equal('This login is already used.');

    // Empty password keeps the old one; unticked "active" disables the account.
    const saved = await admin.post(`/admin/users/${id}`, { login: 'camille', password: '', firstname: 'Camille', lang: 'en_US' });
    expect(saved.status).to.equal(303);
    expect(await running.crm.users.get(id)).to.include({ active: false, lang: 'en_US' });
    expect(await running.crm.users.authenticate('camille', 'secret')).to.equal(null);
    await admin.post(`/admin/users/${id}`, { login: 'camille', password: 'newpass', lang: 'en_US', active: '1' });
    expect(await running.crm.users.authenticate('camille', 'newpass')).to.not.equal(null);
    expect(textOf((await admin.get('/admin/users')).html)).to.include('camille');
  });

  it('will not let an admin remove their own admin right', async () => {
    const res = await admin.post(`/admin/users/${running.adminId}`, { login: 'admin', lang: 'en_US', active: '1' });
    expect(res.status).to.equal(400);
    expect(fieldError(res.html, 'admin')).to.include('cannot remove your own administrator right');
    expect((await running.crm.users.get(running.adminId))!.admin).to.equal(true);
  });

  it('grants a module right with its checkbox: the GContacts tab shows up for that user', async () => {
    const { client, id } = await signedIn('rights');
    expect(gcontactsTabLink((await client.get(`/contacts/${contactId}`)).html)).to.equal(false);
    expect((await client.get(`/m/gcontacts/contact/${contactId}`)).status).to.equal(403);

    const form = await admin.get(`/admin/users/${id}`);
    expect(textOf(form.html)).to.include('GContacts').and.include('See the GContacts tab of contacts');
    const saved = await admin.post(`/admin/users/${id}/rights`, { rights: ['gcontacts.read', 'not.a.right'] });
    expect(saved.status).to.equal(303);
    expect(await running.crm.users.rights(id)).to.deep.equal(['gcontacts.read']);
    expect((await admin.get(`/admin/users/${id}`)).html).to.match(/name="rights" value="gcontacts.read" checked/);

    expect(gcontactsTabLink((await client.get(`/contacts/${contactId}`)).html)).to.equal(true);
    expect((await client.get(`/m/gcontacts/contact/${contactId}`)).status).to.equal(200);
    await admin.post(`/admin/users/${id}/rights`, {});
    expect(await running.crm.users.rights(id)).to.deep.equal([]);
  });

  it('shows a new API key once, and it opens the JSON API', async () => {
    const { id } = await signedIn('scripter');
    const res = await admin.post(`/admin/users/${id}/apikey`);
    expect(res.status).to.equal(200);
    const key = /<code class="secret">([^<]+)<\/code>/.exec(res.html)![1]!;
    const api = await fetch(`${running.url}/api/contacts/${contactId}`, { headers: { DOLAPIKEY: key } });
    expect(api.status).to.equal(200);
    expect(((await api.json()) as { lastname: string }).lastname).to.equal('Moreau');
    expect((await admin.get(`/admin/users/${id}`)).html).to.not.include(key);
  });

  it('disables the module: its tab and pages are gone; enabling brings them back', async () => {
    expect(gcontactsTabLink((await admin.get(`/contacts/${contactId}`)).html)).to.equal(true);
    const disabled = await admin.post('/admin/modules/gcontacts/disable');
    expect(disabled.location).to.equal('/admin/modules');
    const page = textOf((await admin.get('/admin/modules')).html);
    expect(page).to.include('Module GContacts disabled.').and.include('Disabled').and.include('Remove data');

    const card = await admin.get(`/contacts/${contactId}`);
    expect(card.status).to.equal(200);
    expect(gcontactsTabLink(card.html)).to.equal(false);
    expect(card.html).to.not.include('href="/m/gcontacts/import"');
    expect((await admin.get(`/m/gcontacts/contact/${contactId}`)).status).to.equal(404);

    await admin.post('/admin/modules/gcontacts/enable');
    expect(textOf((await admin.get('/admin/modules')).html)).to.include('Module GContacts enabled.');
    expect(gcontactsTabLink((await admin.get(`/contacts/${contactId}`)).html)).to.equal(true);
    const tab = await admin.get(`/m/gcontacts/contact/${contactId}`);
    expect(tab.status).to.equal(200);
    expect(tab.html).to.match(/class="tab active"[^>]*data-tab="gcontacts:gcontacts"/);
  });

  it('removes module data only when disabled, after a confirm step', async () => {
    await admin.post('/admin/modules/gcontacts/remove');
    expect(textOf((await admin.get('/admin/modules')).html)).to.include('Disable the module before removing its data.');
    expect(await running.crm.db.schema.hasTable('gcontacts_link')).to.equal(true);

    await admin.post('/admin/modules/gcontacts/disable');
    const confirm = await admin.get('/admin/modules/gcontacts/remove');
    expect(textOf(confirm.html)).to.include('Remove all the data of GContacts?');
    await admin.post('/admin/modules/gcontacts/remove');
    expect(textOf((await admin.get('/admin/modules')).html)).to.include('The data of GContacts was removed.');
    expect(await running.crm.db.schema.hasTable('gcontacts_link')).to.equal(false);
    await admin.post('/admin/modules/gcontacts/enable');
    expect(await running.crm.db.schema.hasTable('gcontacts_link')).to.equal(true);
    expect((await admin.get('/admin/modules/nope/remove')).status).to.equal(404);
  });

  it('speaks French to a user whose language is fr_FR, messages and errors included', async () => {
    const { client } = await signedIn('julie', { lang: 'fr_FR' });
    const home = textOf((await client.get('/')).html);
    expect(home).to.include('Accueil').and.include('Tiers').and.include('Se déconnecter').and.include('Nouveau contact');
    const card = textOf((await client.get(`/contacts/${contactId}`)).html);
    expect(card).to.include('Identité').and.include('Prénom').and.include('Modifier');
    const bad = await client.post('/contacts/new', { lastname: 'Test', email: 'faux', status: '1' });
    expect(bad.status).to.equal(400);
    expect(fieldError(bad.html, 'email')).to.equal('Adresse e-mail invalide.');
    const created = await client.post('/contacts/new', { lastname: 'Lévêque', status: '1' });
    expect(textOf((await client.get(created.location!)).html)).to.include('Contact Lévêque créé.');
    expect(textOf((await client.get('/contacts/424242')).html)).to.include('Ce contact n’existe pas ou ne vous est pas visible.');
    expect(textOf((await client.get('/admin/users')).html)).to.include('Vous n’avez pas le droit de faire cela.');
  });

  it('has every string in both languages', async () => {
    const { readFileSync } = await import('node:fs');
    const load = (l: string) => Object.keys(JSON.parse(readFileSync(new URL(`../../host/lang/${l}.json`, import.meta.url), 'utf8')) as object).sort();
    expect(load('fr_FR')).to.deep.equal(load('en_US'));
  });
});
