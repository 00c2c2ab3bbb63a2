/**
 * The control API is for programs: a web page the developer visits must not be able to wipe the sandbox, inject
 * faults or read tokens. Over real HTTP, as a browser and as a script would call it.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROL_HEADER, controlHeaders, startSandbox } from '../../src/sandbox/index';
import { harness } from './helpers';

describe('sandbox: control API refuses what a web page could send', function () {
  const h = harness(this);
  const url = (path: string) => `${h.sandbox.url}/__sandbox${path}`;
  const accounts = () => h.sandbox.control.dump().accounts.length;

  it('refuses a form-encoded reset, the kind a cross-origin HTML form posts, and keeps every account', async () => {
    h.sandbox.control.createAccount('kept.form@example.com');
    const before = accounts();
    const form = await fetch(url('/reset'), { method: 'POST', headers: { [CONTROL_HEADER]: '1' }, body: new URLSearchParams({ a: '1' }) });
    expect(form.status).to.equal(415);
    expect(((await form.json()) as { error: string }).error).to.equal('json_only');
    const text = await fetch(url('/reset'), { method: 'POST', headers: { [CONTROL_HEADER]: '1', 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).to.equal(415);
    expect(accounts()).to.equal(before);
  });

  it('refuses a call without the custom header, JSON or not, reads included', async () => {
    h.sandbox.control.createAccount('kept.header@example.com');
    const before = accounts();
    const post = await fetch(url('/reset'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).to.equal(403);
    expect(((await post.json()) as { error: string }).error).to.equal('missing_header');
    expect((await fetch(url('/dump'))).status).to.equal(403);
    expect((await fetch(url('/faults'), { method: 'DELETE' })).status).to.equal(403);
    expect(accounts()).to.equal(before);
  });

  it('refuses a cross-origin request even with the header and JSON', async () => {
    h.sandbox.control.createAccount('kept.origin@example.com');
    const before = accounts();
    const foreign = await fetch(url('/reset'), { method: 'POST', headers: { ...controlHeaders(), origin: 'https://evil.example' }, body: '{}' });
    expect(foreign.status).to.equal(403);
    expect(((await foreign.json()) as { error: string }).error).to.equal('cross_origin');
    const crossSite = await fetch(url('/faults'), { method: 'POST', headers: { ...controlHeaders(), 'sec-fetch-site': 'cross-site' }, body: JSON.stringify({ route: '*', fault: 'error500' }) });
    expect(crossSite.status).to.equal(403);
    expect(h.sandbox.control.pendingFaults()).to.deep.equal([]);
    expect(accounts()).to.equal(before);
    // A page of the sandbox's own origin is no stranger.
    const own = await fetch(url('/clock'), { headers: { ...controlHeaders(), origin: h.sandbox.url } });
    expect(own.status).to.equal(200);
    // Nothing invites a browser to send the header from elsewhere: no CORS answer, preflight or not.
    const preflight = await fetch(url('/reset'), { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': CONTROL_HEADER } });
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('shows no refresh or access token in a dump unless asked for by name', async () => {
    const minted = h.sandbox.control.createAccount('dump.secret@example.com');
    const plain = await (await fetch(url('/dump'), { headers: controlHeaders() })).text();
    expect(plain).to.not.include(minted.refresh_token);
    expect(plain).to.not.include(minted.access_token);
    expect(plain).to.include('(hidden)');
    expect(JSON.stringify(h.sandbox.control.dump())).to.not.include(minted.refresh_token);
    const asked = await (await fetch(url('/dump?secrets=1'), { headers: controlHeaders() })).text();
    expect(asked).to.include(minted.refresh_token);
    expect(asked).to.include(minted.access_token);
  });

  it('registers a redirect URI over HTTP, refuses one that is not http(s)', async () => {
    const res = await fetch(url('/redirect-uris'), { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ uri: 'https://crm.example.org/m/gcontacts/oauth2/callback' }) });
    expect(res.status).to.equal(200);
    const listed = (await (await fetch(url('/redirect-uris'), { headers: controlHeaders() })).json()) as { redirectUris: string[] };
    expect(listed.redirectUris).to.include('https://crm.example.org/m/gcontacts/oauth2/callback');
    for (const uri of ['javascript:alert(1)', 'https://crm.example.org/cb#frag', 'not a url']) {
      expect((await fetch(url('/redirect-uris'), { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ uri }) })).status, uri).to.equal(400);
    }
  });
});

describe('sandbox: registered redirect URIs', () => {
  it('are kept in the data file across a restart, and survive a reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcontacts-redirects-'));
    try {
      const one = await startSandbox({ dataFile: join(dir, 'sandbox.json'), redirectUris: ['http://127.0.0.1:9/first'] });
      one.control.registerRedirectUri('http://127.0.0.1:9/second');
      one.control.reset();
      await one.close();
      const two = await startSandbox({ dataFile: join(dir, 'sandbox.json') });
      try {
        expect(two.control.redirectUris()).to.have.members(['http://127.0.0.1:9/first', 'http://127.0.0.1:9/second']);
      } finally {
        await two.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
