import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { failure, harness } from './helpers';

const person = (i: number): people_v1.Schema$ContactToCreate => ({ contactPerson: { names: [{ givenName: `P${i}` }] } });

describe('sandbox: batch calls', function () {
  const h = harness(this);

  describe('batchCreateContacts', () => {
    it('creates up to 200 and answers each with a PersonResponse in request order', async () => {
      const api = h.people();
      const { data } = await api.people.batchCreateContacts({
        requestBody: { readMask: 'names,memberships', contacts: Array.from({ length: 200 }, (_, i) => person(i)) },
      });
      expect(data.createdPeople).to.have.length(200);
      expect(data.createdPeople!.map((r) => r.person?.names?.[0]?.givenName)).to.deep.equal(Array.from({ length: 200 }, (_, i) => `P${i}`));
      expect(data.createdPeople![0]).to.include({ httpStatusCode: 200 });
      expect(data.createdPeople![0]!.person?.memberships?.[0]?.contactGroupMembership?.contactGroupResourceName).to.equal('contactGroups/myContacts');
    });

    it('refuses 201 contacts, and writes nothing', async () => {
      const api = h.people();
      const e = await failure(api.people.batchCreateContacts({ requestBody: { readMask: 'names', contacts: Array.from({ length: 201 }, (_, i) => person(i)) } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      const { data } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect(data.connections ?? []).to.be.empty;
    });

    it('is all or nothing: one invalid contact fails the batch', async () => {
      const api = h.people();
      const e = await failure(api.people.batchCreateContacts({
        requestBody: { readMask: 'names', contacts: [person(1), { contactPerson: { names: [{ givenName: 'a' }, { givenName: 'b' }] } }] },
      }));
      expect(e.response?.data.error.message).to.match(/contacts\[1\]/);
      const { data } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
      expect(data.connections ?? []).to.be.empty;
    });

    it('needs readMask; an empty one skips the post-write read', async () => {
      const api = h.people();
      const e = await failure(api.people.batchCreateContacts({ requestBody: { contacts: [person(1)] } }));
      expect(e.response?.data.error.status).to.equal('INVALID_ARGUMENT');
      const { data } = await api.people.batchCreateContacts({ requestBody: { readMask: '', contacts: [person(1)] } });
      expect(data.createdPeople![0]!.person).to.have.keys('resourceName');
    });
  });

  describe('batchUpdateContacts', () => {
    it('updates up to 200, keyed by resourceName, checking each etag', async () => {
      const api = h.people();
      const created = (await api.people.batchCreateContacts({ requestBody: { readMask: 'names', contacts: [person(1), person(2)] } })).data.createdPeople!.map((r) => r.person!);
      const contacts = Object.fromEntries(created.map((p) => [p.resourceName!, { etag: p.etag, names: [{ givenName: `${p.names![0]!.givenName}-x` }] }]));
      const { data } = await api.people.batchUpdateContacts({ requestBody: { contacts, updateMask: 'names', readMask: 'names' } });
      expect(Object.keys(data.updateResult!).sort()).to.deep.equal(created.map((p) => p.resourceName!).sort());
      const first = data.updateResult![created[0]!.resourceName!]!;
      expect(first.person?.names?.[0]?.givenName).to.equal('P1-x');
      expect(first.person?.etag).to.not.equal(created[0]!.etag);
    });

    it('fails the whole batch on one stale etag', async () => {
      const api = h.people();
      const [a, b] = (await api.people.batchCreateContacts({ requestBody: { readMask: 'names', contacts: [person(1), person(2)] } })).data.createdPeople!.map((r) => r.person!);
      const e = await failure(api.people.batchUpdateContacts({
        requestBody: {
          updateMask: 'names', readMask: 'names',
          contacts: { [a!.resourceName!]: { etag: a!.etag, names: [{ givenName: 'ok' }] }, [b!.resourceName!]: { etag: '%stale', names: [{ givenName: 'no' }] } },
        },
      }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
      const { data } = await api.people.get({ resourceName: a!.resourceName!, personFields: 'names' });
      expect(data.names?.[0]?.givenName).to.equal('P1');
    });

    it('refuses more than 200 and needs updateMask', async () => {
      const api = h.people();
      const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`people/c${i + 1}`, { etag: 'x' }]));
      expect((await failure(api.people.batchUpdateContacts({ requestBody: { contacts: many, updateMask: 'names', readMask: 'names' } }))).response?.status).to.equal(400);
      expect((await failure(api.people.batchUpdateContacts({ requestBody: { contacts: { 'people/c1': { etag: 'x' } }, readMask: 'names' } }))).response?.data.error.message).to.match(/updateMask/);
    });
  });

  describe('batchDeleteContacts', () => {
    it('deletes up to 500 and refuses 501', async () => {
      const api = h.people();
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { data } = await api.people.batchCreateContacts({ requestBody: { readMask: '', contacts: Array.from({ length: 200 }, (_, k) => person(k)) } });
        names.push(...data.createdPeople!.map((r) => r.person!.resourceName!));
      }
      const e = await failure(api.people.batchDeleteContacts({ requestBody: { resourceNames: names.slice(0, 501) } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      const { data, status } = await api.people.batchDeleteContacts({ requestBody: { resourceNames: names.slice(0, 500) } });
      expect(status).to.equal(200);
      expect(data).to.deep.equal({});
      const left = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names', pageSize: 1000 });
      expect(left.data.connections).to.have.length(100);
    });
  });

  describe('getBatchGet', () => {
    it('answers each name in order, found or not, and refuses more than 200', async () => {
      const api = h.people();
      const { data: p } = await api.people.createContact({ requestBody: { names: [{ givenName: 'Found' }] } });
      const { data } = await api.people.getBatchGet({ resourceNames: [p.resourceName!, 'people/c1'], personFields: 'names' });
      expect(data.responses).to.have.length(2);
      expect(data.responses![0]).to.include({ requestedResourceName: p.resourceName, httpStatusCode: 200 });
      expect(data.responses![0]!.person?.names?.[0]?.givenName).to.equal('Found');
      expect(data.responses![1]).to.include({ requestedResourceName: 'people/c1', httpStatusCode: 404 });
      expect(data.responses![1]!.status).to.include({ code: 5 });
      const e = await failure(api.people.getBatchGet({ resourceNames: Array.from({ length: 201 }, (_, i) => `people/c${i + 1}`), personFields: 'names' }));
      expect(e.response?.data.error.code).to.equal(400);
      const noMask = await failure(api.people.getBatchGet({ resourceNames: [p.resourceName!] }));
      expect(noMask.response?.data.error.status).to.equal('INVALID_ARGUMENT');
    });
  });
});
