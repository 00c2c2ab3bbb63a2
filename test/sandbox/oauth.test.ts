import { expect } from 'chai';
import { OAuth2Client } from 'google-auth-library';
import { google } from 'googleapis';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { GoogleErrorBody } from '../../src/sandbox/api-error';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/index';
import { consent } from './consent';
import { clientOptions, failure, harness, uniqueEmail, type PeopleAuth } from './helpers';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const SCOPES = ['https://www.googleapis.com/auth/contacts', 'openid', 'email', 'profile'];

/** The top-level google-auth-library and googleapis' bundled copy are the same class in two declarations. */
const asPeopleAuth = (auth: OAuth2Client): PeopleAuth => auth as unknown as PeopleAuth;

interface OAuthErrorBody { error: string; error_description: string }
const oauthError = (e: unknown) => (e as { response?: { status: number; data: OAuthErrorBody } }).response;

describe('sandbox: OAuth', function () {
  const h = harness(this);
  const client = () => new OAuth2Client(clientOptions(h.sandbox, REDIRECT));

  async function signIn(email: string, opts: { scope?: string[]; prompt?: string; accessType?: 'offline' | 'online' } = {}) {
    const auth = client();
    const url = auth.generateAuthUrl({ access_type: opts.accessType ?? 'offline', scope: opts.scope ?? SCOPES, state: 'xsrf-123', prompt: opts.prompt });
    const back = await consent(url, email);
    expect(back.origin + back.pathname).to.equal(REDIRECT);
    expect(back.searchParams.get('state')).to.equal('xsrf-123');
    const { tokens } = await auth.getToken(back.searchParams.get('code')!);
    auth.setCredentials(tokens);
    return { auth, tokens };
  }

  describe('OAuth2Client with endpoints', () => {
    it('signs in through chooser + consent, exchanges the code, and calls the API with the token', async () => {
      const email = uniqueEmail('oauth');
      const { auth, tokens } = await signIn(email);
      expect(tokens.access_token).to.match(/^ya29\./);
      expect(tokens.refresh_token).to.be.a('string');
      expect(tokens.expiry_date).to.be.closeTo(Date.now() + 3599_000, 5000);
      expect(tokens.scope?.split(' ')).to.include.members(SCOPES);
      const people = google.people({ version: 'v1', rootUrl: `${h.sandbox.url}/`, auth: asPeopleAuth(auth) });
      const { data } = await people.people.get({ resourceName: 'people/me', personFields: 'emailAddresses' });
      expect(data.emailAddresses?.[0]?.value).to.equal(email);
    });

    it('issues an id_token with openid that verifyIdToken accepts against the sandbox\'s certificates', async () => {
      const email = uniqueEmail('oidc');
      const { tokens } = await signIn(email);
      const opts = clientOptions(h.sandbox, REDIRECT);
      const verifier = new OAuth2Client({
        ...opts,
        endpoints: { ...opts.endpoints, oauth2FederatedSignonPemCertsUrl: `${h.sandbox.url}/oauth2/v1/certs`, oauth2FederatedSignonJwkCertsUrl: `${h.sandbox.url}/oauth2/v3/certs` },
      });
      const ticket = await verifier.verifyIdToken({ idToken: tokens.id_token!, audience: SANDBOX_CLIENT_ID });
      expect(ticket.getPayload()).to.include({ iss: 'https://accounts.google.com', aud: SANDBOX_CLIENT_ID, email, email_verified: true });
      const jwks = await (await fetch(`${h.sandbox.url}/oauth2/v3/certs`)).json() as { keys: Array<{ kid: string; kty: string }> };
      const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { kid: string };
      expect(jwks.keys[0]).to.include({ kty: 'RSA', kid: header.kid });
      const noOpenid = await signIn(uniqueEmail('no-oidc'), { scope: ['https://www.googleapis.com/auth/contacts'] });
      expect(noOpenid.tokens.id_token).to.equal(undefined);
    });

    it('passes login_hint and answers access_denied when the user cancels', async () => {
      const url = client().generateAuthUrl({ scope: SCOPES, state: 's1', login_hint: 'hint@example.com' });
      const page = await (await fetch(url)).text();
      expect(page).to.include('value="hint@example.com"');
      const back = await consent(url, 'hint@example.com', 'deny');
      expect(back.searchParams.get('error')).to.equal('access_denied');
      expect(back.searchParams.get('state')).to.equal('s1');
      expect(back.searchParams.has('code')).to.equal(false);
    });

    it('gives a refresh token on the first offline consent only, unless prompt=consent', async () => {
      const email = uniqueEmail('refresh');
      expect((await signIn(email)).tokens.refresh_token).to.be.a('string');
      expect((await signIn(email)).tokens.refresh_token).to.equal(undefined);
      expect((await signIn(email, { prompt: 'consent' })).tokens.refresh_token).to.be.a('string');
      expect((await signIn(uniqueEmail('online'), { accessType: 'online' })).tokens.refresh_token).to.equal(undefined);
    });

    it('refreshes an access token with the refresh_token grant', async () => {
      const { tokens } = await signIn(uniqueEmail('refresh2'));
      const auth = client();
      auth.setCredentials({ refresh_token: tokens.refresh_token });
      const { token } = await auth.getAccessToken();
      expect(token).to.match(/^ya29\./).and.not.equal(tokens.access_token);
    });

    it('refuses a replayed code, a wrong secret, an unknown client, and a mismatched redirect_uri', async () => {
      const url = client().generateAuthUrl({ access_type: 'offline', scope: SCOPES });
      const code = (await consent(url, uniqueEmail('replay'))).searchParams.get('code')!;
      const wrongRedirect = new OAuth2Client({ ...clientOptions(h.sandbox, 'http://127.0.0.1:9/elsewhere') });
      expect(oauthError(await failure(wrongRedirect.getToken(code)))?.data.error).to.equal('redirect_uri_mismatch');
      await client().getToken(code);
      const replay = oauthError(await failure(client().getToken(code)));
      expect(replay?.status).to.equal(400);
      expect(replay?.data.error).to.equal('invalid_grant');
      const badSecret = new OAuth2Client({ ...clientOptions(h.sandbox, REDIRECT), clientSecret: 'nope' });
      expect(oauthError(await failure(badSecret.getToken('4/whatever')))?.data).to.include({ error: 'invalid_client' });
      const page = await fetch(client().generateAuthUrl({ scope: SCOPES }).replace(SANDBOX_CLIENT_ID, 'stranger'));
      expect(page.status).to.equal(401);
      expect(await page.text()).to.include('invalid_client');
    });

    it('revokes: the refresh token then answers invalid_grant and the access token 401', async () => {
      const { auth, tokens } = await signIn(uniqueEmail('revoke'));
      await auth.revokeToken(tokens.refresh_token!);
      const refresher = client();
      refresher.setCredentials({ refresh_token: tokens.refresh_token });
      const e = oauthError(await failure(refresher.getAccessToken()));
      expect(e?.data).to.deep.equal({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      const res = await fetch(`${h.sandbox.url}/v1/people/me/connections?personFields=names`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(res.status).to.equal(401);
      const viaGet = await fetch(`${h.sandbox.url}/revoke?token=${encodeURIComponent(tokens.refresh_token!)}`);
      expect(viaGet.status).to.equal(400);
    });
  });

  describe('registered redirect URIs', () => {
    const authUrl = (redirectUri: string) => new OAuth2Client(clientOptions(h.sandbox, redirectUri)).generateAuthUrl({ scope: SCOPES, state: 's1' });

    it('answers redirect_uri_mismatch, like Google, for a redirect_uri not registered for the client, near misses included', async () => {
      for (const uri of ['http://127.0.0.1:9/elsewhere', `${REDIRECT}/`, 'http://127.0.0.1:10/oauth/callback', 'https://127.0.0.1:9/oauth/callback', `${REDIRECT}?x=1`]) {
        const res = await fetch(authUrl(uri), { redirect: 'manual' });
        expect(res.status, uri).to.equal(400);
        const html = await res.text();
        expect(html, uri).to.include('Error 400: redirect_uri_mismatch');
        expect(html, uri).to.not.include('<form');
      }
    });

    it('refuses an unregistered redirect_uri slipped into the chooser and consent forms, and never redirects to it', async () => {
      const email = uniqueEmail('tamper');
      h.sandbox.control.createAccount(email);
      const fields = { client_id: SANDBOX_CLIENT_ID, redirect_uri: 'https://evil.example/steal', response_type: 'code', scope: SCOPES.join(' '), state: 's1', email };
      for (const step of ['choose', 'consent']) {
        const res = await fetch(`${h.sandbox.url}/o/oauth2/v2/auth/${step}`, { method: 'POST', body: new URLSearchParams({ ...fields, decision: 'allow' }), redirect: 'manual' });
        expect(res.status, step).to.equal(400);
        expect(res.headers.get('location'), step).to.equal(null);
        expect(await res.text(), step).to.include('redirect_uri_mismatch');
      }
    });

    it('lets a URI through once it is registered', async () => {
      const uri = 'http://127.0.0.1:9/registered-later';
      expect((await fetch(authUrl(uri))).status).to.equal(400);
      h.sandbox.control.registerRedirectUri(uri);
      const back = await consent(authUrl(uri), uniqueEmail('later'));
      expect(back.origin + back.pathname).to.equal(uri);
      expect(back.searchParams.get('code')).to.be.a('string');
    });
  });

  describe('bearer tokens on the People API', () => {
    const call = (headers: Record<string, string>) =>
      fetch(`${h.sandbox.url}/v1/people/me/connections?personFields=names`, { headers })
        .then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as GoogleErrorBody }));

    it('answers 401 UNAUTHENTICATED in Google\'s shape without a token or with a bad one', async () => {
      const missing = await call({});
      expect(missing.status).to.equal(401);
      expect(missing.body.error).to.include({ code: 401, status: 'UNAUTHENTICATED' });
      expect(missing.body.error.message).to.match(/^Request is missing required authentication credential/);
      expect(missing.body.error.details?.[0]).to.include({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING' });
      const bad = await call({ authorization: 'Bearer ya29.forged' });
      expect(bad.body.error.message).to.match(/^Request had invalid authentication credentials/);
      expect(bad.headers.get('www-authenticate')).to.match(/^Bearer /);
    });

    it('expires access tokens after an hour of sandbox time; OAuth2Client then refreshes on its own', async () => {
      const email = uniqueEmail('expiry');
      const minted = h.sandbox.control.createAccount(email);
      h.sandbox.control.advanceClock(3600_000);
      const expired = await call({ authorization: `Bearer ${minted.access_token}` });
      expect(expired.status).to.equal(401);
      expect(expired.body.error.details?.[0]?.reason).to.equal('ACCESS_TOKEN_EXPIRED');
      const auth = new google.auth.OAuth2(clientOptions(h.sandbox));
      auth.setCredentials({ access_token: minted.access_token, refresh_token: minted.refresh_token });
      const people = google.people({ version: 'v1', rootUrl: `${h.sandbox.url}/`, auth });
      const { data } = await people.people.get({ resourceName: 'people/me', personFields: 'emailAddresses' });
      expect(data.emailAddresses?.[0]?.value).to.equal(email);
      expect(auth.credentials.access_token).to.not.equal(minted.access_token);
    });

    it('lets a contacts.readonly token read but not write (403 insufficient scopes)', async () => {
      const { auth, tokens } = await signIn(uniqueEmail('readonly'), { scope: ['https://www.googleapis.com/auth/contacts.readonly'] });
      const info = await (await fetch(`${h.sandbox.url}/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
      expect(info, 'no email or profile scope: only sub').to.have.keys('sub');
      const people = google.people({ version: 'v1', rootUrl: `${h.sandbox.url}/`, auth: asPeopleAuth(auth) });
      await people.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      const e = await failure(people.people.createContact({ requestBody: {} }));
      expect(e.response?.data.error).to.include({ code: 403, status: 'PERMISSION_DENIED' });
    });
  });

  describe('userinfo and passport-google-oauth20', () => {
    it('serves /oauth2/v3/userinfo for a bearer token and refuses a bad one', async () => {
      const email = uniqueEmail('userinfo');
      const { access_token } = h.sandbox.control.createAccount(email);
      const ok = await fetch(`${h.sandbox.url}/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await ok.json()).to.include({ email, email_verified: true }).and.have.property('sub').that.matches(/^\d{21}$/);
      const bad = await fetch(`${h.sandbox.url}/oauth2/v3/userinfo?access_token=nope`);
      expect(bad.status).to.equal(401);
      expect(await bad.json()).to.deep.equal({ error: 'invalid_request', error_description: 'Invalid Credentials' });
    });

    it('runs the whole strategy: redirect to authorizationURL, code exchange at tokenURL, profile from userProfileURL', async () => {
      const email = uniqueEmail('passport');
      let verified: { accessToken: string; refreshToken: string; profile: Profile } | undefined;
      const strategy = new GoogleStrategy({
        clientID: SANDBOX_CLIENT_ID,
        clientSecret: SANDBOX_CLIENT_SECRET,
        callbackURL: REDIRECT,
        authorizationURL: `${h.sandbox.url}/o/oauth2/v2/auth`,
        tokenURL: `${h.sandbox.url}/token`,
        userProfileURL: `${h.sandbox.url}/oauth2/v3/userinfo`,
      }, (accessToken, refreshToken, profile, done) => {
        verified = { accessToken, refreshToken, profile };
        done(null, { email: profile.emails?.[0]?.value });
      });
      // passport drives a strategy through these callbacks; collect whichever one fires.
      const run = (query: Record<string, string>) => new Promise<{ redirect?: string; user?: unknown; error?: unknown }>((resolve) => {
        const s = Object.create(strategy) as GoogleStrategy & Record<string, unknown>;
        s.redirect = (url: string) => resolve({ redirect: url });
        s.success = (user: unknown) => resolve({ user });
        s.fail = (info: unknown) => resolve({ error: info ?? 'fail' });
        s.error = (err: unknown) => resolve({ error: err });
        s.authenticate({ query, body: {}, headers: {}, url: '/oauth/callback' } as never, { scope: SCOPES, accessType: 'offline', prompt: 'consent' } as never);
      });
      const start = await run({});
      expect(start.redirect).to.match(new RegExp(`^${h.sandbox.url}/o/oauth2/v2/auth\\?`));
      const back = await consent(start.redirect!, email);
      const done = await run({ code: back.searchParams.get('code')! });
      expect(done.error).to.equal(undefined);
      expect(done.user).to.deep.equal({ email });
      expect(verified?.accessToken).to.match(/^ya29\./);
      expect(verified?.refreshToken).to.be.a('string');
      expect(verified?.profile).to.include({ provider: 'google', displayName: verified?.profile.displayName });
      expect(verified?.profile.emails?.[0]).to.deep.equal({ value: email, verified: true });
    });
  });
});
