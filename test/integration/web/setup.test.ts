import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, push, syncWorld } from '../sync/helpers';

for (const engine of testEngines()) {
  describe(`GContacts setup page [${engine.name}]`, function () {
    this.timeout(60_000);
    const world = syncWorld(engine);
    const get = async (path = '/setup', key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts${path}`, { headers: { DOLAPIKEY: key }, redirect: 'manual' });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const post = async (path: string, form: Record<string, string>, key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts${path}`, { method: 'POST', headers: { DOLAPIKEY: key }, body: new URLSearchParams(form), redirect: 'manual' });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const validSettings = async () => {
      const values = await world.host.settings.all();
      const form: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) if (value !== false) form[key] = value === true ? 'on' : String(value);
      return form;
    };
    const repKey = async (login: string, rights: string[]) => {
      const rep = await world.crm.crm.users.create({ login, password: 'secret1', lang: 'fr_FR' });
      await world.crm.crm.users.setRights(rep.id, rights);
      return { rep, key: await world.crm.crm.users.newApiKey(rep.id) };
    };
    before(() => announceSkippedEngines());

    it('tells an admin in plain words that the module talks to the test sandbox, not to real Google', async () => {
      const { status, html } = await get();
      expect(status).to.equal(200);
      expect(html).to.include('Test mode.');
      expect(html).to.include('nothing leaves the server');
    });

    it('lists the accounts with their health and buttons, the settings as a form, and the run history in words', async () => {
      await createContact(world, { lastname: 'Setup', email: 'setup@example.com' });
      await push(world);
      const { html } = await get();
      expect(html).to.include(world.account.email);
      expect(html).to.include('all shared contacts');
      for (const name of ['Sync now', 'Export all', 'Check synchro', 'Cleanup', 'Connect a Google account', 'Save']) expect(html).to.include(`>${name}</button>`);
      expect(html).to.match(/<label for="setting-container_group">Google group of CRM contacts<\/label>/);
      expect(html).to.match(/id="setting-container_group" name="container_group" type="text" value="CRM"/);
      expect(html).to.include('<option value="newest" selected>The newest change wins</option>');
      expect(html).to.include('Sending CRM changes to Google');
      expect(html).to.include('by an automated test');
      expect(html).to.include('1 created');
      // No raw codes: statuses, kinds, booleans, settings values.
      expect(html).not.to.match(/>(true|false|done|push|ungroup|newest|en_US)</);
    });

    it('refuses several bad settings at once, each beside its field, and saves nothing', async () => {
      const before = await world.host.settings.all();
      const form = { ...(await validSettings()), mass_delete_share: '3', reconcile_time: '25:99', phone_region: 'fr', conflict_policy: 'dice', sync_interval_minutes: '1.5' };
      const res = await post('/setup/settings', form);
      expect(res.status).to.equal(400);
      expect(res.html).to.include('Nothing was saved');
      expect(res.html).to.include('Enter a value from 0 to 1.');
      expect(res.html).to.include('Enter a time as HH:MM');
      expect(res.html).to.include('two-letter country code');
      expect(res.html).to.include('Choose one of the options.');
      expect(res.html).to.include('Enter a whole number.');
      expect(res.html).to.include('value="25:99"');
      expect(await world.host.settings.all()).to.deep.equal(before);
    });

    it('saves good settings, logs who changed what from what to what, and a container rename renames the Google group at the next push', async () => {
      const form: Record<string, string> = { ...(await validSettings()), container_group: 'Clients CRM', conflict_policy: 'crm' };
      delete form.status_groups;
      const res = await post('/setup/settings', form);
      expect(res.status).to.equal(303);
      expect(res.location).to.match(/\/setup\?saved=1$/);
      expect(await world.host.settings.get('container_group')).to.equal('Clients CRM');
      expect(await world.host.settings.get('conflict_policy')).to.equal('crm');
      const { html } = await get('/setup?saved=1');
      expect(html).to.include('Settings saved.');
      expect(html).to.match(/changed “Google group of CRM contacts”: CRM → Clients CRM/);
      expect(html).to.match(/changed “When both sides changed the same field”: The newest change wins → The CRM wins/);
      await push(world);
      const { data } = await world.google.contactGroups.list({ pageSize: 100 });
      const names = (data.contactGroups ?? []).map((g) => g.name);
      expect(names).to.include('Clients CRM');
      expect(names).not.to.include('CRM');
      await post('/setup/settings', { ...(await validSettings()), container_group: 'CRM', conflict_policy: 'newest' });
    });

    it('starts an operation and answers at once with the run to follow; a sales rep may run only their own account', async () => {
      const res = await post(`/accounts/${world.account.id}/check`, {});
      expect(res.status).to.equal(303);
      expect(res.location).to.match(/\/setup\?run=[\w-]+$/);
      const { rep, key } = await repKey('setup-rep', ['gcontacts.read', 'gcontacts.sync']);
      expect((await post(`/accounts/${world.account.id}/export`, {}, key)).status).to.equal(404);
      expect((await get('/setup', key)).status).to.equal(403);
      const own = await get('/account', key);
      expect(own.status).to.equal(200);
      expect(own.html).to.include('Vous n&#39;avez pas encore connecté votre Gmail');
      expect(own.html).to.include('>Connecter un compte Google</button>');
      expect(own.html).not.to.include(world.account.email);
      expect(rep.id).to.be.a('number');
      // An admin of the module runs every account's operations, with or without the sync right.
      const admin = await repKey('setup-module-admin', ['gcontacts.admin']);
      expect((await post(`/accounts/${world.account.id}/check`, {}, admin.key)).status).to.equal(303);
    });

    it('asks before a Cleanup: how many Google contacts and groups it deletes, with the vCard backup offered first', async () => {
      const page = await get(`/accounts/${world.account.id}/cleanup`);
      expect(page.status).to.equal(200);
      expect(page.html).to.match(/1 Google contacts the module created/);
      expect(page.html).to.include('Download the vCard backup');
      const res = await fetch(`${world.crm.url}/m/gcontacts/accounts/${world.account.id}/backup.vcf`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
      expect(res.headers.get('content-type')).to.match(/text\/vcard/);
      expect(await res.text()).to.match(/BEGIN:VCARD[\s\S]*Setup/);
    });
  });
}
