import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, syncWorld, updateContact } from '../sync/helpers';
import { fingerprintOf, phoneEdit, rowState, tabClient } from './tab-helpers';

const contactOf = (world: ReturnType<typeof syncWorld>, id: number) => world.crm.crm.contacts.get({ userId: null }, id);

for (const engine of testEngines()) {
  describe(`GContacts tab: states and whole-contact actions [${engine.name}]`, function () {
    this.timeout(30_000);
    const world = syncWorld(engine, { conflict_policy: 'ask', mass_delete_share: 1 });
    const tab = tabClient(world);
    before(() => announceSkippedEngines());

    it('shows an ask conflict with both values and settles it with "Keep Google"', async () => {
      const c = await createContact(world, { lastname: 'Torn', phoneMobile: '+33 6 10 00 00 00' });
      await push(world);
      await phoneEdit(world, c.id, '+33 6 20 00 00 00');
      await updateContact(world, c.id, { phoneMobile: '+33 6 30 00 00 00' });
      await push(world);
      const view = await tab.get(c.id);
      expect(view.html).to.include('A conflict waits for your decision: both sides changed the same field.');
      expect(view.html).to.match(/Waiting for your decision[\s\S]*?Mobile phone[\s\S]*?\+33 6 30 00 00 00[\s\S]*?\+33 6 20 00 00 00[\s\S]*?\+33 6 10 00 00 00[\s\S]*?>Keep CRM<\/button>[\s\S]*?>Keep Google<\/button>/);
      const list = await (await fetch(`${world.crm.url}/contacts?gcontacts.google=conflict`, { headers: { DOLAPIKEY: 'demo-admin-key' } })).text();
      expect(list).to.include('Torn');
      const conflict = /name="action" value="keep-google">\s*<input type="hidden" name="conflict" value="(\d+)">/.exec(view.html)![1]!;
      const answer = await tab.post(c.id, { action: 'keep-google', conflict, fingerprint: fingerprintOf(view.html) });
      expect(answer.html).to.include('Changed in the CRM: Mobile phone.');
      expect(answer.html).to.include('Synced</strong>');
      expect((await contactOf(world, c.id))!.phoneMobile).to.equal('+33 6 20 00 00 00');
    });

    it('"Use Google value" on a field waiting under ask settles its conflict too', async () => {
      const c = await createContact(world, { lastname: 'Torn twice', phoneMobile: '+33 6 11 00 00 00' });
      await push(world);
      await phoneEdit(world, c.id, '+33 6 21 00 00 00');
      await updateContact(world, c.id, { phoneMobile: '+33 6 31 00 00 00' });
      await push(world);
      const view = await tab.get(c.id);
      expect(view.html).to.include('A conflict waits for your decision');
      const answer = await tab.post(c.id, { action: 'use-google', account: String(world.account.id), field: 'phoneMobile', fingerprint: fingerprintOf(view.html) });
      expect(answer.html).to.include('Changed in the CRM: Mobile phone.');
      expect(answer.html).to.include('Synced</strong>');
      expect(answer.html).to.not.include('Waiting for your decision');
      expect(await world.sync.context.stores.conflicts.unresolved(c.id)).to.deep.equal([]);
    });

    it('"Sync now" settles this contact both ways at once', async () => {
      const c = await createContact(world, { lastname: 'Quick', jobTitle: 'Clerk' });
      await push(world);
      await phoneEdit(world, c.id, '+33 6 40 00 00 00');
      await updateContact(world, c.id, { jobTitle: 'Manager' });
      const view = await tab.get(c.id);
      const answer = await tab.post(c.id, { action: 'sync-now', fingerprint: fingerprintOf(view.html) });
      expect(answer.html).to.include('Changed in the CRM: Mobile phone.');
      expect(answer.html).to.include(`Changed in Google (${world.account.email}): Job title.`);
      expect(rowState(answer.html, 'phoneMobile')).to.equal('same');
      expect(rowState(answer.html, 'jobTitle')).to.equal('same');
    });

    it('"Send all CRM values" overwrites every Google difference; "Use all Google values" takes them all', async () => {
      const c = await createContact(world, { lastname: 'Many', firstname: 'Al', email: 'al@example.com' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.google.people.updateContact({
        resourceName: person.resourceName!, updatePersonFields: 'names,emailAddresses',
        requestBody: { etag: person.etag, names: [{ givenName: 'Albert', familyName: 'Many' }], emailAddresses: [{ value: 'albert@example.com', type: 'work' }] },
      });
      const view = await tab.get(c.id);
      const sent = await tab.post(c.id, { action: 'send-all-crm', account: String(world.account.id), fingerprint: fingerprintOf(view.html) });
      expect(sent.html).to.include(`Changed in Google (${world.account.email}): First name, Work email.`);
      expect((await googleOf(world, c.id)).names?.[0]?.givenName).to.equal('Al');

      await phoneEdit(world, c.id, '+33 6 50 00 00 00');
      const again = await tab.get(c.id);
      const taken = await tab.post(c.id, { action: 'use-all-google', account: String(world.account.id), fingerprint: fingerprintOf(again.html) });
      expect(taken.html).to.include('Changed in the CRM: Mobile phone.');
    });

    it('shows "deleted in Google" and offers "Re-create in Google" and "Leave unlinked"', async () => {
      const c = await createContact(world, { lastname: 'Gone' });
      await push(world);
      await world.google.people.deleteContact({ resourceName: (await googleOf(world, c.id)).resourceName! });
      await world.sync.pull({ trigger: 'test', waitForLease: true });
      const view = await tab.get(c.id);
      expect(view.html).to.include('Deleted in Google: someone deleted this contact in this Google account');
      expect(view.html).to.include('>Re-create in Google</button>');
      const left = await tab.post(c.id, { action: 'leave-unlinked', account: String(world.account.id), fingerprint: fingerprintOf(view.html) });
      expect(left.html).to.include('Left unlinked: this contact is not sent to this Google account again.');
      expect((await linkOf(world, c.id))!.state).to.equal('unlinked');
      const back = await tab.post(c.id, { action: 'recreate', account: String(world.account.id), fingerprint: fingerprintOf(left.html) });
      expect(back.html).to.include('Re-created in Google.');
      expect((await linkOf(world, c.id))!.state).to.equal('linked');
      expect((await googleOf(world, c.id)).names?.[0]?.familyName).to.equal('Gone');
    });

    it('says why a contact is not in a sales rep\'s account: another rep\'s third party', async () => {
      const marie = await world.crm.crm.users.create({ login: 'tab-marie', password: 'secret1' });
      const james = await world.crm.crm.users.create({ login: 'tab-james', password: 'secret1' });
      const connected = await world.sync.connect({ email: `marie.${Date.now()}@example.com`, scope: { kind: 'salesrep', userId: marie.id } });
      try {
        const tp = await world.crm.crm.thirdParties.create({ name: 'James Co' });
        await world.crm.crm.thirdParties.setSalesReps(tp.id, [james.id]);
        const c = await createContact(world, { lastname: 'Elsewhere', thirdPartyId: tp.id });
        const { html } = await tab.get(c.id);
        const section = html.slice(html.indexOf(`data-account="${connected.kind === 'connected' ? connected.account.email : ''}"`));
        expect(section).to.match(/data-state="out-of-scope"[\s\S]*?Not synced with this account\.[\s\S]*?Reason: this account holds one sales rep&#39;s contacts/);
      } finally {
        if (connected.kind === 'connected') await world.sync.context.stores.accounts.setStatus(connected.account.id, 'reconnect', null);
      }
    });

    it('shows a broken account as a banner, with "Reconnect" for admins only', async () => {
      const c = await createContact(world, { lastname: 'Broken' });
      await push(world);
      await world.sync.context.stores.accounts.setStatus(world.account.id, 'reconnect', 'invalid_grant');
      try {
        const { html } = await tab.get(c.id);
        expect(html).to.include(`The Google account ${world.account.email} needs reconnecting`);
        expect(html).to.match(/<form method="post" action="\/m\/gcontacts\/oauth2\/connect"[\s\S]*?>Reconnect<\/button>/);
        const rep = await world.crm.crm.users.create({ login: 'tab-rep', password: 'secret1' });
        await world.crm.crm.users.setRights(rep.id, ['gcontacts.read', 'gcontacts.sync']);
        const repView = await tabClient(world, await world.crm.crm.users.newApiKey(rep.id)).get(c.id);
        expect(repView.html).to.include('An administrator can reconnect it');
        expect(repView.html).to.not.include('>Reconnect</button>');
      } finally {
        await world.sync.context.stores.accounts.setStatus(world.account.id, 'active', null);
      }
    });
  });
}
