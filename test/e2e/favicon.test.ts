/** The CRM's icon: browsers ask for /favicon.ico on every page, so it is served (no 404 in every log and console). */
import { expect } from 'chai';
import { chromiumAvailable, launchBrowser } from '../support/browser';
import { startCrm, type RunningCrm } from '../support/crm';

describe('favicon', function () {
  this.timeout(60_000);
  let running: RunningCrm;

  before(async () => {
    running = await startCrm();
  });
  after(() => running.close());

  it('serves the icon at /favicon.ico and /static/favicon.svg without signing in', async () => {
    for (const path of ['/favicon.ico', '/static/favicon.svg']) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.match(/^image\/svg\+xml/);
      expect(await res.text(), path).to.match(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });

  it('links the icon from the layout, and a browser signing in meets no 404', async function () {
    const html = await (await fetch(`${running.url}/login`)).text();
    expect(html).to.include('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    if (!chromiumAvailable()) this.skip();
    const browser = await launchBrowser();
    try {
      const missing: string[] = [];
      browser.page.on('response', (res) => {
        if (res.status() === 404) missing.push(res.url());
      });
      await browser.page.goto(`${running.url}/login`);
      await browser.page.fill('input[name=login]', 'admin');
      await browser.page.fill('input[name=password]', 'admin');
      await Promise.all([browser.page.waitForURL((url) => !url.pathname.startsWith('/login')), browser.page.click('button[type=submit]')]);
      await browser.page.goto(`${running.url}/favicon.ico`);
      expect(missing).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});
