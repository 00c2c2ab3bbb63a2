import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { chromiumAvailable, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { clientOptions, harness, listAll } from './helpers';

/** A stand-in for the CRM's OAuth callback: it only has to exist so the browser can land on it. */
async function callbackServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.end('<html><body><h1 id="done">Signed in</h1></body></html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/callback`, server };
}

describe('sandbox: in Chromium', function () {
  this.timeout(60_000);
  const h = harness(this);
  let browser: LaunchedBrowser;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
  });
  after(async () => {
    await browser?.close();
  });

  it('clicks through the account chooser and consent, and the client gets a working code', async () => {
    const cb = await callbackServer();
    // The callback listens on a port of its own: registered for the client first, as at Google.
    h.sandbox.control.registerRedirectUri(cb.url);
    try {
      h.sandbox.control.createAccount('existing.user@example.com');
      const auth = new OAuth2Client(clientOptions(h.sandbox, cb.url));
      // createAccount already consented for this client: without prompt=consent Google would not send a new refresh token.
      const url = auth.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: ['https://www.googleapis.com/auth/contacts'], state: 'st-42' });
      const { page } = browser;
      await page.goto(url);
      await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
      await page.locator('button[data-email="existing.user@example.com"]').click();
      await page.getByText('See, edit, download, and permanently delete your contacts').waitFor();
      await page.locator('#allow').click();
      await page.locator('#done').waitFor();
      const landed = new URL(page.url());
      expect(landed.searchParams.get('state')).to.equal('st-42');
      const { tokens } = await auth.getToken(landed.searchParams.get('code')!);
      expect(tokens.refresh_token).to.be.a('string');
    } finally {
      cb.server.close();
    }
  });

  it('signs in a new address typed into "Use another account"', async () => {
    const cb = await callbackServer();
    // The callback listens on a port of its own: registered for the client first, as at Google.
    h.sandbox.control.registerRedirectUri(cb.url);
    try {
      const auth = new OAuth2Client(clientOptions(h.sandbox, cb.url));
      const { page } = browser;
      await page.goto(auth.generateAuthUrl({ scope: ['openid', 'email'] }));
      await page.locator('#email').fill('brand.new@example.com');
      await page.locator('#next').click();
      await page.locator('#allow').click();
      await page.locator('#done').waitFor();
      const { tokens } = await auth.getToken(new URL(page.url()).searchParams.get('code')!);
      const info = await (await fetch(`${h.sandbox.url}/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
      expect(info).to.include({ email: 'brand.new@example.com' });
    } finally {
      cb.server.close();
    }
  });

  it('lets a person add a contact on the phone page and move it to a label', async () => {
    const email = 'phone.browser@example.com';
    const api = h.people(email);
    await api.contactGroups.create({ requestBody: { contactGroup: { name: 'Clients' } } });
    const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
    const { page } = browser;
    await page.goto(`${h.sandbox.url}/phone/${encodeURIComponent(email)}`);
    await page.locator('#add').click();
    await page.locator('#givenName').fill('Paul');
    await page.locator('#familyName').fill('Durand');
    await page.locator('#phone').fill('+33 6 00 00 00 01');
    await page.locator('#save').click();
    await page.getByRole('link', { name: 'Paul Durand' }).click();
    await page.getByLabel('Clients').check();
    await page.locator('#save').click();
    await page.getByText('Clients (1)').waitFor();
    const delta = await listAll(api, { personFields: 'names,memberships', syncToken: full.syncToken! });
    expect(delta.connections).to.have.length(1);
    expect(delta.connections[0]!.names?.[0]?.displayName).to.equal('Paul Durand');
    expect(delta.connections[0]!.memberships).to.have.length(2);
  });
});
