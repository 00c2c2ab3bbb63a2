/**
 * The tab's cost (issue 10 item 7): one view makes at most one Google request per account and at most 10 database
 * queries of its own. The module's share of the queries is the tab's count minus that of the host's own card tab
 * of the same contact (same sign-in, layout, card header and tabs), so the host's page frame is not charged to it.
 */
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { startTabWorld, type TabWorld } from '../../support/tab-world';

const ACCOUNTS = 5;

for (const engine of testEngines()) {
  describe(`GContacts tab cost, ${ACCOUNTS} accounts [${engine.name}]`, function () {
    this.timeout(60_000);
    let world: TabWorld;
    let key = '';
    before(async () => {
      announceSkippedEngines();
      world = await startTabWorld({ accounts: ACCOUNTS, databaseUrl: await engine.freshUrl() });
      // A sales rep, not an admin: the rights are then real queries, counted like the rest.
      const rep = await world.crm.crm.users.create({ login: 'cost-rep', password: 'secret1' });
      await world.crm.crm.users.setRights(rep.id, ['gcontacts.read', 'gcontacts.sync']);
      key = await world.crm.crm.users.newApiKey(rep.id);
    });
    after(async () => {
      await world?.close();
      await engine.cleanup();
    });

    const measure = async (path: string) => {
      let queries = 0;
      const count = () => void queries++;
      const google = world.googleRequests();
      world.crm.crm.db.on('query', count);
      try {
        const res = await fetch(world.crm.url + path, { headers: { DOLAPIKEY: key } });
        expect(res.status).to.equal(200);
        const html = await res.text();
        return { queries, google: world.googleRequests() - google, html };
      } finally {
        world.crm.crm.db.off('query', count);
      }
    };

    it('reads each account once and the database at most 10 times', async () => {
      const card = await measure(`/contacts/${world.contactId}`);
      const tab = await measure(`/m/gcontacts/contact/${world.contactId}`);
      expect(tab.html.match(/Google values read just now\./g)).to.have.length(ACCOUNTS);
      expect(tab.google).to.be.at.most(ACCOUNTS);
      expect(card.google).to.equal(0);
      expect(tab.queries - card.queries).to.be.at.most(10);
      console.log(`      (tab: ${tab.queries} queries, host card: ${card.queries}, module's share: ${tab.queries - card.queries}; Google requests: ${tab.google})`);
    });
  });
}
