import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { failure, harness, listAll } from './helpers';

describe('sandbox: contactGroups', function () {
  const h = harness(this);
  let api: people_v1.People;
  beforeEach(() => {
    api = h.people();
  });

  const newGroup = async (name: string) => (await api.contactGroups.create({ requestBody: { contactGroup: { name } } })).data;
  const newContact = async () => (await api.people.createContact({ personFields: 'memberships', requestBody: { names: [{ givenName: 'Member' }] } })).data;
  const groupsOf = async (resourceName: string) =>
    (await api.people.get({ resourceName, personFields: 'memberships' })).data.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName);

  it('lists the system groups of a new account, with the default fields', async () => {
    const { data } = await api.contactGroups.list({});
    const mine = data.contactGroups!.find((g) => g.resourceName === 'contactGroups/myContacts');
    expect(mine).to.include({ groupType: 'SYSTEM_CONTACT_GROUP', name: 'myContacts', formattedName: 'My Contacts', memberCount: 0 });
    expect(mine!.metadata?.updateTime).to.be.a('string');
    expect(data.contactGroups!.map((g) => g.resourceName)).to.include('contactGroups/starred');
    expect(data.totalItems).to.equal(data.contactGroups!.length);
    expect(data.nextSyncToken).to.be.a('string');
  });

  it('creates a user group as contactGroups/<hex> and refuses a duplicate name with 409 ALREADY_EXISTS', async () => {
    const g = await newGroup('Customers');
    expect(g.resourceName).to.match(/^contactGroups\/[0-9a-f]+$/);
    expect(g).to.include({ groupType: 'USER_CONTACT_GROUP', name: 'Customers', formattedName: 'Customers', memberCount: 0 });
    expect(g.etag).to.be.a('string');
    const e = await failure(api.contactGroups.create({ requestBody: { contactGroup: { name: 'Customers' } } }));
    expect(e.response?.data.error).to.include({ code: 409, status: 'ALREADY_EXISTS' });
  });

  it('gets a group with up to maxMembers member names, and memberCount regardless', async () => {
    const g = await newGroup('Sales');
    const members = [await newContact(), await newContact(), await newContact()];
    await api.contactGroups.members.modify({ resourceName: g.resourceName!, requestBody: { resourceNamesToAdd: members.map((m) => m.resourceName!) } });
    const none = (await api.contactGroups.get({ resourceName: g.resourceName! })).data;
    expect(none.memberCount).to.equal(3);
    expect(none).to.not.have.property('memberResourceNames');
    const two = (await api.contactGroups.get({ resourceName: g.resourceName!, maxMembers: 2 })).data;
    expect(two.memberResourceNames).to.have.length(2);
    expect(members.map((m) => m.resourceName)).to.include.members(two.memberResourceNames!);
  });

  it('batchGets groups with a status per name', async () => {
    const g = await newGroup('Batch');
    const { data } = await api.contactGroups.batchGet({ resourceNames: [g.resourceName!, 'contactGroups/deadbeef'], groupFields: 'name' });
    expect(data.responses![0]!.contactGroup?.name).to.equal('Batch');
    expect(data.responses![1]).to.include({ requestedResourceName: 'contactGroups/deadbeef' });
    expect(data.responses![1]!.status?.code).to.equal(5);
  });

  it('renames a group, checks the etag, and refuses to touch a system group', async () => {
    const g = await newGroup('Old name');
    await newGroup('Taken');
    const { data } = await api.contactGroups.update({ resourceName: g.resourceName!, requestBody: { contactGroup: { name: 'New name', etag: g.etag } } });
    expect(data.name).to.equal('New name');
    expect(data.etag).to.not.equal(g.etag);
    const stale = await failure(api.contactGroups.update({ resourceName: g.resourceName!, requestBody: { contactGroup: { name: 'Again', etag: g.etag } } }));
    expect(stale.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
    const dup = await failure(api.contactGroups.update({ resourceName: g.resourceName!, requestBody: { contactGroup: { name: 'Taken' } } }));
    expect(dup.response?.data.error.code).to.equal(409);
    const sys = await failure(api.contactGroups.update({ resourceName: 'contactGroups/myContacts', requestBody: { contactGroup: { name: 'Mine' } } }));
    expect(sys.response?.status).to.equal(400);
  });

  it('deletes a group and keeps its contacts, or deletes them with deleteContacts', async () => {
    const keep = await newGroup('Keep contacts');
    const drop = await newGroup('Drop contacts');
    const a = await newContact();
    const b = await newContact();
    const only = (await api.people.createContact({ requestBody: { memberships: [{ contactGroupMembership: { contactGroupResourceName: keep.resourceName! } }] } })).data;
    await api.contactGroups.members.modify({ resourceName: keep.resourceName!, requestBody: { resourceNamesToAdd: [a.resourceName!] } });
    await api.contactGroups.members.modify({ resourceName: drop.resourceName!, requestBody: { resourceNamesToAdd: [b.resourceName!] } });
    await api.contactGroups.delete({ resourceName: keep.resourceName! });
    expect(await groupsOf(a.resourceName!)).to.deep.equal(['contactGroups/myContacts']);
    expect(await groupsOf(only.resourceName!), 'a contact only in the deleted group').to.deep.equal(['contactGroups/myContacts']);
    await api.contactGroups.delete({ resourceName: drop.resourceName!, deleteContacts: true });
    expect((await failure(api.people.get({ resourceName: b.resourceName!, personFields: 'names' }))).response?.status).to.equal(404);
    expect((await failure(api.contactGroups.get({ resourceName: keep.resourceName! }))).response?.status).to.equal(404);
  });

  describe('members.modify', () => {
    it('adds and removes members, and the change shows on the contact (new etag, new membership)', async () => {
      const g = await newGroup('Team');
      const c = await newContact();
      const res = await api.contactGroups.members.modify({ resourceName: g.resourceName!, requestBody: { resourceNamesToAdd: [c.resourceName!] } });
      expect(res.data).to.deep.equal({});
      const after = (await api.people.get({ resourceName: c.resourceName!, personFields: 'memberships' })).data;
      expect(after.etag).to.not.equal(c.etag);
      expect(after.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.deep.equal(['contactGroups/myContacts', g.resourceName]);
      await api.contactGroups.members.modify({ resourceName: 'contactGroups/myContacts', requestBody: { resourceNamesToRemove: [c.resourceName!] } });
      expect(await groupsOf(c.resourceName!)).to.deep.equal([g.resourceName]);
    });

    it('reports unknown contacts and refuses to remove a contact\'s last group', async () => {
      const c = await newContact();
      const { data } = await api.contactGroups.members.modify({
        resourceName: 'contactGroups/myContacts', requestBody: { resourceNamesToAdd: ['people/c1'], resourceNamesToRemove: [c.resourceName!] },
      });
      expect(data.notFoundResourceNames).to.deep.equal(['people/c1']);
      expect(data.canNotRemoveLastContactGroupResourceNames).to.deep.equal([c.resourceName]);
      expect(await groupsOf(c.resourceName!)).to.deep.equal(['contactGroups/myContacts']);
    });

    it('lets only myContacts and starred among system groups receive members; others only lose them', async () => {
      const c = await newContact();
      await api.contactGroups.members.modify({ resourceName: 'contactGroups/starred', requestBody: { resourceNamesToAdd: [c.resourceName!] } });
      const e = await failure(api.contactGroups.members.modify({ resourceName: 'contactGroups/family', requestBody: { resourceNamesToAdd: [c.resourceName!] } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'FAILED_PRECONDITION' });
      const { data } = await api.contactGroups.members.modify({ resourceName: 'contactGroups/family', requestBody: { resourceNamesToRemove: [c.resourceName!] } });
      expect(data).to.deep.equal({});
    });

    it('refuses more than 1000 names in one call', async () => {
      const g = await newGroup('Big');
      const names = Array.from({ length: 1001 }, (_, i) => `people/c${i + 1}`);
      const e = await failure(api.contactGroups.members.modify({ resourceName: g.resourceName!, requestBody: { resourceNamesToAdd: names } }));
      expect(e.response?.data.error).to.include({ code: 400, status: 'INVALID_ARGUMENT' });
    });

    it('puts membership changes into the contacts\' sync listing', async () => {
      const g = await newGroup('Synced');
      const c = await newContact();
      const full = await listAll(api, { personFields: 'memberships', requestSyncToken: true });
      await api.contactGroups.members.modify({ resourceName: g.resourceName!, requestBody: { resourceNamesToAdd: [c.resourceName!] } });
      const delta = await listAll(api, { personFields: 'memberships', syncToken: full.syncToken! });
      expect(delta.connections.map((p) => p.resourceName)).to.deep.equal([c.resourceName]);
      expect(delta.connections[0]!.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.include(g.resourceName);
    });
  });

  it('syncs groups: a sync token returns only changed groups, deleted ones flagged', async () => {
    const a = await newGroup('Stays');
    const b = await newGroup('Goes');
    const first = (await api.contactGroups.list({})).data;
    await api.contactGroups.update({ resourceName: a.resourceName!, requestBody: { contactGroup: { name: 'Stays, renamed' } } });
    await api.contactGroups.delete({ resourceName: b.resourceName! });
    const { data } = await api.contactGroups.list({ syncToken: first.nextSyncToken! });
    const byName = new Map(data.contactGroups!.map((g) => [g.resourceName, g]));
    expect([...byName.keys()].sort()).to.deep.equal([a.resourceName, b.resourceName].sort());
    expect(byName.get(a.resourceName)?.name).to.equal('Stays, renamed');
    expect(byName.get(b.resourceName)?.metadata?.deleted).to.equal(true);
  });

  it('keeps group clientData', async () => {
    const { data } = await api.contactGroups.create({ requestBody: { contactGroup: { name: 'With data', clientData: [{ key: 'crm', value: 'container' }] }, readGroupFields: 'name,clientData' } });
    expect(data.clientData).to.deep.equal([{ key: 'crm', value: 'container' }]);
  });
});
