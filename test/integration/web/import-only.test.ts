/**
 * An account connected for import only, on the setup page and its routes: listed apart with no sync operation,
 * every sync operation refused by the server in the reader's words, a read-only re-consent of a sync account
 * refused (nothing changes), and Disconnect revoking its grant at Google.
 */
import { expect } from 'chai';
import { saveGrant } from '../../../src/sync/accounts';
import type { Account } from '../../../src/store/accounts';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { oauthClient, uniqueEmail } from '../../sandbox/helpers';
import { syncWorld } from '../sync/helpers';

for (const engine of testEngines()) {
  describe(`Accounts for import only on the setup page [${engine.name}]`, function () {
    this.timeout(60_000);
    const world = syncWorld(engine);
    let other: Account;
    const send = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>, key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts${path}`, { method, headers: { DOLAPIKEY: key }, ...(form ? { body: new URLSearchParams(form) } : {}), redirect: 'manual' });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const userKey = async (login: string, rights: string[], lang = 'en_US') => {
      const user = await world.crm.crm.users.create({ login, password: 'secret1', lang });
      await world.crm.crm.users.setRights(user.id, rights);
      return { user, key: await world.crm.crm.users.newApiKey(user.id) };
    };

    before(async () => {
      announceSkippedEngines();
      const connected = await world.sync.connect({ email: uniqueEmail('readonly'), scope: { kind: 'all' }, importOnly: true });
      if (connected.kind !== 'connected') throw new Error('sandbox connect');
      other = connected.account;
    });

    it('lists it apart, in words, with a link to the Import page and Disconnect, and no sync operation', async () => {
      const { status, html } = await send('GET', '/setup');
      expect(status).to.equal(200);
      const list = html.slice(html.indexOf('<section class="import-only"'), html.indexOf('</section>', html.indexOf('<section class="import-only"')));
      expect(list).to.include('Accounts for import only');
      expect(list).to.include(other.email);
      expect(list).to.include('Import only: read, never written');
      expect(list).to.include(`href="/m/gcontacts/import?account=${other.id}"`);
      expect(list).to.include(`action="/m/gcontacts/accounts/${other.id}/disconnect"`);
      expect(list).not.to.match(/Sync now|Export all|Check synchro|Cleanup/);
      expect(html).not.to.include(`id="account-${other.id}"`);
      expect(html).to.include('>Connect a Google account</button>');
      expect(html).to.include('>Connect an account for import only</button>');
    });

    it('asks to reconnect it for import only when Google stopped accepting it', async () => {
      await world.sync.context.stores.accounts.setStatus(other.id, 'reconnect', 'invalid_grant');
      try {
        const { html } = await send('GET', '/setup');
        const banner = html.slice(html.indexOf('reconnect-banner'), html.indexOf('</div>', html.indexOf('reconnect-banner')));
        expect(banner).to.include(other.email);
        expect(banner).to.include('<input type="hidden" name="access" value="import">');
        expect(html).to.match(new RegExp(`${other.email.replace(/\./g, '\\.')}</strong>\\s*<span class="muted small">Import only: read, never written · to reconnect`));
      } finally {
        await world.sync.context.stores.accounts.setStatus(other.id, 'active', null);
      }
    });

    it('refuses every sync operation for it with a translated message, and changes nothing', async () => {
      const runsBefore = (await world.sync.context.stores.runs.recent(100)).length;
      for (const op of ['sync', 'export', 'check', 'cleanup', 'retry']) {
        const res = await send('POST', `/accounts/${other.id}/${op}`, {});
        expect(res.status, op).to.equal(409);
        expect(res.html, op).to.include(`${other.email} is connected for import only`);
      }
      for (const path of ['cleanup', 'backup.vcf', 'conflicts']) {
        const res = await send('GET', `/accounts/${other.id}/${path}`);
        expect(res.status, path).to.equal(409);
      }
      const fr = await userKey('import-only-fr-admin', ['gcontacts.admin'], 'fr_FR');
      const refused = await send('POST', `/accounts/${other.id}/export`, {}, fr.key);
      expect(refused.status).to.equal(409);
      expect(refused.html).to.include('est connecté pour l&#39;import seulement');
      // Disconnecting cannot "clean up" an account the module never wrote to.
      expect((await send('POST', `/accounts/${other.id}/disconnect`, { contacts: 'cleanup' })).status).to.equal(409);
      expect((await world.sync.context.stores.runs.recent(100)).length).to.equal(runsBefore);
      expect(await world.sync.context.stores.accounts.get(other.id)).to.deep.include({ importOnly: true, status: 'active' });
    });

    it('lets a user with the import right connect and see only import-only accounts of their own', async () => {
      const { key } = await userKey('import-only-rep', ['gcontacts.import']);
      // The Import page leads there: the menu's "My Google account" is for the sync right.
      const importPage = await send('GET', '/import', undefined, key);
      expect(importPage.html).to.include('<a href="/m/gcontacts/account#import-only-title">Import from another Google account: connect it for import only</a>');
      expect((await send('GET', '/import')).html).to.include('href="/m/gcontacts/setup#import-only-title"');
      const page = await send('GET', '/account', undefined, key);
      expect(page.status).to.equal(200);
      expect(page.html).to.include('>Connect an account for import only</button>');
      expect(page.html).not.to.include('>Connect a Google account</button>');
      expect(page.html).not.to.include(other.email);
      expect((await send('POST', '/oauth2/connect', { for: 'mine', access: 'sync' }, key)).status).to.equal(403);
      // Someone else's import-only account is not theirs to disconnect, nor the CRM's sync account.
      expect((await send('POST', `/accounts/${other.id}/disconnect`, {}, key)).status).to.equal(404);
      expect((await send('POST', `/accounts/${world.account.id}/sync`, {}, key)).status).to.equal(403);
    });

    it('refuses a read-only grant for an account connected for sync: it stays a sync account with its token', async () => {
      const token = await world.sync.context.stores.accounts.refreshToken(world.account.id);
      const saved = await saveGrant(world.sync.context, { email: world.account.email, refreshToken: 'read-only-token' }, { kind: 'all' }, true, true);
      expect(saved).to.equal('downgrade');
      expect(await world.sync.context.stores.accounts.get(world.account.id)).to.deep.include({ importOnly: false });
      expect(await world.sync.context.stores.accounts.refreshToken(world.account.id)).to.equal(token);
      // A re-consent of the import-only account refreshes its token and keeps it import only.
      const again = await saveGrant(world.sync.context, { email: other.email, refreshToken: 'fresh-read-only-token' }, { kind: 'all' }, true, true);
      expect(again).to.deep.include({ id: other.id, importOnly: true });
      expect(await world.sync.context.stores.accounts.refreshToken(other.id)).to.equal('fresh-read-only-token');
    });

    it('disconnects it: the account is forgotten and its grant revoked at Google', async () => {
      const fresh = await world.sync.connect({ email: uniqueEmail('readonly-gone'), scope: { kind: 'all' }, importOnly: true });
      if (fresh.kind !== 'connected') throw new Error('sandbox connect');
      const token = (await world.sync.context.stores.accounts.refreshToken(fresh.account.id))!;
      const page = await send('GET', `/accounts/${fresh.account.id}/disconnect`);
      expect(page.html).to.include('The module never wrote to this account');
      expect(page.html).not.to.include('name="contacts"');
      const res = await send('POST', `/accounts/${fresh.account.id}/disconnect`, {});
      expect(res.status).to.equal(303);
      expect(res.location).to.match(/\/setup\?disconnected=1$/);
      expect(await world.sync.context.stores.accounts.get(fresh.account.id)).to.equal(null);
      const auth = oauthClient(world.sandbox);
      auth.setCredentials({ refresh_token: token });
      let refused: unknown = null;
      await auth.getAccessToken().catch((e: unknown) => (refused = e));
      expect(String(refused)).to.match(/invalid_grant/);
    });
  });
}
