import { expect } from 'chai';
import type { RunProgress } from '../../../src/sync/run-recorder';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { push, syncWorld, SYSTEM } from '../sync/helpers';
import { check } from './helpers';

const CONTACTS = 3000;
const PAGE = 500;

for (const engine of testEngines()) {
  describe(`Check synchro over ${CONTACTS} contacts, ${PAGE} a page [${engine.name}]`, function () {
    this.timeout(180_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const ids: number[] = [];

    before(async function () {
      this.timeout(180_000);
      for (let i = 0; i < CONTACTS; i++) ids.push((await world.crm.crm.contacts.create(SYSTEM, { lastname: `Paged ${i}`, email: `paged${i}@check.test` })).id);
      expect((await push(world)).counts.created).to.equal(CONTACTS);
    });

    it('reads both sides page by page and keeps complete counts with bounded lists', async () => {
      // Behind the module's back: 150 notes changed in the CRM, 50 contacts deleted in Google.
      await world.host.db('llx_socpeople').whereIn('rowid', ids.slice(0, 150)).update({ note_private: 'changed' });
      const links = await world.sync.context.stores.links.forContacts(world.account.id, ids.slice(-50));
      const gone = [...links.values()].map((link) => link.resourceName!);
      await world.google.people.batchDeleteContacts({ requestBody: { resourceNames: gone } });

      const progress: RunProgress[] = [];
      const report = await check(world, { pageSize: PAGE, limit: 20, onProgress: (p) => progress.push({ ...p }) });
      const c = report.compared!;
      expect(c).to.include({ crmContacts: CONTACTS, crmInScope: CONTACTS, googleContacts: CONTACTS - 50, links: CONTACTS });
      expect(c.orphanLinks.count).to.equal(50);
      expect(c.orphanLinks.items).to.have.length(20);
      expect(c.orphanLinks.items.every((i) => i.reason === 'google-gone' && gone.includes(i.resourceName!))).to.equal(true);
      expect(c.different.count).to.equal(150);
      expect(c.different.items.map((i) => i.contactId)).to.deep.equal(ids.slice(0, 20));
      expect(c.different.items.every((i) => i.fields.join() === 'note')).to.equal(true);
      expect(c.inSync).to.equal(CONTACTS - 50 - 150);

      // 6 Google pages then 6 CRM pages, each reported; one listing request a Google page.
      const googlePages = Math.ceil((CONTACTS - 50) / PAGE);
      expect(progress).to.have.length(googlePages + CONTACTS / PAGE);
      expect(progress.at(-1)!.done).to.equal(CONTACTS - 50 + CONTACTS);
      expect((await world.sync.context.stores.runs.get(report.runId))!.counts.requests).to.equal(googlePages);
    });
  });
}
