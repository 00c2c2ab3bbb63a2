import { expect } from 'chai';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { flushTriggers } from '../../../src/sync/triggers';
import type { CheckReport } from '../../../src/sync/check';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, push, runWorldCli, syncWorld, SYSTEM } from '../sync/helpers';
import { check, picture } from './helpers';

for (const engine of testEngines()) {
  describe(`Check synchro [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const ids: Record<string, number> = {};
    const people: Record<string, string> = {};
    let report: CheckReport;

    const cli = (...argv: string[]) => runWorldCli(world, ...argv);

    /** Every situation the report knows, each made for real through the CRM, the module and Google. */
    before(async function () {
      this.timeout(60_000);
      const make = async (key: string, input: Parameters<typeof createContact>[1]) => (ids[key] = (await createContact(world, { lastname: key, ...input })).id);
      // Every field the card maps, so a field that did not round-trip would show as a false difference.
      const company = await world.crm.crm.thirdParties.create({ name: 'Check Co', client: true });
      await make('InSync', {
        civility: 'MME',
        firstname: 'Ann',
        email: 'ann@check.test',
        personalEmail: 'ann@home.test',
        jobTitle: 'Buyer',
        thirdPartyId: company.id,
        phoneWork: '01 23 45 67 89',
        phoneHome: '01 98 76 54 32',
        phoneMobile: '06 12 34 56 78',
        fax: '01 11 22 33 44',
        address: '1 rue de la Paix',
        zip: '75002',
        town: 'Paris',
        country: 'France',
        birthday: '1980-05-17',
        note: 'two\nlines',
      });
      await make('Phoned', { phoneMobile: '06 11 11 11 11' });
      await make('GoneInGoogle', {});
      await make('GoneInCrm', {});
      await make('DupOne', { email: 'dup@check.test' });
      await make('DupTwo', { personalEmail: 'DUP@check.test' });
      await make('Private', { private: true });
      expect((await push(world)).status).to.equal('done');

      // A phone user changes a mobile number and deletes a contact.
      const phoned = await googleOf(world, ids.Phoned!);
      await world.google.people.updateContact({
        resourceName: phoned.resourceName!,
        updatePersonFields: 'phoneNumbers',
        requestBody: { etag: phoned.etag!, phoneNumbers: [{ value: '06 22 22 22 22', type: 'mobile' }] },
      });
      people.gone = (await googleOf(world, ids.GoneInGoogle!)).resourceName!;
      await world.google.people.deleteContact({ resourceName: people.gone });

      // A contact deleted in the CRM while the module was off: its link and Google contact stay behind.
      people.crmGone = (await googleOf(world, ids.GoneInCrm!)).resourceName!;
      await world.crm.crm.modules.disable('gcontacts');
      await world.crm.crm.contacts.remove(SYSTEM, ids.GoneInCrm!);
      await world.crm.crm.modules.enable('gcontacts');
      world.crm.crm.scheduler.cancelAll('gcontacts:');

      // A phone user's new contact in the CRM group, and two people carrying the same CRM id.
      const container = (await world.sync.context.stores.groups.list(world.account.id)).find((g) => g.kind === 'container')!.resourceName;
      const { data: friend } = await world.google.people.createContact({
        requestBody: { names: [{ givenName: 'Phone', familyName: 'Friend' }], emailAddresses: [{ value: 'friend@check.test' }], memberships: [{ contactGroupMembership: { contactGroupResourceName: container } }] },
      });
      people.friend = friend.resourceName!;
      const instance = await world.host.settings.get<string>('instance_id');
      const clientData = [
        { key: CLIENT_DATA_KEYS.instance, value: instance },
        { key: CLIENT_DATA_KEYS.contactId, value: '424242' },
      ];
      for (const key of ['twinA', 'twinB']) people[key] = (await world.google.people.createContact({ requestBody: { names: [{ familyName: key }], clientData } })).data.resourceName!;

      // A new contact whose push fails: pending, failed once, and a failed run.
      await make('Waiting', { email: 'waiting@check.test' });
      world.sandbox.control.injectFaults({ route: 'people.batchCreateContacts', fault: 'error429', count: 20, retryAfterSeconds: 0 });
      expect((await push(world)).status).to.equal('failed');
      world.sandbox.control.clearFaults();
      await world.sync.context.stores.accounts.setStatus(world.account.id, 'active', 'Google was unreachable yesterday');
      await flushTriggers(world.host);
    });

    it('sorts every contact, link and Google person into its category, and writes nothing but its run', async () => {
      const before = await picture(world);
      report = await check(world);
      const after = await picture(world);
      expect(Object.keys(before.tables)).to.include.members(['gcontacts_account', 'gcontacts_link', 'gcontacts_outbox', 'gcontacts_group', 'gcontacts_log']);
      expect(after.runs).to.equal(before.runs + 1);
      expect({ ...after, runs: 0 }).to.deep.equal({ ...before, runs: 0 });

      expect(report.status).to.equal('done');
      const c = report.compared!;
      expect(c).to.include({ crmInScope: 6, googleContacts: 8, links: 7, inSync: 3 });
      expect(c.different.items).to.deep.equal([{ contactId: ids.Phoned, name: 'Phoned', resourceName: (await googleOf(world, ids.Phoned!)).resourceName, fields: ['phoneMobile'], state: 'linked' }]);
      // Its create was recorded as pending before being sent (exactly once): the next push recovers or resends it.
      expect(c.onlyInCrm.items).to.deep.equal([{ contactId: ids.Waiting, name: 'Waiting', reason: 'pending-create' }]);
      expect(c.onlyInGoogle.items).to.deep.equal([{ resourceName: people.friend, name: 'Phone Friend', email: 'friend@check.test', crmId: null }]);
      expect(c.orphanLinks.items).to.have.deep.members([
        { contactId: ids.GoneInGoogle, resourceName: people.gone, reason: 'google-gone' },
        { contactId: ids.GoneInCrm, resourceName: people.crmGone, reason: 'crm-gone' },
      ]);
      expect(c.duplicateEmails.items).to.deep.equal([{ email: 'dup@check.test', contactIds: [ids.DupOne, ids.DupTwo] }]);
      expect(c.sharedCrmIds.items).to.have.length(1);
      expect(c.sharedCrmIds.items[0]!.crmId).to.equal(424242);
      expect(c.sharedCrmIds.items[0]!.resourceNames).to.have.members([people.twinA, people.twinB]);
      expect(c.invalid.count).to.equal(0);

      expect(report.pendingOutbox.items.map((i) => [i.contactId, i.op])).to.deep.equal([[ids.Waiting, 'change']]);
      expect(report.failedOutbox.count).to.equal(1);
      expect(report.failedOutbox.items[0]!.lastError).to.be.a('string').and.not.equal('');
      expect(report.failedRuns.items).to.have.length(1);
      expect(report.failedRuns.items[0]).to.include({ kind: 'push' });
      expect(report.account).to.include({ status: 'active', lastError: 'Google was unreachable yesterday' });
    });

    it('records its run with the counts of every category', async () => {
      const run = (await world.sync.context.stores.runs.get(report.runId))!;
      expect(run).to.include({ kind: 'check', status: 'done', trigger: 'test', accountId: world.account.id });
      expect(run.counts).to.include({ inSync: 3, different: 1, onlyInCrm: 1, onlyInGoogle: 1, orphanLinks: 2, duplicateEmails: 1, sharedCrmIds: 1, pendingOutbox: 1, failedOutbox: 1, failedRuns: 1 });
      // One listing page of Google, nothing else.
      expect(run.counts.requests).to.equal(1);
    });

    it('gcontacts check --json prints one JSON document: the same report', async () => {
      const { code, lines } = await cli('check', '--json', '--account', world.account.email);
      expect(code).to.equal(0);
      expect(lines).to.have.length(1);
      const parsed = JSON.parse(lines[0]!) as { accounts: CheckReport[] };
      expect(parsed.accounts).to.have.length(1);
      const [json] = parsed.accounts;
      expect(json!.runId).to.be.greaterThan(report.runId);
      expect({ ...json, runId: 0 }).to.deep.equal({ ...JSON.parse(JSON.stringify(report)), runId: 0 });
    });

    it('gcontacts check prints a summary with the top items of each category', async () => {
      const { code, lines } = await cli('check', '--account', world.account.email);
      expect(code).to.equal(0);
      const text = lines.filter((l) => !/^check .+: \d+\/\?$/.test(l)).join('\n');
      expect(text).to.match(new RegExp(`^Check synchro ${world.account.email.replace('.', '\\.')} \\(run #\\d+\\)\n`));
      expect(text).to.include('Account status active: Google was unreachable yesterday');
      expect(text).to.include('6 CRM contacts in scope, 8 Google contacts, 7 links; in sync: 3');
      expect(text).to.include(`  Different in the CRM and in Google: 1\n    #${ids.Phoned} Phoned (`);
      expect(text).to.include('): mobile');
      expect(text).to.include(`#${ids.Waiting} Waiting: being created in Google`);
      expect(text).to.include(`${people.friend} Phone Friend friend@check.test`);
      expect(text).to.include(`#${ids.GoneInCrm} → ${people.crmGone}: the CRM contact no longer exists`);
      expect(text).to.include(`dup@check.test: #${ids.DupOne}, #${ids.DupTwo}`);
      expect(text).to.match(/#424242: people\/c\d+, people\/c\d+/);
      expect(text).to.match(new RegExp(`  Changes whose last sending failed: 1\n    #${ids.Waiting} change, 1 attempts, next at \\S+ — Google batchCreate`));
      expect(lines.some((l) => /^check .+: \d+\/\?$/.test(l))).to.equal(true);
    });

    it('answers an unknown account with an error, in JSON under --json', async () => {
      expect(await cli('check', '--account', 'nobody@check.test')).to.deep.equal({ code: 1, lines: ['Error: No connected Google account has the email nobody@check.test.'] });
      const { lines } = await cli('check', '--json', '--account', 'nobody@check.test');
      expect(JSON.parse(lines[0]!)).to.deep.equal({ error: 'No connected Google account has the email nobody@check.test.' });
      expect((await cli('check', '--limit', 'many')).code).to.equal(1);
      expect((await cli('check', '--frobnicate')).code).to.equal(2);
    });

    it('reports a Google failure as a failed check, with what the database alone tells', async () => {
      world.sandbox.control.injectFaults({ route: 'people.connections.list', fault: 'error500', count: 20 });
      try {
        const failed = await check(world);
        expect(failed.status).to.equal('failed');
        expect(failed.error).to.be.a('string');
        expect(failed.compared).to.equal(null);
        expect(failed.pendingOutbox.count).to.equal(1);
        expect((await world.sync.context.stores.runs.get(failed.runId))!).to.include({ kind: 'check', status: 'failed' });
      } finally {
        world.sandbox.control.clearFaults();
      }
    });
  });
}
