/** The CRM's pages over real HTTP: sign-in, contacts and third parties through their forms, private contacts. */
import { expect } from 'chai';
import { startCrm, type RunningCrm } from '../support/crm';
import { fieldError, inputValue, PageClient, textOf } from './pages-client';

describe('CRM pages: sign-in, contacts, third parties', () => {
  let running: RunningCrm;
  let admin: PageClient;
  let acmeId: number;

  before(async () => {
    running = await startCrm();
    const { crm } = running;
    acmeId = (await crm.thirdParties.create({ name: 'Acme Élan', town: 'Lyon', client: true })).id;
    const system = { userId: null };
    await crm.contacts.create(system, { lastname: "D'Arcy-Dupont", firstname: 'Zoé', email: 'zoe@acme.fr', thirdPartyId: acmeId });
    for (let i = 0; i < 30; i++) await crm.contacts.create(system, { lastname: `Filler${String(i).padStart(2, '0')}`, firstname: 'Ann' });
    admin = new PageClient(running.url);
    await admin.login('admin', 'admin');
  });

  after(() => running.close());

  const user = async (login: string, extra: Record<string, unknown> = {}) => {
    await running.crm.users.create({ login, password: 'secret', ...extra });
    const client = new PageClient(running.url);
    await client.login(login, 'secret');
    return client;
  };

  describe('sign-in', () => {
    it('sends an anonymous reader to the login page, then back where they were going', async () => {
      const client = new PageClient(running.url);
      const res = await client.get('/contacts?q=zoe');
      expect(res.status).to.equal(302);
      expect(res.location).to.equal('/login?next=%2Fcontacts%3Fq%3Dzoe');
      const form = await client.get(res.location!);
      expect(inputValue(form.html, 'next')).to.equal('/contacts?q=zoe');
      const ok = await client.post('/login', { login: 'admin', password: 'admin', next: '/contacts?q=zoe' });
      expect(ok.location).to.equal('/contacts?q=zoe');
    });

    it('refuses a wrong password with a message and keeps the login typed', async () => {
      const client = new PageClient(running.url);
      await client.get('/login');
      const res = await client.post('/login', { login: 'admin', password: 'nope', next: '/' });
      expect(res.status).to.equal(401);
      expect(textOf(res.html)).to.include('Wrong login or password.');
      expect(inputValue(res.html, 'login')).to.equal('admin');
    });

    it('refuses a form posted without the CSRF token', async () => {
      const res = await admin.post('/thirdparties/new', { _csrf: 'forged', name: 'Forged' });
      expect(res.status).to.equal(403);
      expect((await running.crm.thirdParties.search({ q: 'Forged' })).total).to.equal(0);
    });

    it('logs out through the top bar form', async () => {
      const client = await user('leaving');
      expect((await client.post('/logout')).location).to.equal('/login');
      expect((await client.get('/')).status).to.equal(302);
    });
  });

  describe('contacts', () => {
    it('lists contacts sorted by name, searches and pages', async () => {
      const first = await admin.get('/contacts');
      expect(first.status).to.equal(200);
      expect(textOf(first.html)).to.include("D'Arcy-Dupont Zoé").and.include('Page 1 of 2 · 31 in all');
      const second = await admin.get('/contacts?page=2');
      expect(textOf(second.html)).to.include('Filler29').and.not.include('Filler00');
      const found = await admin.get('/contacts?q=zo%C3%A9');
      expect(textOf(found.html)).to.include("D'Arcy-Dupont").and.not.include('Filler');
      const byThirdParty = await admin.get(`/contacts?thirdPartyId=${acmeId}`);
      expect(textOf(byThirdParty.html)).to.include("D'Arcy-Dupont").and.include('1 in all');
    });

    it('creates, edits and deletes a contact through the forms', async () => {
      expect((await admin.get('/contacts/new')).status).to.equal(200);
      const created = await admin.post('/contacts/new', {
        civility: 'MME', lastname: 'Lefèvre', firstname: 'Hélène', jobTitle: 'CFO', thirdPartyId: String(acmeId), email: 'helene@acme.fr',
        phoneMobile: '+33 6 11 22 33 44', town: 'Paris', birthday: '1975-04-12', note: 'Met at the fair', status: '1', private: '1',
      });
      expect(created.status).to.equal(303);
      const id = Number(/^\/contacts\/(\d+)$/.exec(created.location!)![1]);
      const stored = (await running.crm.contacts.get({ userId: running.adminId }, id))!;
      expect(stored).to.include({ lastname: 'Lefèvre', civility: 'MME', private: true, birthday: '1975-04-12', thirdPartyId: acmeId, createdBy: running.adminId });

      const card = await admin.get(created.location!);
      expect(textOf(card.html)).to.include('Contact Hélène Lefèvre created.').and.include('Acme Élan').and.include('Private').and.include('Met at the fair');
      expect(card.html).to.match(/class="tab active"[^>]*data-tab="card"/);

      const form = await admin.get(`/contacts/${id}/edit`);
      expect(inputValue(form.html, 'email')).to.equal('helene@acme.fr');
      // The private box unticked sends nothing: the contact must become shared.
      const edited = await admin.post(`/contacts/${id}/edit`, {
        version: '1', civility: 'MME', lastname: 'Lefèvre', firstname: 'Hélène', jobTitle: 'CEO', thirdPartyId: '', email: 'helene@acme.fr', status: '0',
      });
      expect(edited.status).to.equal(303);
      expect((await running.crm.contacts.get({ userId: null }, id))!).to.include({ jobTitle: 'CEO', private: false, thirdPartyId: null, status: 0, town: null });

      expect((await admin.get(`/contacts/${id}/delete`)).status).to.equal(200);
      const deleted = await admin.post(`/contacts/${id}/delete`);
      expect(deleted.location).to.equal('/contacts');
      expect(await running.crm.contacts.get({ userId: null }, id)).to.equal(null);
      expect(textOf((await admin.get('/contacts')).html)).to.include('Contact Hélène Lefèvre deleted.');
    });

    it('shows bad input beside its field with status 400, keeps what was typed and stores nothing', async () => {
      const before = await running.crm.contacts.search({ userId: null }, {});
      const res = await admin.post('/contacts/new', { lastname: 'Nobody', firstname: 'Typed', email: 'not-an-email', status: '1' });
      expect(res.status).to.equal(400);
      expect(fieldError(res.html, 'email')).to.equal('Invalid email address.');
      expect(inputValue(res.html, 'firstname')).to.equal('Typed');
      expect(inputValue(res.html, 'email')).to.equal('not-an-email');
      const missing = await admin.post('/contacts/new', { lastname: '  ', status: '1' });
      expect(missing.status).to.equal(400);
      expect(fieldError(missing.html, 'lastname')).to.equal('This field is required.');
      expect((await running.crm.contacts.search({ userId: null }, {})).total).to.equal(before.total);
    });

    it('refuses to save over a newer version and offers to overwrite knowingly', async () => {
      const c = await running.crm.contacts.create({ userId: null }, { lastname: 'Raced', email: 'a@b.fr' });
      await running.crm.contacts.update({ userId: null }, c.id, { jobTitle: 'changed meanwhile' });
      const res = await admin.post(`/contacts/${c.id}/edit`, { version: '1', lastname: 'Raced', jobTitle: 'mine', status: '1' });
      expect(res.status).to.equal(409);
      expect(textOf(res.html)).to.include('Someone else changed this record');
      expect(inputValue(res.html, 'version')).to.equal('2');
      expect(inputValue(res.html, 'jobTitle')).to.equal('mine');
      const again = await admin.post(`/contacts/${c.id}/edit`, { version: '2', lastname: 'Raced', jobTitle: 'mine', status: '1' });
      expect(again.status).to.equal(303);
    });

    it('escapes data everywhere it is shown', async () => {
      const c = await running.crm.contacts.create({ userId: null }, { lastname: '<script>alert(1)</script>', note: '"><img src=x onerror=alert(1)>' });
      const card = await admin.get(`/contacts/${c.id}`);
      expect(card.html).to.not.include('<script>alert(1)').and.not.include('<img src=x');
      expect(card.html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('keeps a private contact to its creator: others neither list, open nor edit it', async () => {
      const owner = await user('owner');
      const other = await user('other');
      const created = await owner.post('/contacts/new', { lastname: 'Secretive', status: '1', private: '1' });
      const path = created.location!;
      expect((await owner.get(path)).status).to.equal(200);
      expect(textOf((await other.get('/contacts?q=Secretive')).html)).to.include('No contact found.');
      expect((await other.get(path)).status).to.equal(404);
      expect((await other.get(`${path}/edit`)).status).to.equal(404);
      expect((await other.post(`${path}/delete`)).status).to.equal(404);
      expect(textOf((await admin.get('/contacts?q=Secretive')).html)).to.include('No contact found.');
    });

    it('answers 404 for a contact that does not exist or a malformed id', async () => {
      expect((await admin.get('/contacts/999999')).status).to.equal(404);
      const bad = await admin.get('/contacts/abc');
      expect(bad.status).to.equal(404);
      expect(textOf(bad.html)).to.include('This page does not exist.');
    });
  });

  describe('third parties', () => {
    it('creates, edits and lists a third party through the forms', async () => {
      const created = await admin.post('/thirdparties/new', { name: 'Brasserie Saint-Éloi', town: 'Lille', url: 'brasserie.fr', prospect: '1' });
      expect(created.status).to.equal(303);
      const id = Number(/(\d+)$/.exec(created.location!)![1]);
      expect(await running.crm.thirdParties.get(id)).to.include({ name: 'Brasserie Saint-Éloi', prospect: true, client: false });
      const edited = await admin.post(`/thirdparties/${id}/edit`, { name: 'Brasserie Saint-Éloi', town: 'Roubaix', client: '1' });
      expect(edited.status).to.equal(303);
      expect(await running.crm.thirdParties.get(id)).to.include({ town: 'Roubaix', client: true, prospect: false, url: null });
      const list = await admin.get('/thirdparties?q=Brasserie');
      expect(textOf(list.html)).to.include('Brasserie Saint-Éloi').and.include('Roubaix').and.include('1 in all');
    });

    it('shows bad input beside its field and changes nothing', async () => {
      const res = await admin.post(`/thirdparties/${acmeId}/edit`, { name: 'Acme Renamed', phone: 'call me', client: '1' });
      expect(res.status).to.equal(400);
      expect(fieldError(res.html, 'phone')).to.equal('Invalid phone number.');
      expect(inputValue(res.html, 'name')).to.equal('Acme Renamed');
      expect((await running.crm.thirdParties.get(acmeId))!.name).to.equal('Acme Élan');
    });

    it('sets the sales reps with checkboxes', async () => {
      const rep = await running.crm.users.create({ login: 'rep1', password: 'secret', firstname: 'Rémi' });
      const saved = await admin.post(`/thirdparties/${acmeId}/salesreps`, { reps: [String(rep.id), String(running.adminId)] });
      expect(saved.status).to.equal(303);
      expect((await running.crm.thirdParties.salesReps(acmeId)).map((u) => u.login)).to.deep.equal(['admin', 'rep1']);
      const card = await admin.get(`/thirdparties/${acmeId}`);
      expect(textOf(card.html)).to.include('Sales representatives saved.').and.include("D'Arcy-Dupont");
      await admin.post(`/thirdparties/${acmeId}/salesreps`, {});
      expect(await running.crm.thirdParties.salesReps(acmeId)).to.deep.equal([]);
    });

    it('refuses to delete a third party that has contacts, with the reason, then deletes an empty one', async () => {
      const refused = await admin.post(`/thirdparties/${acmeId}/delete`);
      expect(refused.location).to.equal(`/thirdparties/${acmeId}`);
      expect(textOf((await admin.get(refused.location!)).html)).to.include('This third party still has contacts');
      expect(await running.crm.thirdParties.get(acmeId)).to.not.equal(null);

      const empty = await running.crm.thirdParties.create({ name: 'Empty Ltd' });
      expect(textOf((await admin.get(`/thirdparties/${empty.id}/delete`)).html)).to.include('Delete the third party Empty Ltd?');
      const deleted = await admin.post(`/thirdparties/${empty.id}/delete`);
      expect(deleted.location).to.equal('/thirdparties');
      expect(await running.crm.thirdParties.get(empty.id)).to.equal(null);
    });
  });
});
