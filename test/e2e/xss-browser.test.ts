/**
 * Google data is hostile input: a contact pulled from a phone can be named `<img src=x onerror=alert(1)>`. In a real
 * Chromium, every CRM page that shows it (host pages, the contact card frame, the GContacts tab) runs no script.
 */
import { expect } from 'chai';
import { chromiumAvailable, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startCrm, type RunningCrm } from '../support/crm';

const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(2)>';

describe('hostile names in Chromium', function () {
  this.timeout(60_000);
  let running: RunningCrm;
  let browser: LaunchedBrowser;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    running = await startCrm();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  it('runs no script from a contact or third party named like HTML, on any page that shows them', async () => {
    const { crm } = running;
    const tp = await crm.thirdParties.create({ name: `${SVG}${IMG}`, town: IMG, email: 'x@y.fr' });
    const c = await crm.contacts.create(
      { userId: running.adminId },
      { lastname: IMG, firstname: SVG, jobTitle: IMG, civility: `<b>`, thirdPartyId: tp.id, town: SVG, note: `</p>${IMG}`, address: `</textarea>${IMG}` },
      { actorId: running.adminId },
    );
    const { page } = browser;
    const fired: string[] = [];
    page.on('dialog', (d) => {
      fired.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => fired.push(String(e)));
    await page.goto(`${running.url}/login`);
    await page.fill('#f-login', 'admin');
    await page.fill('#f-password', 'admin');
    await Promise.all([page.waitForURL(`${running.url}/`), page.click('button[type=submit]')]);
    for (const path of [
      '/', '/contacts', `/contacts?q=${encodeURIComponent('img')}`, `/contacts/${c.id}`, `/contacts/${c.id}/edit`, `/contacts/${c.id}/delete`,
      `/thirdparties`, `/thirdparties/${tp.id}`, `/thirdparties/${tp.id}/edit`, `/thirdparties/${tp.id}/delete`, `/m/gcontacts/contact/${c.id}`,
      `/contacts/new?thirdPartyId=${tp.id}`,
    ]) {
      const res = await page.goto(`${running.url}${path}`);
      expect(res?.status(), path).to.be.below(400);
      expect(await page.locator('img[src="x"], svg').count(), path).to.equal(0);
    }
    expect(fired).to.deep.equal([]);
  });
});
