import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, push, syncWorld } from '../sync/helpers';

for (const engine of testEngines()) {
  describe(`GContacts tab of a contact card [${engine.name}]`, () => {
    const world = syncWorld(engine);
    const tab = async (id: number) => {
      const res = await fetch(`${world.crm.url}/m/gcontacts/contact/${id}`, { headers: { DOLAPIKEY: 'demo-admin-key' } });
      return { status: res.status, html: await res.text() };
    };
    before(() => announceSkippedEngines());

    it('shows, per connected account, whether the contact is in Google and its sync flag', async () => {
      const c = await createContact(world, { lastname: 'Tabbed', firstname: 'Zoé', email: 'zoe@example.com' });
      const before = await tab(c.id);
      expect(before.status).to.equal(200);
      expect(before.html).to.include(world.account.email);
      expect(before.html).to.include('not in Google');
      expect(before.html).to.include('on — synced with Google');
      await push(world);
      const after = await tab(c.id);
      expect(after.html).to.match(/<td>linked<\/td>/);
      expect(after.html).to.match(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      await world.sync.setSyncFlag(c.id, false, null);
      expect((await tab(c.id)).html).to.include('off — not synced');
    });

    it('says a private contact never leaves the CRM, and hides it from other users', async () => {
      const admin = world.crm.adminId;
      const c = await world.crm.crm.contacts.create({ userId: admin }, { lastname: 'Hidden', private: true }, { actorId: admin });
      expect((await tab(c.id)).html).to.include('never leaves the CRM');
      const other = await world.crm.crm.users.create({ login: 'tab-reader', password: 'secret1' });
      await world.crm.crm.users.setRights(other.id, ['gcontacts.read']);
      const key = await world.crm.crm.users.newApiKey(other.id);
      const res = await fetch(`${world.crm.url}/m/gcontacts/contact/${c.id}`, { headers: { DOLAPIKEY: key } });
      expect(res.status).to.equal(404);
      expect(await res.text()).to.not.include('Hidden');
    });

    it('escapes what it shows', async () => {
      const c = await createContact(world, { lastname: '<script>alert(1)</script>' });
      const { html } = await tab(c.id);
      expect(html).to.not.include('<script>alert(1)</script>');
      expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });
}
