import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { failure, harness } from './helpers';

const ALL = 'names,emailAddresses,phoneNumbers,biographies,birthdays,memberships,metadata,clientData,organizations,addresses';

describe('sandbox: people (single contacts)', function () {
  const h = harness(this);
  let api: people_v1.People;
  beforeEach(() => {
    api = h.people();
  });

  const create = async (person: people_v1.Schema$Person = { names: [{ givenName: 'Ada', familyName: 'Lovelace' }] }) =>
    (await api.people.createContact({ personFields: ALL, requestBody: person })).data;

  describe('createContact', () => {
    it('answers people/c<digits>, a person etag, and a CONTACT source with id, etag and updateTime', async () => {
      const p = await create();
      expect(p.resourceName).to.match(/^people\/c\d+$/);
      expect(p.etag).to.match(/^%/);
      const source = p.metadata?.sources?.[0];
      expect(source?.type).to.equal('CONTACT');
      expect(source?.id).to.equal(BigInt(p.resourceName!.slice('people/c'.length)).toString(16));
      expect(source?.etag).to.match(/^#/);
      expect(Date.parse(source!.updateTime!)).to.be.closeTo(Date.now(), 5000);
    });

    it('files a new contact under My Contacts', async () => {
      const p = await create();
      expect(p.memberships).to.deep.equal([{
        metadata: { source: { type: 'CONTACT', id: p.metadata!.sources![0]!.id } },
        contactGroupMembership: { contactGroupId: 'myContacts', contactGroupResourceName: 'contactGroups/myContacts' },
      }]);
    });

    it('computes what Google computes: display names, formattedType, canonical phone form', async () => {
      const p = await create({
        names: [{ givenName: 'Ada', familyName: 'Lovelace' }],
        phoneNumbers: [{ value: '+33 6 12 34 56 78', type: 'mobile' }, { value: 'not a number', type: 'workFax' }],
      });
      expect(p.names?.[0]).to.include({ displayName: 'Ada Lovelace', displayNameLastFirst: 'Lovelace, Ada' });
      expect(p.phoneNumbers?.[0]).to.include({ formattedType: 'Mobile', canonicalForm: '+33612345678' });
      expect(p.phoneNumbers?.[1]).to.include({ formattedType: 'Work Fax' }).and.not.have.property('canonicalForm');
      expect(p.phoneNumbers?.[0]?.metadata).to.include({ primary: true });
      expect(p.phoneNumbers?.[1]?.metadata).to.not.have.property('primary');
    });

    it('keeps clientData as sent', async () => {
      const p = await create({ clientData: [{ key: 'crm', value: 'contact-42' }] });
      expect(p.clientData?.map((d) => [d.key, d.value])).to.deep.equal([['crm', 'contact-42']]);
    });

    it('rejects a second value in a singleton field (names, biographies, birthdays, genders)', async () => {
      for (const person of [
        { names: [{ givenName: 'A' }, { givenName: 'B' }] },
        { biographies: [{ value: 'a' }, { value: 'b' }] },
        { birthdays: [{ date: { month: 1, day: 2 } }, { date: { month: 3, day: 4 } }] },
        { genders: [{ value: 'female' }, { value: 'male' }] },
      ]) {
        const e = await failure(api.people.createContact({ requestBody: person }));
        expect(e.response?.status, JSON.stringify(person)).to.equal(400);
        expect(e.response?.data.error.status).to.equal('INVALID_ARGUMENT');
      }
    });

    it('rejects output-only fields such as photos', async () => {
      const e = await failure(api.people.createContact({ requestBody: { photos: [{ url: 'http://x/y.png' }] } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('only lets system groups myContacts and starred receive a contact', async () => {
      const starred = await create({ memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/starred' } }] });
      expect(starred.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.deep.equal(['contactGroups/starred']);
      const e = await failure(api.people.createContact({
        requestBody: { memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/friends' } }] },
      }));
      expect(e.response?.data.error.code).to.equal(400);
    });
  });

  describe('get', () => {
    it('needs personFields and applies it as a mask', async () => {
      const p = await create({ names: [{ givenName: 'Mask' }], emailAddresses: [{ value: 'm@x.org' }] });
      const e = await failure(api.people.get({ resourceName: p.resourceName! }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(e.response?.data.error.message).to.match(/personFields mask is required/);
      const { data } = await api.people.get({ resourceName: p.resourceName!, personFields: 'emailAddresses' });
      expect(Object.keys(data).sort()).to.deep.equal(['emailAddresses', 'etag', 'resourceName']);
    });

    it('rejects an unknown mask path', async () => {
      const p = await create();
      const e = await failure(api.people.get({ resourceName: p.resourceName!, personFields: 'names,shoeSize' }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('answers 404 NOT_FOUND in Google\'s envelope for an unknown contact', async () => {
      const e = await failure(api.people.get({ resourceName: 'people/c123', personFields: 'names' }));
      expect(e.response?.data).to.deep.equal({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
    });

    it('reads people/me as the signed-in profile', async () => {
      const email = 'profile.owner@example.com';
      const { data } = await h.people(email).people.get({ resourceName: 'people/me', personFields: 'emailAddresses' });
      expect(data.resourceName).to.match(/^people\/\d+$/);
      expect(data.emailAddresses?.[0]?.value).to.equal(email);
    });
  });

  describe('updateContact', () => {
    it('needs updatePersonFields', async () => {
      const p = await create();
      const e = await failure(api.people.updateContact({ resourceName: p.resourceName!, requestBody: { etag: p.etag, names: [{ givenName: 'X' }] } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('needs the etag', async () => {
      const p = await create();
      const e = await failure(api.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'names', requestBody: { names: [{ givenName: 'X' }] } }));
      expect(e.response?.data.error.code).to.equal(400);
      expect(e.response?.data.error.message).to.match(/must set person\.etag/);
    });

    it('answers 400 FAILED_PRECONDITION "etag is different" for a stale etag', async () => {
      const p = await create();
      await api.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'names', requestBody: { etag: p.etag, names: [{ givenName: 'First' }] } });
      const e = await failure(api.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'names', requestBody: { etag: p.etag, names: [{ givenName: 'Second' }] } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
      expect(e.response?.data.error.message).to.match(/etag is different than the current person\.etag/);
    });

    it('accepts the source etag as well as the person etag', async () => {
      const p = await create();
      const { data } = await api.people.updateContact({
        resourceName: p.resourceName!, updatePersonFields: 'names', personFields: 'names',
        requestBody: { metadata: { sources: [{ type: 'CONTACT', etag: p.metadata!.sources![0]!.etag }] }, names: [{ givenName: 'Via source' }] },
      });
      expect(data.names?.[0]?.givenName).to.equal('Via source');
    });

    it('replaces the listed fields whole, clears listed fields absent from the body, and leaves the rest alone', async () => {
      const p = await create({
        names: [{ givenName: 'Keep' }],
        emailAddresses: [{ value: 'a@x.org', type: 'work' }, { value: 'b@x.org', type: 'home' }],
        phoneNumbers: [{ value: '+33612345678' }],
      });
      const { data } = await api.people.updateContact({
        resourceName: p.resourceName!, updatePersonFields: 'emailAddresses,phoneNumbers', personFields: ALL,
        requestBody: { etag: p.etag, emailAddresses: [{ value: 'c@x.org' }], names: [{ givenName: 'Ignored: not in the mask' }] },
      });
      expect(data.emailAddresses?.map((x) => x.value)).to.deep.equal(['c@x.org']);
      expect(data).to.not.have.property('phoneNumbers');
      expect(data.names?.[0]?.givenName).to.equal('Keep');
      expect(data.etag).to.not.equal(p.etag);
      expect(Date.parse(data.metadata!.sources![0]!.updateTime!)).to.be.at.least(Date.parse(p.metadata!.sources![0]!.updateTime!));
    });

    it('moves a contact between groups through memberships, but never to no group at all', async () => {
      const p = await create();
      const { data } = await api.people.updateContact({
        resourceName: p.resourceName!, updatePersonFields: 'memberships', personFields: 'memberships',
        requestBody: { etag: p.etag, memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/starred' } }] },
      });
      expect(data.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.deep.equal(['contactGroups/starred']);
      const e = await failure(api.people.updateContact({
        resourceName: p.resourceName!, updatePersonFields: 'memberships', requestBody: { etag: data.etag, memberships: [] },
      }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
    });

    it('holds singleton fields to one value on update too', async () => {
      const p = await create();
      const e = await failure(api.people.updateContact({
        resourceName: p.resourceName!, updatePersonFields: 'biographies', requestBody: { etag: p.etag, biographies: [{ value: 'a' }, { value: 'b' }] },
      }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('rejects a mask path that cannot be written', async () => {
      const p = await create();
      const e = await failure(api.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'photos', requestBody: { etag: p.etag } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('answers 404 for a contact deleted meanwhile (never re-creates it)', async () => {
      const p = await create();
      await api.people.deleteContact({ resourceName: p.resourceName! });
      const e = await failure(api.people.updateContact({ resourceName: p.resourceName!, updatePersonFields: 'names', requestBody: { etag: p.etag, names: [{ givenName: 'Z' }] } }));
      expect(e.response?.data.error).to.include({ code: 404, status: 'NOT_FOUND' });
    });
  });

  describe('deleteContact', () => {
    it('deletes, answers {} and then 404 for the same contact', async () => {
      const p = await create();
      const { data, status } = await api.people.deleteContact({ resourceName: p.resourceName! });
      expect(status).to.equal(200);
      expect(data).to.deep.equal({});
      const e = await failure(api.people.deleteContact({ resourceName: p.resourceName! }));
      expect(e.response?.status).to.equal(404);
    });

    it('rejects a resource name that is not a contact', async () => {
      const e = await failure(api.people.deleteContact({ resourceName: 'people/me' }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });
  });

  it('answers malformed requests in Google\'s envelope: bad JSON, unknown method', async () => {
    const { access_token } = h.sandbox.control.createAccount('raw.http@example.com');
    const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const bad = await fetch(`${h.sandbox.url}/v1/people:createContact`, { method: 'POST', headers, body: '{"names": [' });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { status: string } }).error.status).to.equal('INVALID_ARGUMENT');
    const unknown = await fetch(`${h.sandbox.url}/v1/people/c1:frobnicate`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { error: { status: string } }).error.status).to.equal('NOT_FOUND');
  });

  it('keeps every account\'s address book to itself', async () => {
    const alice = h.people('iso.alice@example.com');
    const bob = h.people('iso.bob@example.com');
    const { data: a } = await alice.people.createContact({ requestBody: { names: [{ givenName: 'Alice only' }] } });
    const e = await failure(bob.people.get({ resourceName: a.resourceName!, personFields: 'names' }));
    expect(e.response?.status).to.equal(404);
    const { data: list } = await bob.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
    expect(list.connections ?? []).to.be.empty;
  });
});
