import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, push, syncWorld } from '../sync/helpers';

for (const engine of testEngines()) {
  describe(`GContacts setup page [${engine.name}]`, () => {
    const world = syncWorld(engine);
    const get = async (key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts/setup`, { headers: { DOLAPIKEY: key } });
      return { status: res.status, html: await res.text() };
    };
    before(() => announceSkippedEngines());

    it('says plainly that the module talks to the sandbox, and where', async () => {
      const { status, html } = await get();
      expect(status).to.equal(200);
      expect(html).to.include('SANDBOX');
      expect(html).to.include(world.sandbox.url);
    });

    it('lists the connected accounts, the settings in force and the run history', async () => {
      await createContact(world, { lastname: 'Setup', email: 'setup@example.com' });
      await push(world);
      const { html } = await get();
      expect(html).to.include(world.account.email);
      expect(html).to.include('all shared contacts');
      expect(html).to.include('Google group of CRM contacts');
      expect(html).to.match(/<td>CRM<\/td>/);
      expect(html).to.include('push (test)');
      expect(html).to.match(/created 1/);
    });

    it('is for administrators of the module only', async () => {
      const rep = await world.crm.crm.users.create({ login: 'setup-rep', password: 'secret1', lang: 'fr_FR' });
      await world.crm.crm.users.setRights(rep.id, ['gcontacts.read', 'gcontacts.sync']);
      const key = await world.crm.crm.users.newApiKey(rep.id);
      expect((await get(key)).status).to.equal(403);
      await world.crm.crm.users.setRights(rep.id, ['gcontacts.admin']);
      const fr = await get(key);
      expect(fr.status).to.equal(200);
      expect(fr.html).to.include('BAC À SABLE');
    });
  });
}
