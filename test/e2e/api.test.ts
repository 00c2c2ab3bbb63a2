import { expect } from 'chai';
import { afterLastWrite, startCrm, type RunningCrm } from '../support/crm';
import { announceSkippedEngines, testEngines } from '../support/engines';

/** What the API answers, as these tests read it: a record, an error, or a page of records. */
interface ApiJson {
  [field: string]: unknown;
  id: number;
  error: { code: string; message: string; field?: string };
  items: { id: number; lastname: string }[];
  nextCursor: string | null;
}

for (const engine of testEngines()) {
  describe(`JSON API over HTTP [${engine.name}]`, () => {
    let env: RunningCrm;
    let repKey: string;
    let otherKey: string;
    let repId: number;
    const events: string[] = [];

    const call = async (method: string, path: string, body?: unknown, key: string | null = 'demo-admin-key') => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (key !== null) headers.DOLAPIKEY = key;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(env.url + path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as ApiJson) : null };
    };

    before(async () => {
      announceSkippedEngines();
      env = await startCrm({ databaseUrl: await engine.freshUrl() });
      repId = (await env.crm.users.create({ login: 'rep', password: 'secret1' })).id;
      repKey = await env.crm.users.newApiKey(repId);
      otherKey = await env.crm.users.newApiKey((await env.crm.users.create({ login: 'other', password: 'secret2' })).id);
      for (const e of ['contact.created', 'contact.updated', 'contact.deleted', 'thirdparty.updated', 'thirdparty.salesreps.changed'] as const) {
        env.crm.events.on(e, () => void events.push(e));
      }
    });
    after(async () => {
      await env.close();
      await engine.cleanup();
    });
    beforeEach(() => events.splice(0));

    it('answers /healthz once migrations are done', async () => {
      const res = await fetch(`${env.url}/healthz`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ status: 'ok' });
    });

    it('refuses a missing or wrong key with 401 and a JSON message', async () => {
      expect((await call('GET', '/api/contacts', undefined, null)).status).to.equal(401);
      const bad = await call('GET', '/api/contacts', undefined, 'nope');
      expect(bad.status).to.equal(401);
      expect(bad.json!.error.code).to.equal('UNAUTHENTICATED');
      expect(bad.json!.error.message).to.be.a('string').and.not.match(/^error\./);
    });

    it('creates, reads, updates and deletes a contact, one event per write', async () => {
      const tp = await call('POST', '/api/thirdparties', { name: "O'Brien & Partners", client: true });
      expect(tp.status).to.equal(201);
      const created = await call('POST', '/api/contacts', { lastname: "O'Connor", firstname: 'Amelia', email: 'amelia@obrien.example', thirdPartyId: tp.json!.id }, repKey);
      expect(created.status).to.equal(201);
      expect(created.json).to.include({ lastname: "O'Connor", createdBy: repId, version: 1 });
      const id = created.json!.id as number;
      expect((await call('GET', `/api/contacts/${id}`)).json!.email).to.equal('amelia@obrien.example');
      const updated = await call('PUT', `/api/contacts/${id}`, { phoneMobile: '+44 7700 900123', version: 1 });
      expect(updated.status).to.equal(200);
      expect(updated.json).to.include({ phoneMobile: '+44 7700 900123', version: 2 });
      const stale = await call('PUT', `/api/contacts/${id}`, { phoneMobile: '000', version: 1 });
      expect(stale.status).to.equal(409);
      expect((await call('DELETE', `/api/contacts/${id}`)).status).to.equal(204);
      expect((await call('GET', `/api/contacts/${id}`)).status).to.equal(404);
      expect(events).to.deep.equal(['contact.created', 'contact.updated', 'contact.deleted']);
    });

    it('refuses bad input with 400, names the field, and changes nothing', async () => {
      const c = await call('POST', '/api/contacts', { lastname: 'Stable', email: 'stable@example.com' });
      events.splice(0);
      const cases: [string, string, unknown, string | undefined][] = [
        ['POST', '/api/contacts', { firstname: 'No last name' }, 'lastname'],
        ['POST', '/api/contacts', { lastname: 'X', email: 'bad' }, 'email'],
        ['PUT', `/api/contacts/${c.json!.id}`, { email: 'still bad' }, 'email'],
        ['PUT', `/api/contacts/${c.json!.id}`, { unknownField: 1 }, undefined],
        ['PUT', `/api/contacts/${c.json!.id}`, '{"broken json', undefined],
        ['PUT', `/api/contacts/${c.json!.id}`, [1, 2], undefined],
        ['GET', '/api/contacts?limit=100000', undefined, 'limit'],
        ['GET', '/api/contacts?changedSince=yesterday', undefined, 'changedSince'],
        ['GET', '/api/contacts?cursor=garbage', undefined, 'cursor'],
        ['GET', '/api/contacts/abc', undefined, 'id'],
        ['PUT', '/api/thirdparties/1/salesreps', { userIds: ['x'] }, 'userIds'],
      ];
      for (const [method, path, body, field] of cases) {
        const res = await call(method, path, body);
        expect(res.status, `${method} ${path}`).to.equal(400);
        expect(res.json!.error.code).to.equal('BAD_INPUT');
        expect(res.json!.error.message).to.be.a('string').and.not.match(/^error\./);
        if (field) expect(res.json!.error.field, `${method} ${path}`).to.equal(field);
      }
      expect((await call('GET', `/api/contacts/${c.json!.id}`)).json).to.include({ email: 'stable@example.com', version: 1 });
      expect(events).to.deep.equal([]);
    });

    it('applies private visibility to API users exactly as to pages', async () => {
      const p = await call('POST', '/api/contacts', { lastname: 'Privée', private: true }, repKey);
      expect((await call('GET', `/api/contacts/${p.json!.id}`, undefined, repKey)).status).to.equal(200);
      expect((await call('GET', `/api/contacts/${p.json!.id}`, undefined, otherKey)).status).to.equal(404);
      expect((await call('PUT', `/api/contacts/${p.json!.id}`, { firstname: 'x' }, otherKey)).status).to.equal(404);
      expect((await call('DELETE', `/api/contacts/${p.json!.id}`, undefined, otherKey)).status).to.equal(404);
      const list = await call('GET', '/api/contacts?limit=1000', undefined, otherKey);
      expect(list.json!.items.map((c: { id: number }) => c.id)).to.not.include(p.json!.id);
    });

    it('lists with changedSince and keyset paging', async () => {
      const since = await afterLastWrite(env.crm);
      for (let i = 0; i < 5; i++) await call('POST', '/api/contacts', { lastname: `Page${i}` });
      const names: string[] = [];
      let path = `/api/contacts?limit=2&changedSince=${encodeURIComponent(since)}`;
      for (;;) {
        const res = await call('GET', path);
        names.push(...res.json!.items.map((c: { lastname: string }) => c.lastname));
        if (!res.json!.nextCursor) break;
        path = `/api/contacts?limit=2&changedSince=${encodeURIComponent(since)}&cursor=${res.json!.nextCursor}`;
      }
      expect(names).to.deep.equal(['Page0', 'Page1', 'Page2', 'Page3', 'Page4']);
    });

    it('sets sales reps of a third party', async () => {
      const tp = await call('POST', '/api/thirdparties', { name: 'Acme Widgets' });
      const put = await call('PUT', `/api/thirdparties/${tp.json!.id}/salesreps`, { userIds: [repId] });
      expect(put.json).to.deep.equal({ userIds: [repId] });
      const got = await call('GET', `/api/thirdparties/${tp.json!.id}`);
      expect(got.json!.salesReps).to.deep.equal([{ id: repId, login: 'rep' }]);
      expect((await call('PUT', `/api/thirdparties/${tp.json!.id}/salesreps`, { userIds: [999] })).status).to.equal(400);
      expect(events).to.deep.equal(['thirdparty.salesreps.changed']);
      expect((await call('GET', '/api/thirdparties/999999')).status).to.equal(404);
      expect((await call('GET', '/api/nothing-here')).status).to.equal(404);
    });
  });
}
