import { expect } from 'chai';
import { GOOGLE_ENDPOINTS, googleEndpoints, oauthClientConfig, sandboxEndpoints } from '../../../src/google/endpoints';
import { CONTACTS_SCOPE, createPeopleGateway } from '../../../src/google/index';
import { createGoogleOAuth, emailFromIdToken, SANDBOX_REDIRECT_URI } from '../../../src/google/oauth';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../../src/sandbox/index';
import { failsWith, googleHarness, uniqueEmail } from './helpers';

describe('google OAuth and endpoints', function () {
  const h = googleHarness(this);
  const oauth = (clientSecret = SANDBOX_CLIENT_SECRET) => createGoogleOAuth({ clientId: SANDBOX_CLIENT_ID, clientSecret, endpoints: h.endpoints });

  describe('endpoints from the environment', () => {
    it('uses Google itself unless GCONTACTS_GOOGLE_URL names a sandbox', () => {
      expect(googleEndpoints({})).to.deep.equal(GOOGLE_ENDPOINTS);
      expect(GOOGLE_ENDPOINTS).to.include({ peopleRootUrl: 'https://people.googleapis.com/', tokenUrl: 'https://oauth2.googleapis.com/token', sandbox: false });
      expect(googleEndpoints({ GCONTACTS_GOOGLE_URL: 'http://127.0.0.1:3001/' })).to.deep.equal({
        peopleRootUrl: 'http://127.0.0.1:3001/', authUrl: 'http://127.0.0.1:3001/o/oauth2/v2/auth', tokenUrl: 'http://127.0.0.1:3001/token',
        revokeUrl: 'http://127.0.0.1:3001/revoke', userInfoUrl: 'http://127.0.0.1:3001/oauth2/v3/userinfo', sandbox: true,
      });
    });

    it('refuses a malformed sandbox URL and a missing OAuth client with CONFIG errors', async () => {
      await failsWith((async () => googleEndpoints({ GCONTACTS_GOOGLE_URL: 'not a url' }))(), 'CONFIG');
      const e = await failsWith((async () => oauthClientConfig({ GOOGLE_CLIENT_ID: 'id' }))(), 'CONFIG');
      expect(e.message).to.contain('GOOGLE_CLIENT_SECRET');
      expect(e.details).to.deep.equal({ missing: ['GOOGLE_CLIENT_SECRET'] });
      const config = oauthClientConfig({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret', GCONTACTS_GOOGLE_URL: 'http://127.0.0.1:9' });
      expect(config).to.deep.include({ clientId: 'id', clientSecret: 'secret' });
      expect(config.endpoints.sandbox).to.equal(true);
    });
  });

  describe('connecting an account', () => {
    it('builds an offline, consent-prompting authorisation URL for contacts and the email', () => {
      const url = new URL(oauth().authorizationUrl('state-1', 'https://crm.example/gcontacts/callback', 'ann@example.com'));
      expect(url.origin + url.pathname).to.equal(h.endpoints.authUrl);
      const q = Object.fromEntries(url.searchParams);
      expect(q).to.include({
        client_id: SANDBOX_CLIENT_ID, redirect_uri: 'https://crm.example/gcontacts/callback', response_type: 'code',
        access_type: 'offline', prompt: 'consent', state: 'state-1', login_hint: 'ann@example.com',
      });
      expect(q.scope?.split(' ')).to.have.members([CONTACTS_SCOPE, 'openid', 'email']);
      expect(new URL(oauth().authorizationUrl('s', 'https://x.example/cb')).searchParams.has('login_hint')).to.equal(false);
    });

    it('completes the sandbox consent without a browser; the refresh token works with the gateway', async () => {
      const email = uniqueEmail('Connect');
      const account = await oauth().connectWithoutBrowser(email);
      expect(account.email).to.equal(email.toLowerCase());
      expect(account.refreshToken).to.be.a('string').and.not.be.empty;
      const { gw } = h.gateway({ email: account.email, refreshToken: account.refreshToken });
      const me = await gw.get('people/me', ['emailAddresses']);
      expect(me.emailAddresses?.[0]?.value).to.equal(account.email);
      await gw.createGroup('CRM');
      expect(gw.requestCount).to.equal(2);
    });

    it('a gateway is built from the OAuth client configuration plus the stored account', async () => {
      const config = oauthClientConfig({ GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_GOOGLE_URL: h.sandbox.url });
      const account = await createGoogleOAuth(config).connectWithoutBrowser(uniqueEmail('config'));
      const gw = createPeopleGateway({ ...config, ...account });
      expect(gw.email).to.equal(account.email);
      expect((await gw.get('people/me', ['emailAddresses'])).emailAddresses?.[0]?.value).to.equal(account.email);
    });

    it('connects an existing account again and gets a new refresh token; both stay valid', async () => {
      const email = uniqueEmail('again');
      h.sandbox.control.createAccount(email);
      const first = await oauth().connectWithoutBrowser(email);
      const second = await oauth().connectWithoutBrowser(email);
      expect(second.refreshToken).to.not.equal(first.refreshToken);
      for (const refreshToken of [first.refreshToken, second.refreshToken]) {
        expect((await h.gateway({ email, refreshToken }).gw.listGroups()).length).to.be.greaterThan(0);
      }
    });

    it('reads the email from the id_token Google sends with openid (the sandbox sends none: userinfo is asked)', () => {
      const jwt = (claims: object) => ['{"alg":"RS256"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';
      expect(emailFromIdToken(jwt({ sub: '1', email: 'Ann@Example.com' }))).to.equal('ann@example.com');
      expect(emailFromIdToken(jwt({ sub: '1' }))).to.equal(undefined);
      for (const bad of [undefined, null, '', 'x', 'a.!!!.c']) expect(emailFromIdToken(bad)).to.equal(undefined);
    });

    it('refuses the browserless connection against real Google', async () => {
      const real = createGoogleOAuth({ clientId: 'id', clientSecret: 'secret', endpoints: GOOGLE_ENDPOINTS });
      const e = await failsWith(real.connectWithoutBrowser('ann@example.com'), 'CONFIG');
      expect(e.message).to.contain('sandbox');
    });

    it('answers GOOGLE_AUTH to a code Google does not know, and CONFIG to a wrong client secret', async () => {
      const e = await failsWith(oauth().exchangeCode('4/not-a-code', SANDBOX_REDIRECT_URI), 'GOOGLE_AUTH');
      expect(e.details).to.deep.equal({ reconnect: true });
      await failsWith(oauth('wrong-secret').connectWithoutBrowser(uniqueEmail('secret')), 'CONFIG');
    });
  });

  describe('revocation and lost authorisation', () => {
    it('a revoked refresh token makes the gateway answer GOOGLE_AUTH reconnect; revoking twice is fine', async () => {
      const account = await oauth().connectWithoutBrowser(uniqueEmail('revoke'));
      const { gw } = h.gateway({ email: account.email, refreshToken: account.refreshToken });
      await gw.listGroups(); // holds a live access token from here on
      await oauth().revoke(account.refreshToken);
      const e = await failsWith(gw.listGroups(), 'GOOGLE_AUTH');
      expect(e.details).to.deep.equal({ reconnect: true });
      const fresh = h.gateway({ email: account.email, refreshToken: account.refreshToken });
      await failsWith(fresh.gw.get('people/me', ['names']), 'GOOGLE_AUTH');
      await oauth().revoke(account.refreshToken);
    });

    it('a missing refresh token is GOOGLE_AUTH reconnect too, and nothing is sent', async () => {
      const { gw } = h.gateway({ refreshToken: '' });
      const e = await failsWith(gw.batchCreate([{ names: [{ givenName: 'Nobody' }] }], ['names']), 'GOOGLE_AUTH');
      expect(e.details).to.deep.equal({ reconnect: true });
      expect(gw.requestCount).to.equal(0);
    });

    it('never puts a token in an error message', async () => {
      const closed = createGoogleOAuth({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, endpoints: sandboxEndpoints('http://127.0.0.1:9') });
      const token = '1//sbx-secret-refresh-token';
      const e = await failsWith(closed.revoke(token), 'GOOGLE_UNAVAILABLE');
      expect(e.message).to.not.contain(token);
      expect(JSON.stringify(e.details)).to.not.contain(token);
    });
  });
});
