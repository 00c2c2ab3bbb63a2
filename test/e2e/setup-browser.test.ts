/**
 * The setup page in a real Chromium against the Google sandbox: connecting accounts through the sandbox's chooser
 * and consent pages (allowed, denied, state tampered with), the settings form, Export all followed to its end,
 * a second start refused, the Cleanup confirmation, and the page in French after switching language.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { google } from 'googleapis';
import { startOperation } from '../../src/sync/operation';
import { oauthClient } from '../sandbox/helpers';
import { chromiumAvailable, launchBrowser, setAttributeOfAll, type LaunchedBrowser } from '../support/browser';
import { testEngines } from '../support/engines';
import { syncWorld } from '../integration/sync/helpers';

// The README's screenshots are refreshed on demand (UPDATE_SCREENSHOTS=1); a plain run writes to a temp directory.
const shot = (name: string) => (process.env.UPDATE_SCREENSHOTS ? new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname : join(tmpdir(), `gc-${name}-${process.pid}.png`));

describe('Setup page in Chromium', function () {
  this.timeout(120_000);
  const world = syncWorld(testEngines()[0]!, { push_batch_size: 20 });
  let browser: LaunchedBrowser;
  let page: Page;
  const setup = () => `${world.crm.url}/m/gcontacts/setup`;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    // As an admin registers the CRM's callback with Google: the address the browser uses here.
    world.sandbox.control.registerRedirectUri(`${world.crm.url}/m/gcontacts/oauth2/callback`);
    for (let i = 0; i < 120; i++) await world.crm.crm.contacts.create({ userId: null }, { lastname: `Browser ${i}`, firstname: 'Eve', email: `eve${i}@browser.test` });
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    page = browser.page;
    await page.goto(setup());
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', 'admin');
    await Promise.all([page.waitForURL('**/m/gcontacts/setup'), page.click('button[type=submit]')]);
  });

  after(async () => {
    await browser?.close();
  });

  const consent = async (email: string, decision: 'allow' | 'deny', tamper = false, button = 'Connect a Google account', onConsent?: () => Promise<void>) => {
    await page.goto(setup());
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL(`${world.sandbox.url}/**`);
    await page.fill('#email', email);
    await page.click('#next');
    await page.waitForSelector(`#${decision}`);
    await onConsent?.();
    if (tamper) await setAttributeOfAll(page.locator('input[name=state]'), 'value', 'forged-state');
    await Promise.all([page.waitForURL('**/m/gcontacts/setup?**'), page.click(`#${decision}`)]);
  };

  it('connects a Google account through the sandbox chooser and consent pages', async () => {
    await consent('browser.allow@example.com', 'allow');
    expect(await page.getByRole('status').first().textContent()).to.include('browser.allow@example.com is connected.');
    expect(await page.getByRole('heading', { name: 'browser.allow@example.com' }).count()).to.equal(1);
    expect(await world.sync.context.stores.accounts.byEmail('browser.allow@example.com')).to.include({ status: 'active' });
  });

  it('says so and stores nothing when consent is denied or the state was tampered with', async () => {
    await consent('browser.deny@example.com', 'deny');
    expect(await page.getByRole('alert').first().textContent()).to.include('Access was not allowed');
    await consent('browser.forged@example.com', 'allow', true);
    expect(await page.getByRole('alert').first().textContent()).to.include('does not match the connection started here');
    expect(await world.sync.context.stores.accounts.byEmail('browser.deny@example.com')).to.equal(null);
    expect(await world.sync.context.stores.accounts.byEmail('browser.forged@example.com')).to.equal(null);
  });

  it('connects an account for import only: read-only consent, listed apart, its contacts on the Import page, the account unchanged', async () => {
    const email = 'browser.readonly@example.com';
    // The account already has a contact; the test's own full grant is then revoked, so the CRM's is read-only alone.
    const minted = world.sandbox.control.createAccount(email);
    const auth = oauthClient(world.sandbox);
    auth.setCredentials({ access_token: minted.access_token, refresh_token: minted.refresh_token });
    const people = google.people({ version: 'v1', rootUrl: `${world.sandbox.url}/`, auth, retry: false });
    await people.people.createContact({ requestBody: { names: [{ givenName: 'Olga', familyName: 'Readonly' }], emailAddresses: [{ value: 'olga@readonly.example' }] } });
    await auth.revokeToken(minted.refresh_token);
    const writes = () => world.sandbox.control.dump().accounts.find((a) => a.email === email)!.book.peopleLog.length;
    const before = writes();
    let scopes: string[] = [];
    await consent(email, 'allow', false, 'Connect an account for import only', async () => {
      scopes = await page.locator('ul.list li').allTextContents();
    });
    expect(scopes).to.include('See and download your contacts');
    expect(scopes.join(' ')).not.to.include('edit');
    expect(await page.getByRole('status').first().textContent()).to.include(`${email} is connected for import only`);
    const item = page.locator('li[data-import-only]', { hasText: email });
    expect(await item.textContent()).to.include('Import only: read, never written');
    expect(await item.getByRole('button').allTextContents()).to.deep.equal(['Disconnect…']);
    expect(await page.getByRole('heading', { name: email }).count()).to.equal(0);
    await page.locator('section.import-only').screenshot({ path: shot('setup-import-only') });
    const stored = await world.sync.context.stores.accounts.byEmail(email);
    expect(stored).to.deep.include({ importOnly: true, status: 'active' });
    await Promise.all([page.waitForURL(`**/m/gcontacts/import?account=${stored!.id}`), item.getByRole('link', { name: 'Its contacts on the Import page' }).click()]);
    const row = page.locator('tr[data-candidate]', { hasText: 'Olga Readonly' });
    expect(await row.count()).to.equal(1);
    expect(await row.textContent()).to.include(`${email} (import only)`);
    expect(writes()).to.equal(before);
  });

  it('refuses to turn an account connected for sync into an import-only one', async () => {
    await consent(world.account.email, 'allow', false, 'Connect an account for import only');
    expect(await page.getByRole('alert').first().textContent()).to.include('This Google account is connected for sync');
    expect(await world.sync.context.stores.accounts.byEmail(world.account.email)).to.deep.include({ importOnly: false, status: 'active' });
    expect(await page.locator('article.account', { has: page.getByRole('heading', { name: world.account.email }) }).getByRole('button', { name: 'Sync now' }).count()).to.equal(1);
  });

  it('refuses several bad settings at once beside their fields, then saves good ones', async () => {
    await page.goto(setup());
    await page.getByLabel('Google group of CRM contacts').fill('');
    await page.getByLabel('Stop a sync that would delete more than this share of links').fill('7');
    await page.getByLabel('Daily full reconcile at (UTC, HH:MM)').fill('noon');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.field-error');
    const errors = await page.locator('.field-error').allTextContents();
    expect(errors).to.deep.equal(['This field cannot be empty.', 'Enter a value from 0 to 1.', 'Enter a time as HH:MM, from 00:00 to 23:59.']);
    expect(await page.getByLabel('Daily full reconcile at (UTC, HH:MM)').inputValue()).to.equal('noon');
    expect(await world.host.settings.get('container_group')).to.equal('CRM');
    await page.getByLabel('Google group of CRM contacts').fill('CRM');
    await page.getByLabel('Stop a sync that would delete more than this share of links').fill('0.3');
    await page.getByLabel('Daily full reconcile at (UTC, HH:MM)').fill('04:30');
    await page.getByLabel('When both sides changed the same field').selectOption({ label: 'Google wins' });
    await Promise.all([page.waitForURL('**/setup?saved=1'), page.getByRole('button', { name: 'Save' }).click()]);
    expect(await world.host.settings.get('reconcile_time')).to.equal('04:30');
    expect(await world.host.settings.get('conflict_policy')).to.equal('google');
    expect(await page.locator('.changes').textContent()).to.include('The newest change wins → Google wins');
  });

  it('runs Export all in the background and follows its progress to the result', async () => {
    // Google answering each call in ~150 ms, as it does: the export's six batches take long enough to be watched.
    world.sandbox.control.setLatency({ fixedMs: 150, jitterMs: 0 });
    await page.goto(setup());
    const account = page.locator('article.account', { has: page.getByRole('heading', { name: world.account.email }) });
    await account.getByRole('button', { name: 'Export all' }).click();
    await page.waitForURL('**/setup?run=*');
    const box = page.locator('.run-progress');
    expect(await box.getByRole('heading').textContent()).to.include('Export all');
    const seen = new Set<string>();
    for (let i = 0; i < 600 && (await box.getAttribute('data-run-state')) === 'running'; i++) {
      seen.add((await box.locator('[data-run-field=progress]').textContent()) ?? '');
      await page.waitForTimeout(50);
    }
    world.sandbox.control.setLatency({ fixedMs: 0, jitterMs: 0 });
    expect(await box.getAttribute('data-run-state')).to.equal('done');
    expect(await box.locator('[data-run-field=status]').textContent()).to.equal('finished');
    expect(await box.locator('[data-run-lines] li').allTextContents()).to.include('120 created');
    expect([...seen].some((s) => / of \d+ contacts$/.test(s)), [...seen].join(' | ')).to.equal(true);
    // The page as it reads once the run is over (the counts above were read when it started).
    await page.reload();
    await page.screenshot({ path: shot('setup-en'), fullPage: true });
  });

  it('refuses a second start while a run holds the account, and disables its buttons', async () => {
    await page.goto(setup());
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const op = await startOperation(world.sync.context, { kind: 'sync', account: world.account, userId: null, work: async () => (await gate, { status: 'done', counts: {}, error: null, runIds: [] }) });
    try {
      const account = page.locator('article.account', { has: page.getByRole('heading', { name: world.account.email }) });
      await account.getByRole('button', { name: 'Sync now' }).click();
      await page.waitForURL('**/setup?busy=*');
      expect(await account.getByRole('alert').textContent()).to.include('A run is already going for this Google account');
      expect(await account.getByRole('button', { name: 'Export all' }).isDisabled()).to.equal(true);
    } finally {
      open();
    }
    expect(op.id).to.be.a('string');
  });

  it('asks for confirmation before a Cleanup, with the counts and the vCard backup first', async () => {
    await page.goto(setup());
    const account = page.locator('article.account', { has: page.getByRole('heading', { name: world.account.email }) });
    await account.getByRole('button', { name: 'Cleanup' }).click();
    await page.waitForURL('**/cleanup*');
    expect(await page.locator('main').textContent()).to.include('120 Google contacts the module created');
    expect(await page.getByRole('link', { name: 'Download the vCard backup' }).count()).to.equal(1);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL('**/setup');
    expect(await world.google.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1 }).then((r) => r.data.totalItems)).to.be.greaterThan(100);
  });

  it('shows the page in French once the user picks French in the user menu', async () => {
    await page.goto(setup());
    await page.getByLabel('Language', { exact: true }).selectOption('fr_FR');
    await Promise.all([page.waitForURL('**/m/gcontacts/setup'), page.getByRole('button', { name: 'Change' }).click()]);
    expect(await page.locator('h1').textContent()).to.equal('Configuration GContacts');
    for (const name of ['Connecter un compte Google', 'Synchroniser maintenant', 'Tout exporter', 'Vérifier la synchro', 'Nettoyage', 'Enregistrer']) {
      expect(await page.getByRole('button', { name }).count(), name).to.be.greaterThan(0);
    }
    expect(await page.getByLabel('Groupe Google des contacts du CRM').count()).to.equal(1);
    expect(await page.locator('main').textContent()).not.to.match(/\b(true|false|ungroup|newest|en_US|done)\b/);
    await page.screenshot({ path: shot('setup-fr'), fullPage: true });
    await page.getByLabel('Langue', { exact: true }).selectOption('en_US');
    await Promise.all([page.waitForURL('**/m/gcontacts/setup'), page.getByRole('button', { name: 'Changer' }).click()]);
  });
});
