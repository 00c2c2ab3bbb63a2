import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { failure, harness, listAll } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

async function seed(api: people_v1.People, n: number, name = (i: number) => ({ givenName: `G${String(i).padStart(4, '0')}`, familyName: `F${String(n - i).padStart(4, '0')}` })) {
  const created: people_v1.Schema$Person[] = [];
  for (let start = 0; start < n; start += 200) {
    const { data } = await api.people.batchCreateContacts({
      requestBody: {
        readMask: 'names',
        contacts: Array.from({ length: Math.min(200, n - start) }, (_, k) => ({ contactPerson: { names: [name(start + k)] } })),
      },
    });
    created.push(...(data.createdPeople ?? []).map((r) => r.person!));
  }
  return created;
}

describe('sandbox: connections.list', function () {
  const h = harness(this);

  describe('full listing', () => {
    it('needs personFields: 400 INVALID_ARGUMENT without it', async () => {
      const e = await failure(h.people().people.connections.list({ resourceName: 'people/me' }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(e.response?.data.error.message).to.match(/personFields mask is required/);
    });

    it('applies personFields as a mask to every connection', async () => {
      const api = h.people();
      await api.people.createContact({ requestBody: { names: [{ givenName: 'A' }], emailAddresses: [{ value: 'a@x.org' }] } });
      const { data } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'emailAddresses' });
      expect(data.connections).to.have.length(1);
      expect(Object.keys(data.connections![0]!).sort()).to.deep.equal(['emailAddresses', 'etag', 'resourceName']);
    });

    it('pages 100 by default, up to 1000, and refuses more', async () => {
      const api = h.people();
      await seed(api, 250);
      const first = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect(first.data.connections).to.have.length(100);
      expect(first.data.totalPeople).to.equal(250);
      expect(first.data.nextPageToken).to.be.a('string');
      const big = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1000 });
      expect(big.data.connections).to.have.length(250);
      expect(big.data).to.not.have.property('nextPageToken');
      const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1001 }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('walks every contact exactly once through page tokens', async () => {
      const api = h.people();
      const created = await seed(api, 230);
      const { connections, pages } = await listAll(api, { personFields: 'names', pageSize: 50 });
      expect(pages).to.equal(5);
      expect(connections.map((c) => c.resourceName).sort()).to.deep.equal(created.map((c) => c.resourceName).sort());
    });

    it('never skips an unchanged contact when another one is deleted between pages', async () => {
      const api = h.people();
      const created = await seed(api, 30);
      const p1 = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 10 });
      await api.people.deleteContact({ resourceName: p1.data.connections![0]!.resourceName! });
      const rest = await listAll(api, { personFields: 'names', pageSize: 10, pageToken: p1.data.nextPageToken! } as never);
      const seen = new Set([...p1.data.connections!, ...rest.connections].map((c) => c.resourceName));
      expect(seen.size).to.equal(30);
      expect(created.every((c) => seen.has(c.resourceName))).to.equal(true);
    });

    it('sorts by sortOrder', async () => {
      const api = h.people();
      await seed(api, 5);
      const names = async (sortOrder: string, key: 'givenName' | 'familyName') =>
        (await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', sortOrder })).data.connections!.map((c) => c.names![0]![key]);
      expect(await names('FIRST_NAME_ASCENDING', 'givenName')).to.deep.equal(['G0000', 'G0001', 'G0002', 'G0003', 'G0004']);
      expect(await names('LAST_NAME_ASCENDING', 'familyName')).to.deep.equal(['F0001', 'F0002', 'F0003', 'F0004', 'F0005']);
      const asc = await names('LAST_MODIFIED_ASCENDING', 'givenName');
      expect(await names('LAST_MODIFIED_DESCENDING', 'givenName')).to.deep.equal([...asc].reverse());
      const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', sortOrder: 'BY_MOOD' }));
      expect(e.response?.status).to.equal(400);
    });

    it('refuses a page token used with other parameters', async () => {
      const api = h.people();
      await seed(api, 3);
      const p1 = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1 });
      const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1, pageToken: p1.data.nextPageToken!, sortOrder: 'FIRST_NAME_ASCENDING' }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      const forged = `PT${Buffer.from(JSON.stringify({ f: 'full:LAST_MODIFIED_ASCENDING:false', after: 'x' })).toString('base64url')}`;
      for (const pageToken of ['garbage', forged]) {
        const bad = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageToken }));
        expect(bad.response?.data.error, pageToken).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      }
    });

    it('gives nextSyncToken only on the last page, and only when asked', async () => {
      const api = h.people();
      await seed(api, 25);
      const p1 = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 10, requestSyncToken: true });
      expect(p1.data).to.not.have.property('nextSyncToken');
      const all = await listAll(api, { personFields: 'names', pageSize: 10, requestSyncToken: true });
      expect(all.syncToken).to.be.a('string');
      const noAsk = await listAll(api, { personFields: 'names', pageSize: 10 });
      expect(noAsk.syncToken).to.equal(undefined);
    });
  });

  describe('sync tokens', () => {
    it('returns only what changed since, with deletions as metadata.deleted tombstones', async () => {
      const api = h.people();
      const [a, b, c] = await seed(api, 3);
      const full = await listAll(api, { personFields: 'names,metadata', requestSyncToken: true });
      expect(full.connections.some((p) => p.metadata?.deleted)).to.equal(false);

      const { data: edited } = await api.people.updateContact({ resourceName: a!.resourceName!, updatePersonFields: 'names', personFields: 'names', requestBody: { etag: a!.etag, names: [{ givenName: 'Edited' }] } });
      await api.people.deleteContact({ resourceName: b!.resourceName! });
      const { data: added } = await api.people.createContact({ requestBody: { names: [{ givenName: 'New' }] } });

      const delta = await listAll(api, { personFields: 'names', syncToken: full.syncToken! });
      const byName = new Map(delta.connections.map((p) => [p.resourceName, p]));
      expect(byName.size).to.equal(3);
      expect(byName.get(a!.resourceName!)?.names?.[0]?.givenName).to.equal('Edited');
      expect(byName.get(a!.resourceName!)?.etag).to.equal(edited.etag);
      expect(byName.get(b!.resourceName!)?.metadata?.deleted).to.equal(true);
      expect(byName.has(added.resourceName!)).to.equal(true);
      expect(byName.has(c!.resourceName!)).to.equal(false);
      expect(delta.syncToken).to.be.a('string');

      const quiet = await listAll(api, { personFields: 'names', syncToken: delta.syncToken! });
      expect(quiet.connections).to.be.empty;
      // Tombstones belong to sync responses only: a full listing just omits the deleted contact.
      const fullAgain = await listAll(api, { personFields: 'names,metadata' });
      expect(fullAgain.connections.map((p) => p.resourceName)).to.not.include(b!.resourceName);
      expect(fullAgain.connections.some((p) => p.metadata?.deleted)).to.equal(false);
    });

    it('reports a contact changed several times once, in its latest state', async () => {
      const api = h.people();
      const [a] = await seed(api, 1);
      const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
      let etag = a!.etag;
      for (const given of ['one', 'two', 'three']) {
        etag = (await api.people.updateContact({ resourceName: a!.resourceName!, updatePersonFields: 'names', requestBody: { etag, names: [{ givenName: given }] } })).data.etag;
      }
      const delta = await listAll(api, { personFields: 'names', syncToken: full.syncToken! });
      expect(delta.connections.map((p) => p.names?.[0]?.givenName)).to.deep.equal(['three']);
    });

    it('pages a large change set and puts nextSyncToken on its last page only', async () => {
      const api = h.people();
      const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
      await seed(api, 120);
      const p1 = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: full.syncToken!, pageSize: 100 });
      expect(p1.data.connections).to.have.length(100);
      expect(p1.data).to.not.have.property('nextSyncToken');
      const p2 = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: full.syncToken!, pageSize: 100, pageToken: p1.data.nextPageToken! });
      expect(p2.data.connections).to.have.length(20);
      expect(p2.data.nextSyncToken).to.be.a('string');
    });

    it('expires 7 days after the full sync: 400 FAILED_PRECONDITION with ErrorInfo EXPIRED_SYNC_TOKEN', async () => {
      const api = h.people();
      await seed(api, 2);
      const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
      h.sandbox.control.advanceClock(3 * DAY);
      // An incremental sync keeps the chain alive but not its age: the new token still dates from the full sync.
      const mid = await listAll(api, { personFields: 'names', syncToken: full.syncToken! });
      h.sandbox.control.advanceClock(4 * DAY + 1000);
      for (const token of [full.syncToken!, mid.syncToken!]) {
        const e = await failure(api.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: token }));
        expect(e.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
        expect(e.response?.data.error.details).to.deep.include({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'EXPIRED_SYNC_TOKEN', domain: 'people.googleapis.com' });
      }
      // The way out is a new full sync.
      const again = await listAll(api, { personFields: 'names', requestSyncToken: true });
      expect(again.connections).to.have.length(2);
    });

    it('refuses a token from another account or a mangled one with 400 INVALID_ARGUMENT', async () => {
      const a = h.people();
      const b = h.people();
      const full = await listAll(a, { personFields: 'names', requestSyncToken: true });
      for (const token of [full.syncToken!, 'garbage']) {
        const e = await failure(b.people.connections.list({ resourceName: 'people/me', personFields: 'names', syncToken: token }));
        expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      }
    });
  });
});
