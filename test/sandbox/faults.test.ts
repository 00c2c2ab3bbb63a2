import { expect } from 'chai';
import { controlHeaders } from '../../src/sandbox/index';
import { failure, harness } from './helpers';

describe('sandbox: fault injection', function () {
  const h = harness(this);
  afterEach(() => h.sandbox.control.clearFaults());

  const list = (api: ReturnType<typeof h.people>, timeout?: number) =>
    api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }, timeout ? { timeout } : {});

  it('fails the next N calls of one route with 500 INTERNAL, then answers normally', async () => {
    const api = h.people();
    h.sandbox.control.injectFaults({ route: 'people.connections.list', fault: 'error500', count: 2 });
    await api.people.createContact({ requestBody: {} }); // another route is not affected
    for (let i = 0; i < 2; i++) {
      const e = await failure(list(api));
      expect(e.response?.data).to.deep.equal({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } });
    }
    expect((await list(api)).status).to.equal(200);
  });

  it('answers 503 UNAVAILABLE and 429 with Retry-After, on any route with "*"', async () => {
    const api = h.people();
    h.sandbox.control.injectFaults([{ route: '*', fault: 'error503' }, { route: '*', fault: 'error429', retryAfterSeconds: 7 }]);
    expect((await failure(list(api))).response?.data.error.status).to.equal('UNAVAILABLE');
    const e = await failure(api.people.createContact({ requestBody: {} }));
    expect(e.response?.data.error).to.include({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect((e.response!.headers as Headers).get('retry-after')).to.equal('7');
  });

  it('lets googleapis\' own retry ride out 503s on a GET (but not on a POST)', async () => {
    const api = h.people(undefined, { retry: true });
    h.sandbox.control.injectFaults({ route: 'people.connections.list', fault: 'error503', count: 2 });
    expect((await list(api)).status).to.equal(200);
    h.sandbox.control.injectFaults({ route: 'people.createContact', fault: 'error503' });
    expect((await failure(api.people.createContact({ requestBody: {} }))).response?.status).to.equal(503);
  });

  it('hangs until the client times out, then serves the next call', async () => {
    const api = h.people();
    h.sandbox.control.injectFaults({ route: 'people.connections.list', fault: 'hang' });
    const e = await failure(list(api, 300));
    expect(e.response).to.equal(undefined);
    expect(String((e as Error).message)).to.match(/timeout|aborted/i);
    expect((await list(api)).status).to.equal(200);
  });

  it('drops the connection without answering', async () => {
    const api = h.people();
    h.sandbox.control.injectFaults({ route: 'people.createContact', fault: 'drop' });
    const e = await failure(api.people.createContact({ requestBody: { names: [{ givenName: 'Never' }] } }));
    expect(e.response).to.equal(undefined);
    const { data } = await list(api);
    expect(data.connections ?? []).to.be.empty;
  });

  it('applies a write and loses its response: the contact exists although the client saw an error', async () => {
    const api = h.people();
    h.sandbox.control.injectFaults({ route: 'people.batchCreateContacts', fault: 'lose-response' });
    const e = await failure(api.people.batchCreateContacts({
      requestBody: { readMask: 'clientData', contacts: [{ contactPerson: { clientData: [{ key: 'gcontacts-id', value: 'op-1' }] } }] },
    }));
    expect(e.response).to.equal(undefined);
    const { data } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'clientData' });
    expect(data.connections?.map((p) => p.clientData?.[0]?.value)).to.deep.equal(['op-1']);
  });

  it('injects faults over HTTP too, and on the token endpoint', async () => {
    const minted = h.sandbox.control.createAccount('faulty.token@example.com');
    const res = await fetch(`${h.sandbox.url}/__sandbox/faults`, {
      method: 'POST', headers: controlHeaders(), body: JSON.stringify({ route: 'oauth.token', fault: 'error503' }),
    });
    expect(res.status).to.equal(200);
    expect(await (await fetch(`${h.sandbox.url}/__sandbox/faults`, { headers: controlHeaders() })).json()).to.deep.equal([{ route: 'oauth.token', fault: 'error503', left: 1 }]);
    const refresh = () => fetch(`${h.sandbox.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: minted.refresh_token, client_id: 'gcontacts-sandbox-client', client_secret: 'gcontacts-sandbox-secret' }),
    });
    expect((await refresh()).status).to.equal(503);
    expect((await refresh()).status).to.equal(200);
    const bad = await fetch(`${h.sandbox.url}/__sandbox/faults`, {
      method: 'POST', headers: controlHeaders(), body: JSON.stringify({ route: 'people.nope', fault: 'error503' }),
    });
    expect(bad.status).to.equal(400);
  });
});
