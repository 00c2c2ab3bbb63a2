import { expect } from 'chai';
import { controlHeaders } from '../../src/sandbox/index';
import { failure, harness } from './helpers';

/** gaxios hands back a fetch Headers object (from its own fetch implementation, so no instanceof). */
const headerOf = (headers: unknown, name: string): string | null | undefined =>
  typeof (headers as Headers | undefined)?.get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, string> | undefined)?.[name];

describe('sandbox: quotas', function () {
  describe('when configured', function () {
    const h = harness(this, { quotas: { readsPerMinute: 3, writesPerMinute: 15 } });
    beforeEach(() => {
      // Start each test at the top of a fresh quota minute.
      const now = h.sandbox.control.now();
      h.sandbox.control.advanceClock(60_000 - (now % 60_000));
    });

    it('answers 429 RESOURCE_EXHAUSTED with QuotaFailure details and Retry-After once the minute\'s reads are spent', async () => {
      const api = h.people();
      for (let i = 0; i < 3; i++) await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
      expect(e.response?.status).to.equal(429);
      const err = e.response!.data.error;
      expect(err).to.include({ code: 429, status: 'RESOURCE_EXHAUSTED' });
      expect(err.message).to.match(/^Quota exceeded for quota metric 'Read requests'/);
      expect(err.details).to.deep.include({
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ subject: 'people.googleapis.com/read_requests', description: err.message }],
      });
      expect(err.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')).to.include({ reason: 'RATE_LIMIT_EXCEEDED' });
      expect(Number(headerOf(e.response!.headers, 'retry-after'))).to.be.within(1, 60);
    });

    it('refills at the next minute of sandbox time', async () => {
      const api = h.people();
      for (let i = 0; i < 3; i++) await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
      h.sandbox.control.advanceClock(60_000);
      const { status } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect(status).to.equal(200);
    });

    it('charges batch calls more than single ones, and writes spend read quota too', async () => {
      const api = h.people();
      const contacts = [{ contactPerson: { names: [{ givenName: 'Q' }] } }];
      await api.people.batchCreateContacts({ requestBody: { readMask: '', contacts } }); // 10 writes + 1 read
      const e = await failure(api.people.batchCreateContacts({ requestBody: { readMask: '', contacts } }));
      expect(e.response?.data.error.message).to.match(/'Write requests'/);
      await api.people.createContact({ requestBody: {} }); // 1 write + 1 read: 11 writes, 2 reads spent
      await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }); // the third read
      const r = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
      expect(r.response?.data.error.message).to.match(/'Read requests'/);
    });

    it('meters each account on its own', async () => {
      const a = h.people();
      const b = h.people();
      for (let i = 0; i < 3; i++) await a.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      await failure(a.people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
      const { status } = await b.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect(status).to.equal(200);
    });

    it('meters the first page of a full sync on its own bucket; later pages and sync-token calls do not spend it', async () => {
      const api = h.people();
      h.sandbox.control.setQuotas({ readsPerMinute: 50, fullSyncsPerMinute: 1 });
      try {
        await api.people.batchCreateContacts({ requestBody: { readMask: '', contacts: [{ contactPerson: {} }, { contactPerson: {} }] } });
        const first = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1, requestSyncToken: true });
        const second = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1, requestSyncToken: true, pageToken: first.data.nextPageToken! });
        await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: second.data.nextSyncToken! });
        const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }));
        expect(e.response?.data.error.message).to.match(/'Full sync requests'/);
      } finally {
        h.sandbox.control.setQuotas({ readsPerMinute: 3, writesPerMinute: 15 });
      }
    });

    it('takes per-operation costs from the configuration', async () => {
      const api = h.people();
      h.sandbox.control.setQuotas({ readsPerMinute: 5, costs: { 'people.get': { read: 5 } } });
      try {
        await api.people.get({ resourceName: 'people/me', personFields: 'names' });
        const e = await failure(api.people.get({ resourceName: 'people/me', personFields: 'names' }));
        expect(e.response?.status).to.equal(429);
      } finally {
        h.sandbox.control.setQuotas({ readsPerMinute: 3, writesPerMinute: 15 });
      }
    });

    it('can be switched off and on through the control API', async () => {
      const api = h.people();
      await fetch(`${h.sandbox.url}/__sandbox/quotas`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ enabled: false }) });
      for (let i = 0; i < 10; i++) expect((await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' })).status).to.equal(200);
      await fetch(`${h.sandbox.url}/__sandbox/quotas`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ readsPerMinute: 1 }) });
      await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect((await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names' }))).response?.status).to.equal(429);
      h.sandbox.control.setQuotas({ readsPerMinute: 3, writesPerMinute: 15 });
    });
  });

  describe('by default', function () {
    const h = harness(this);
    it('is off, so demos are never throttled', async () => {
      const api = h.people();
      const statuses = new Set<number>();
      for (let i = 0; i < 150; i++) statuses.add((await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' })).status);
      expect([...statuses]).to.deep.equal([200]);
    });
  });
});
