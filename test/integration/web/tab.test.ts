import { expect } from 'chai';
import { readVCards } from '../../../src/core/vcard';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleOf, linkOf, push, syncWorld, updateContact, writesOf } from '../sync/helpers';
import { startCrm, type RunningCrm } from '../../support/crm';
import { ADMIN_KEY, fingerprintOf, phoneEdit, rowState, tabClient } from './tab-helpers';

for (const engine of testEngines()) {
  describe(`GContacts tab of a contact card [${engine.name}]`, function () {
    this.timeout(30_000);
    const world = syncWorld(engine);
    const tab = tabClient(world);
    before(() => announceSkippedEngines());

    it('compares field by field with Google read live, differences in red and in words', async () => {
      const c = await createContact(world, { lastname: 'Tabbed', firstname: 'Zoé', email: 'zoe@example.com', phoneMobile: '+33 6 11 11 11 11' });
      const before = await tab.get(c.id);
      expect(before.status).to.equal(200);
      expect(before.html).to.include(world.account.email);
      expect(before.html).to.include('Not in Google yet');
      await push(world);
      const synced = await tab.get(c.id);
      expect(synced.html).to.match(/Synced<\/strong> — last synced \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      expect(synced.html).to.include('Every field is the same on both sides.');
      expect(rowState(synced.html, 'phoneMobile')).to.equal('same');

      await phoneEdit(world, c.id, '+33 6 22 22 22 22');
      await updateContact(world, c.id, { note: 'only in the CRM' });
      const { html } = await tab.get(c.id);
      expect(html).to.include('Google values read just now.');
      expect(rowState(html, 'phoneMobile')).to.equal('differs');
      expect(html).to.match(/data-field="phoneMobile" class="gc-differs">[\s\S]*?\+33 6 11 11 11 11[\s\S]*?\+33 6 22 22 22 22[\s\S]*?Different/);
      expect(html).to.match(/data-field="note" class="gc-differs">[\s\S]*?Only in the CRM/);
      expect(html).to.include('Fields that differ: 2 (in red)');
      for (const button of ['Use Google value', 'Send CRM value', 'Sync now', 'Use all Google values', 'Send all CRM values']) expect(html).to.include(`>${button}</button>`);
      expect(html).to.match(/<label for="gc-sync-flag">[^<]*<input type="checkbox" id="gc-sync-flag"[^>]*checked> Sync with Google<\/label>/);
    });

    it('"Use Google value" writes the CRM as the module, and the next push makes no Google write', async () => {
      const c = await createContact(world, { lastname: 'Phoned', phoneMobile: '+33 6 33 33 33 33' });
      await push(world);
      await phoneEdit(world, c.id, '+33 6 44 44 44 44');
      const view = await tab.get(c.id);
      const answer = await tab.post(c.id, { action: 'use-google', account: String(world.account.id), field: 'phoneMobile', fingerprint: fingerprintOf(view.html) });
      expect(answer.status).to.equal(200);
      expect(answer.html).to.include('Changed in the CRM: Mobile phone.');
      expect(rowState(answer.html, 'phoneMobile')).to.equal('same');
      expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.phoneMobile).to.equal('+33 6 44 44 44 44');
      const writes = writesOf(world);
      await push(world);
      expect(writesOf(world)).to.equal(writes);
    });

    it('"Send CRM value" pushes that field to Google now, and says so', async () => {
      const c = await createContact(world, { lastname: 'Sender', jobTitle: 'Buyer' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.google.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: 'organizations', requestBody: { etag: person.etag, organizations: [{ title: 'Chief buyer' }] } });
      const view = await tab.get(c.id);
      expect(rowState(view.html, 'jobTitle')).to.equal('differs');
      const answer = await tab.post(c.id, { action: 'send-crm', account: String(world.account.id), field: 'jobTitle', fingerprint: fingerprintOf(view.html) });
      expect(answer.html).to.include(`Changed in Google (${world.account.email}): Job title.`);
      expect((await googleOf(world, c.id)).organizations?.[0]?.title).to.equal('Buyer');
    });

    it('refuses an action on a stale view and shows the new comparison', async () => {
      const c = await createContact(world, { lastname: 'Stale', email: 'stale@example.com' });
      await push(world);
      await phoneEdit(world, c.id, '+33 6 55 55 55 55');
      const view = await tab.get(c.id);
      await updateContact(world, c.id, { email: 'changed@example.com' });
      const answer = await tab.post(c.id, { action: 'use-google', account: String(world.account.id), field: 'phoneMobile', fingerprint: fingerprintOf(view.html) });
      expect(answer.status).to.equal(409);
      expect(answer.html).to.include('This contact changed meanwhile (in the CRM or in Google), so nothing was applied. Here is the new comparison.');
      expect(answer.html).to.include('changed@example.com');
      expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.phoneMobile).to.equal(null);
    });

    it('shows the last synced values when Google cannot be reached, and offers no field action', async () => {
      const c = await createContact(world, { lastname: 'Offline', phoneWork: '+33 1 23 45 67 89' });
      await push(world);
      world.sandbox.control.injectFaults({ route: '*', fault: 'error503', count: 1 });
      const { html } = await tab.get(c.id);
      world.sandbox.control.clearFaults();
      expect(html).to.match(/Google could not be reached: the Google column shows the values of the last sync \(\d{4}-/);
      expect(rowState(html, 'phoneWork')).to.equal('same');
      expect(html).to.not.include('>Use Google value</button>');
    });

    it('downloads the CRM and Google versions as vCard 4.0', async () => {
      const c = await createContact(world, { lastname: 'Carded', firstname: 'Ana', email: 'ana@example.com' });
      await push(world);
      const crm = await tab.download(c.id, '/vcard/crm');
      expect(crm.type).to.match(/^text\/vcard/);
      expect(crm.disposition).to.include('attachment');
      expect(readVCards(crm.text)[0]!.getFirstPropertyValue('email')).to.equal('ana@example.com');
      const google = await tab.download(c.id, `/vcard/google/${world.account.id}`);
      const [card] = readVCards(google.text);
      expect(card!.getFirstPropertyValue('version')).to.equal('4.0');
      expect(card!.getFirstProperty('n')!.getValues()[0]).to.deep.equal(['Carded', 'Ana', '', '', '']);
      expect(card!.getFirstPropertyValue('x-google-resource-name')).to.equal((await linkOf(world, c.id))!.resourceName);
    });

    it('turns the sync flag off and on, saying what will happen to the Google copy', async () => {
      const c = await createContact(world, { lastname: 'Flagged' });
      await push(world);
      const view = await tab.get(c.id);
      expect(view.html).to.include('It is on. Turning it off takes the Google copy out of the CRM&#39;s groups at the next push');
      const off = await tab.post(c.id, { action: 'sync-flag', fingerprint: fingerprintOf(view.html) });
      expect(off.html).to.include('“Sync with Google” is now off');
      expect(off.html).to.include('Reason: “Sync with Google” is off for this contact.');
      expect(off.html).to.match(/id="gc-sync-flag" name="syncFlag" value="on">/);
      const on = await tab.post(c.id, { action: 'sync-flag', syncFlag: 'on', fingerprint: fingerprintOf(off.html) });
      expect(on.html).to.include('“Sync with Google” is now on');
    });

    it('says why a private contact cannot sync, and hides it from other users', async () => {
      const admin = world.crm.adminId;
      const c = await world.crm.crm.contacts.create({ userId: admin }, { lastname: 'Hidden', private: true }, { actorId: admin });
      const { html } = await tab.get(c.id);
      expect(html).to.include('This contact is private, so it cannot sync with Google');
      expect(html).to.include('deletes it from every Google account');
      expect(html).to.not.include('id="gc-sync-flag"');
      const other = await world.crm.crm.users.create({ login: 'tab-reader', password: 'secret1' });
      await world.crm.crm.users.setRights(other.id, ['gcontacts.read']);
      const key = await world.crm.crm.users.newApiKey(other.id);
      const res = await fetch(`${world.crm.url}/m/gcontacts/contact/${c.id}`, { headers: { DOLAPIKEY: key } });
      expect(res.status).to.equal(404);
      expect(await res.text()).to.not.include('Hidden');
    });

    it('shows the comparison without buttons to a reader without the sync right, says why, and refuses their POST', async () => {
      const c = await createContact(world, { lastname: 'Looked' });
      await push(world);
      const reader = await world.crm.crm.users.create({ login: 'tab-looker', password: 'secret1' });
      await world.crm.crm.users.setRights(reader.id, ['gcontacts.read']);
      const looker = tabClient(world, await world.crm.crm.users.newApiKey(reader.id));
      const { html } = await looker.get(c.id);
      expect(html).to.include('You can see this comparison but not act on it: that needs the right “Start a Google Contacts sync”.');
      for (const button of ['Use Google value', 'Send CRM value', 'Sync now', 'Save']) expect(html).to.not.include(`>${button}</button>`);
      expect(html).to.match(/id="gc-sync-flag"[^>]*disabled/);
      const refused = await looker.post(c.id, { action: 'sync-now', fingerprint: 'x' });
      expect(refused.status).to.equal(403);
    });

    it('adds a "Google" column and filter to the contact list (synced / pending / conflict / not synced)', async () => {
      const synced = await createContact(world, { lastname: 'Listsynced' });
      await push(world);
      const pending = await createContact(world, { lastname: 'Listpending' });
      await world.sync.context.stores.outbox.enqueue([{ accountId: world.account.id, contactId: pending.id, op: 'change' }]);
      await world.sync.setSyncFlag(synced.id, true, null);
      await push(world);
      await world.sync.context.stores.outbox.enqueue([{ accountId: world.account.id, contactId: pending.id, op: 'change' }]);
      const list = async (query: string) => {
        const res = await fetch(`${world.crm.url}/contacts?q=List${query}`, { headers: { DOLAPIKEY: ADMIN_KEY } });
        return res.text();
      };
      const all = await list('');
      expect(all).to.match(/<th>Google<\/th>/);
      expect(all).to.match(/Listsynced[\s\S]*?data-column="gcontacts.google" data-state="synced">synced</);
      expect(all).to.match(/Listpending[\s\S]*?data-column="gcontacts.google" data-state="pending">pending</);
      expect(all).to.match(/<select name="gcontacts.google" aria-label="Google state">/);
      const onlyPending = await list('&gcontacts.google=pending');
      expect(onlyPending).to.include('Listpending');
      expect(onlyPending).to.not.include('Listsynced');
      const notSynced = await list('&gcontacts.google=not-synced');
      expect(notSynced).to.not.include('Listpending');
      expect(notSynced).to.not.include('Listsynced');
      expect(await list('&gcontacts.google=synced')).to.include('Listsynced');
    });

    it('answers a form the page never offers in words, changing nothing', async () => {
      const c = await createContact(world, { lastname: 'Crafted' });
      await push(world);
      const view = await tab.get(c.id);
      const answer = await tab.post(c.id, { action: 'use-google', account: String(world.account.id), field: 'password', fingerprint: fingerprintOf(view.html) });
      expect(answer.status).to.equal(400);
      expect(answer.html).to.include('This action is not known.');
      expect((await tab.post(c.id, { action: 'drop-table', fingerprint: fingerprintOf(view.html) })).status).to.equal(400);
    });

    it('says so when the CRM refuses Google\'s value, and changes nothing', async () => {
      const c = await createContact(world, { lastname: 'Longnote', note: 'short' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.google.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: 'biographies', requestBody: { etag: person.etag, biographies: [{ value: 'n'.repeat(12_000) }] } });
      const view = await tab.get(c.id);
      const answer = await tab.post(c.id, { action: 'use-google', account: String(world.account.id), field: 'note', fingerprint: fingerprintOf(view.html) });
      expect(answer.status).to.equal(400);
      expect(answer.html).to.include('The CRM did not accept Google&#39;s value (its rules refuse it), so nothing was changed.');
      expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.note).to.equal('short');
    });

    it('lists a value the CRM-wins policy overwrote, and "Restore" brings it back on both sides', async () => {
      const c = await createContact(world, { lastname: 'Overwritten', jobTitle: 'Clerk' });
      await push(world);
      const person = await googleOf(world, c.id);
      await world.google.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: 'organizations', requestBody: { etag: person.etag, organizations: [{ title: 'Phone title' }] } });
      await updateContact(world, c.id, { jobTitle: 'CRM title' });
      await world.host.settings.set('conflict_policy', 'crm');
      try {
        await push(world);
      } finally {
        await world.host.settings.set('conflict_policy', 'newest');
      }
      const view = await tab.get(c.id);
      expect(view.html).to.match(/Values a conflict policy overwrote[\s\S]*?Job title[\s\S]*?Phone title[\s\S]*?CRM title[\s\S]*?Google&#39;s value was replaced by the CRM&#39;s[\s\S]*?the CRM&#39;s value wins\.[\s\S]*?>Restore<\/button>/);
      const id = /name="action" value="restore">\s*<input type="hidden" name="overwritten" value="(\d+)">/.exec(view.html)![1]!;
      const answer = await tab.post(c.id, { action: 'restore', overwritten: id, fingerprint: fingerprintOf(view.html) });
      expect(answer.html).to.include('Changed in the CRM: Job title.');
      expect(answer.html).to.match(/Restored on /);
      expect(answer.html).to.not.include('>Restore</button>');
      expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.jobTitle).to.equal('Phone title');
      expect((await googleOf(world, c.id)).organizations?.[0]?.title).to.equal('Phone title');
    });

    it('escapes what it shows', async () => {
      const c = await createContact(world, { lastname: '<img src=x onerror=alert(1)>' });
      await push(world);
      const { html } = await tab.get(c.id);
      expect(html).to.not.include('<img src=x');
      expect(html).to.include('&lt;img src=x onerror=alert(1)&gt;');
    });
  });
}

describe('GContacts tab with no Google account connected', () => {
  let running: RunningCrm;
  before(async () => {
    running = await startCrm();
  });
  after(async () => running?.close());

  it('says so in a helpful sentence, never with a command to run', async () => {
    const c = await running.crm.contacts.create({ userId: null }, { lastname: 'Alone' });
    const res = await fetch(`${running.url}/m/gcontacts/contact/${c.id}`, { headers: { DOLAPIKEY: ADMIN_KEY } });
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(html).to.include('No Google account is connected yet, so this contact is not in Google.');
    expect(html).to.not.match(/npm|gcontacts -- /);
    expect(html).to.not.include('>Sync now</button>');
  });
});
