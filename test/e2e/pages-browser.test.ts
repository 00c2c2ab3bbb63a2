/** The contact card in a real Chromium: sign in, open a contact, see the GContacts tab, edit a field, save. */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { backgroundColor, chromiumAvailable, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startCrm, type RunningCrm } from '../support/crm';

// The README's contact-card screenshot shows the GContacts tab (tab-browser.test.ts takes it); this one of the
// host's own card tab goes to a temp directory.
const SCREENSHOT = join(tmpdir(), `gc-contact-card-${process.pid}.png`);

describe('CRM pages in Chromium', function () {
  let running: RunningCrm;
  let browser: LaunchedBrowser;
  let contactId: number;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    running = await startCrm();
    const { crm } = running;
    const tp = await crm.thirdParties.create({ name: 'Boulangerie Ô Délices', town: 'Annecy', client: true, phone: '+33 4 50 00 00 00' });
    contactId = (
      await crm.contacts.create(
        { userId: running.adminId },
        {
          civility: 'MME', lastname: "N'Guessan-Lefèvre", firstname: 'Anaïs', jobTitle: 'Gérante', thirdPartyId: tp.id, email: 'anais@odelices.fr',
          phoneWork: '+33 4 50 12 34 56', phoneMobile: '+33 6 70 80 90 10', address: '4 rue Royale', zip: '74000', town: 'Annecy', country: 'France',
          birthday: '1984-06-21', note: 'Prefers calls in the morning.',
        },
        { actorId: running.adminId },
      )
    ).id;
    browser = await launchBrowser({ viewport: { width: 1280, height: 860 } });
  });

  after(async () => {
    await browser?.close();
    await running?.close();
  });

  it('signs in, opens a contact with its GContacts tab, edits a field and saves', async () => {
    const { page } = browser;
    await page.goto(`${running.url}/contacts/${contactId}`);
    // Signed out: the login page, which brings us back to the contact.
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', 'admin');
    await Promise.all([page.waitForURL(`**/contacts/${contactId}`), page.click('button[type=submit]')]);

    const tabs = page.locator('nav.tabs a');
    expect(await tabs.allTextContents()).to.deep.equal(['Contact', 'GContacts']);
    expect(await page.locator('nav.tabs a.active').textContent()).to.equal('Contact');
    expect(await page.locator('h1').first().textContent()).to.include("Anaïs N'Guessan-Lefèvre");

    await page.click('a[href$="/edit"]');
    expect(await page.inputValue('input[name=jobTitle]')).to.equal('Gérante');
    await page.fill('input[name=jobTitle]', 'Directrice générale');
    await Promise.all([page.waitForURL(`**/contacts/${contactId}`), page.click('form.form-grid button[type=submit]')]);

    expect(await page.locator('.alert-ok').textContent()).to.include("Contact Anaïs N'Guessan-Lefèvre saved.");
    expect(await page.locator('.record-head').textContent()).to.include('Directrice générale');
    const stored = await running.crm.contacts.get({ userId: null }, contactId);
    expect(stored).to.include({ jobTitle: 'Directrice générale', version: 2, email: 'anais@odelices.fr', birthday: '1984-06-21' });

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.click('nav.tabs a:has-text("GContacts")');
    await page.waitForURL(`**/m/gcontacts/contact/${contactId}`);
    expect(await page.locator('nav.tabs a.active').textContent()).to.equal('GContacts');
  });

  it('runs without a single CSP violation or script error', async () => {
    const { page } = browser;
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    for (const path of ['/', '/contacts', `/contacts/${contactId}/edit`, '/thirdparties', '/admin/users', '/admin/modules']) await page.goto(running.url + path);
    expect(problems).to.deep.equal([]);
    // The stylesheet is applied (served from /static under style-src 'self').
    const bar = await backgroundColor(page.locator('header.topbar'));
    expect(bar).to.equal('rgb(38, 60, 92)');
  });
});
