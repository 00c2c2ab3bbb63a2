import { expect } from 'chai';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { google } from 'googleapis';
import { controlHeaders, startSandbox } from '../../src/sandbox/index';
import { harness, listAll, oauthClient } from './helpers';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: controlHeaders(), body: JSON.stringify(body) });
const get = (url: string) => fetch(url, { headers: controlHeaders() });

describe('sandbox: control API', function () {
  const h = harness(this);

  it('POST /__sandbox/accounts mints tokens, and the same account again for a known email', async () => {
    const first = await (await post(`${h.sandbox.url}/__sandbox/accounts`, { email: 'Control.User@example.com' })).json() as { email: string; access_token: string; refresh_token: string };
    expect(first.email).to.equal('control.user@example.com');
    const second = await (await post(`${h.sandbox.url}/__sandbox/accounts`, { email: 'control.user@example.com' })).json() as typeof first;
    expect(second.access_token).to.not.equal(first.access_token);
    const read = async (token: string) => (await fetch(`${h.sandbox.url}/v1/people/me?personFields=emailAddresses`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ resourceName: string }>;
    expect((await read(first.access_token)).resourceName).to.equal((await read(second.access_token)).resourceName);
    // Both refresh tokens stay valid: minting again must not log out a client holding the first one.
    for (const t of [first.refresh_token, second.refresh_token]) {
      const r = await fetch(`${h.sandbox.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t, client_id: 'gcontacts-sandbox-client', client_secret: 'gcontacts-sandbox-secret' }) });
      expect(r.status).to.equal(200);
    }
    expect((await post(`${h.sandbox.url}/__sandbox/accounts`, { email: 'not-an-email' })).status).to.equal(400);
  });

  it('moves the clock forward over HTTP', async () => {
    const before = (await (await get(`${h.sandbox.url}/__sandbox/clock`)).json() as { now: number }).now;
    const after = (await (await post(`${h.sandbox.url}/__sandbox/clock`, { advanceMs: 5000 })).json() as { now: number }).now;
    expect(after - before).to.be.at.least(5000);
  });

  it('holds writes back from sync listings for the propagation delay, while direct reads see them at once', async () => {
    const api = h.people();
    const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
    expect((await post(`${h.sandbox.url}/__sandbox/propagation`, { delayMs: 120_000 })).status).to.equal(200);
    try {
      const { data: p } = await api.people.createContact({ requestBody: { names: [{ givenName: 'Slow' }] } });
      expect((await api.people.get({ resourceName: p.resourceName!, personFields: 'names' })).data.names?.[0]?.givenName).to.equal('Slow');
      const early = await listAll(api, { personFields: 'names', syncToken: full.syncToken! });
      expect(early.connections).to.be.empty;
      // The token handed out meanwhile must not skip the pending write.
      h.sandbox.control.advanceClock(120_000);
      const late = await listAll(api, { personFields: 'names', syncToken: early.syncToken! });
      expect(late.connections.map((c) => c.resourceName)).to.deep.equal([p.resourceName]);
    } finally {
      h.sandbox.control.setPropagationDelay(0);
    }
  });

  it('delays every People API call by the latency setting (fixed + jitter), and reset turns it off', async () => {
    const api = h.people('latency@example.com');
    expect((await post(`${h.sandbox.url}/__sandbox/latency`, { fixedMs: 150, jitterMs: 50 })).status).to.equal(200);
    expect((await post(`${h.sandbox.url}/__sandbox/latency`, { fixedMs: -1 })).status).to.equal(400);
    try {
      const started = performance.now();
      await api.people.get({ resourceName: 'people/me', personFields: 'names' });
      expect(performance.now() - started).to.be.at.least(149);
    } finally {
      h.sandbox.control.setLatency({ fixedMs: 0, jitterMs: 0 });
    }
  });

  it('dumps the whole state as JSON', async () => {
    const api = h.people('dump.me@example.com');
    await api.people.createContact({ requestBody: { names: [{ givenName: 'Dumped' }] } });
    const dump = await (await get(`${h.sandbox.url}/__sandbox/dump`)).json() as { format: string; accounts: Array<{ email: string; book: { contacts: Array<{ fields: { names?: Array<{ givenName: string }> } }> } }> };
    expect(dump.format).to.equal('gcontacts-sandbox/1');
    const account = dump.accounts.find((a) => a.email === 'dump.me@example.com');
    expect(account?.book.contacts.map((c) => c.fields.names?.[0]?.givenName)).to.deep.equal(['Dumped']);
  });

  it('resets: accounts, data and tokens are gone', async () => {
    const minted = h.sandbox.control.createAccount('reset.me@example.com');
    expect((await post(`${h.sandbox.url}/__sandbox/reset`, {})).status).to.equal(200);
    const api = await fetch(`${h.sandbox.url}/v1/people/me/connections?personFields=names`, { headers: { authorization: `Bearer ${minted.access_token}` } });
    expect(api.status).to.equal(401);
    const refresh = await fetch(`${h.sandbox.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: minted.refresh_token, client_id: 'gcontacts-sandbox-client', client_secret: 'gcontacts-sandbox-secret' }) });
    expect(await refresh.json()).to.include({ error: 'invalid_grant' });
    expect(h.sandbox.control.dump().accounts).to.be.empty;
  });
});

describe('sandbox: JSON persistence', () => {
  it('survives a restart with contacts, groups, sync tokens and tokens intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcontacts-sandbox-'));
    const dataFile = join(dir, 'sandbox.json');
    try {
      const one = await startSandbox({ dataFile });
      const minted = one.control.createAccount('persist@example.com');
      const auth = oauthClient(one);
      auth.setCredentials({ access_token: minted.access_token, refresh_token: minted.refresh_token });
      const api = google.people({ version: 'v1', rootUrl: `${one.url}/`, auth, retry: false });
      const { data: group } = await api.contactGroups.create({ requestBody: { contactGroup: { name: 'Kept' } } });
      const { data: p } = await api.people.createContact({ requestBody: { names: [{ givenName: 'Kept' }], memberships: [{ contactGroupMembership: { contactGroupResourceName: group.resourceName! } }] } });
      const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
      await Promise.all([one.close(), one.close()]);
      expect(existsSync(dataFile)).to.equal(true);

      const two = await startSandbox({ dataFile });
      try {
        const api2 = google.people({ version: 'v1', rootUrl: `${two.url}/`, auth: (() => { const a = oauthClient(two); a.setCredentials({ access_token: minted.access_token }); return a; })(), retry: false });
        const { data } = await api2.people.get({ resourceName: p.resourceName!, personFields: 'names,memberships' });
        expect(data.etag).to.equal(p.etag);
        expect(data.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.deep.equal([group.resourceName]);
        await api2.people.deleteContact({ resourceName: p.resourceName! });
        const delta = await listAll(api2, { personFields: 'names', syncToken: full.syncToken! });
        expect(delta.connections.map((c) => [c.resourceName, c.metadata?.deleted])).to.deep.equal([[p.resourceName, true]]);
      } finally {
        await two.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
