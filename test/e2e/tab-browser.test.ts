/**
 * The GContacts tab in a real Chromium (issue 10 "Done when"), against the CRM and the Google sandbox over HTTP:
 * a phone edit shows as a red row and "Use Google value" takes it without a Google write at the next push; a CRM
 * edit Google refused for a while goes with "Send CRM value"; an 'ask' conflict is settled from the tab; the
 * deleted-in-Google state; a stale view refused; hostile names shown as text; the French tab. Screenshots of the
 * tab (en, fr) go to docs/screenshots with UPDATE_SCREENSHOTS=1, else to a temp directory.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { backgroundColor, chromiumAvailable, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { testEngines } from '../support/engines';
import { createContact, googleOf, linkOf, push, syncWorld, updateContact, writesOf } from '../integration/sync/helpers';
import { phoneEdit } from '../integration/web/tab-helpers';

const shot = (name: string) =>
  process.env.UPDATE_SCREENSHOTS ? new URL(`../../docs/screenshots/${name}`, import.meta.url).pathname : join(tmpdir(), `gc-${process.pid}-${name}`);

async function signIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/login`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

/** The comparison row of a field in the tab. */
const row = (page: Page, field: string) => page.locator(`table.gc-compare tr[data-field="${field}"]`);

describe('GContacts tab in Chromium', function () {
  this.timeout(60_000);
  const world = syncWorld(testEngines()[0]!, { conflict_policy: 'ask', mass_delete_share: 1 });
  let browser: LaunchedBrowser;
  const dialogs: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    browser.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(browser.page, world.crm.url, 'admin', 'admin');
  });
  after(async () => {
    await browser?.close();
  });

  const open = async (id: number) => {
    await browser.page.goto(`${world.crm.url}/m/gcontacts/contact/${id}`);
    return browser.page;
  };
  const click = async (page: Page, scope: ReturnType<Page['locator']> | Page, name: string) => {
    await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), scope.getByRole('button', { name, exact: true }).first().click()]);
  };

  it('a phone edit shows as a red row; "Use Google value" updates the CRM and the next push writes nothing to Google', async () => {
    const tp = await world.crm.crm.thirdParties.create({ name: 'Boulangerie Ô Délices', town: 'Annecy' });
    const c = await createContact(world, {
      civility: 'MME', lastname: "N'Guessan-Lefèvre", firstname: 'Anaïs', jobTitle: 'Gérante', thirdPartyId: tp.id, email: 'anais@odelices.fr',
      phoneWork: '+33 4 50 12 34 56', phoneMobile: '+33 6 70 80 90 10', address: '4 rue Royale', zip: '74000', town: 'Annecy', country: 'France',
      birthday: '1984-06-21', note: 'Prefers calls in the morning.',
    });
    await push(world);
    await phoneEdit(world, c.id, '+33 6 99 88 77 66');
    const page = await open(c.id);
    const mobile = row(page, 'phoneMobile');
    expect(await mobile.getAttribute('data-state')).to.equal('differs');
    expect(await mobile.locator('.gc-status').innerText()).to.include('Different');
    // Red to the eye, and in words for screen readers and colour-blind readers.
    expect(await backgroundColor(mobile)).to.equal('rgb(253, 236, 234)');
    expect(await row(page, 'email').count()).to.equal(0);
    expect(await row(page, 'emailWork').getAttribute('data-state')).to.equal('same');
    expect(await page.getByRole('button', { name: 'Sync now', exact: true }).count()).to.equal(1);
    expect(await page.getByLabel('Sync with Google').isChecked()).to.equal(true);
    await page.screenshot({ path: shot('contact-card.png'), fullPage: true });

    await click(page, mobile, 'Use Google value');
    expect(await page.locator('.gc-message').first().innerText()).to.equal('Changed in the CRM: Mobile phone.');
    expect(await row(page, 'phoneMobile').getAttribute('data-state')).to.equal('same');
    expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.phoneMobile).to.equal('+33 6 99 88 77 66');
    const writes = writesOf(world);
    await push(world);
    expect(writesOf(world)).to.equal(writes);
  });

  it('a CRM edit Google refused for a while is sent with "Send CRM value" once Google is back', async () => {
    const c = await createContact(world, { lastname: 'Refused', phoneWork: '+33 1 00 00 00 01' });
    await push(world);
    await updateContact(world, c.id, { phoneWork: '+33 1 00 00 00 02' });
    world.sandbox.control.injectFaults({ route: '*', fault: 'error503', count: 100 });
    const failed = await push(world);
    world.sandbox.control.clearFaults();
    expect(failed.status).to.equal('failed');
    const page = await open(c.id);
    expect(await page.locator('section.gc-account').getAttribute('data-state')).to.equal('pending');
    expect(await page.locator('.gc-queued').innerText()).to.match(/Google refused the last \d+ attempt\(s\)/);
    await click(page, row(page, 'phoneWork'), 'Send CRM value');
    expect(await page.locator('.gc-message').first().innerText()).to.equal(`Changed in Google (${world.account.email}): Work phone.`);
    expect((await googleOf(world, c.id)).phoneNumbers?.find((p) => p.type === 'work')?.value).to.equal('+33 1 00 00 00 02');
  });

  it('an ask conflict is resolved from the tab', async () => {
    const c = await createContact(world, { lastname: 'Torn', jobTitle: 'Clerk' });
    await push(world);
    const person = await googleOf(world, c.id);
    await world.google.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: 'organizations', requestBody: { etag: person.etag, organizations: [{ title: 'Phone title' }] } });
    await updateContact(world, c.id, { jobTitle: 'CRM title' });
    await push(world);
    const page = await open(c.id);
    const conflict = page.locator('table.gc-conflicts tr[data-field="jobTitle"]');
    expect(await conflict.innerText()).to.match(/CRM title[\s\S]*Phone title[\s\S]*Clerk/);
    await click(page, conflict, 'Keep CRM');
    expect(await page.locator('table.gc-conflicts').count()).to.equal(0);
    expect(await page.locator('.gc-message').first().innerText()).to.equal(`Changed in Google (${world.account.email}): Job title.`);
    expect((await googleOf(world, c.id)).organizations?.[0]?.title).to.equal('CRM title');
  });

  it('shows the deleted-in-Google state, and "Re-create in Google" brings the contact back', async () => {
    const c = await createContact(world, { lastname: 'Vanished' });
    await push(world);
    await world.google.people.deleteContact({ resourceName: (await googleOf(world, c.id)).resourceName! });
    await world.sync.pull({ trigger: 'test', waitForLease: true });
    const page = await open(c.id);
    expect(await page.locator('section.gc-account').getAttribute('data-state')).to.equal('deleted-in-google');
    expect(await page.locator('.gc-state').innerText()).to.include('Deleted in Google');
    expect(await page.getByRole('button', { name: 'Leave unlinked' }).count()).to.equal(1);
    await click(page, page, 'Re-create in Google');
    expect(await page.locator('section.gc-account').getAttribute('data-state')).to.equal('synced');
    expect((await linkOf(world, c.id))!.state).to.equal('linked');
  });

  it('refuses a stale view and shows the new comparison', async () => {
    const c = await createContact(world, { lastname: 'Stale', email: 'before@example.com' });
    await push(world);
    await phoneEdit(world, c.id, '+33 6 12 12 12 12');
    const page = await open(c.id);
    await updateContact(world, c.id, { email: 'after@example.com' });
    await click(page, row(page, 'phoneMobile'), 'Use Google value');
    expect(await page.locator('.gc-message').first().innerText()).to.equal('This contact changed meanwhile (in the CRM or in Google), so nothing was applied. Here is the new comparison.');
    expect(await row(page, 'emailWork').locator('td').first().innerText()).to.equal('after@example.com');
    expect((await world.crm.crm.contacts.get({ userId: null }, c.id))!.phoneMobile).to.equal(null);
  });

  it('shows a contact named <img src=x onerror=alert(1)> as text', async () => {
    const c = await createContact(world, { lastname: '<img src=x onerror=alert(1)>', note: '<script>alert(2)</script>' });
    await push(world);
    const page = await open(c.id);
    expect(await row(page, 'familyName').locator('td').first().innerText()).to.equal('<img src=x onerror=alert(1)>');
    expect(await page.locator('section.gc-tab img').count()).to.equal(0);
    expect(dialogs).to.deep.equal([]);
  });

  it('speaks French to a French user', async () => {
    const fr = await world.crm.crm.users.create({ login: 'zoe.fr', password: 'secret-fr', lang: 'fr_FR' });
    await world.crm.crm.users.setRights(fr.id, ['gcontacts.read', 'gcontacts.sync']);
    const c = await createContact(world, { lastname: 'Lefèvre', firstname: 'Zoé', phoneMobile: '+33 6 01 02 03 04', email: 'zoe@exemple.fr' });
    await push(world);
    await phoneEdit(world, c.id, '+33 6 05 06 07 08');
    await signIn(browser.page, world.crm.url, 'zoe.fr', 'secret-fr');
    const page = await open(c.id);
    expect(await page.locator('html').getAttribute('lang')).to.match(/^fr/);
    expect(await row(page, 'phoneMobile').locator('.gc-status').innerText()).to.include('Différent');
    expect(await page.getByLabel('Synchroniser avec Google').isChecked()).to.equal(true);
    expect(await page.getByRole('button', { name: 'Prendre la valeur Google' }).count()).to.equal(1);
    expect(await page.locator('section.gc-tab').innerText()).to.not.match(/\b(true|false|undefined|en_US|tab\.)/);
    await page.screenshot({ path: shot('contact-card-fr.png'), fullPage: true });
  });
});
