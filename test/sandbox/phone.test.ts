import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { harness, listAll } from './helpers';

describe('sandbox: phone view (forms over HTTP)', function () {
  const h = harness(this);
  const email = 'phone.owner@example.com';
  let api: people_v1.People;
  let base: string;
  before(() => {
    api = h.people(email);
    base = `${h.sandbox.url}/phone/${encodeURIComponent(email)}`;
  });

  const form = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    return fetch(`${base}${path}`, { method: 'POST', body, redirect: 'manual' });
  };

  it('lists the accounts as phones to pick from', async () => {
    const html = await (await fetch(`${h.sandbox.url}/phone`)).text();
    expect(html).to.include(`/phone/${encodeURIComponent(email)}`);
  });

  it('adds, edits, regroups and deletes contacts, and every change reaches the API like an API write', async () => {
    const full = await listAll(api, { personFields: 'names', requestSyncToken: true });
    const { data: label } = await api.contactGroups.create({ requestBody: { contactGroup: { name: 'Family' } } });

    const created = await form('/contacts', { givenName: 'Zoé', familyName: 'Martin', phone: '+33 6 11 22 33 44', email: 'zoe@example.org', groups: 'contactGroups/myContacts' });
    expect(created.status).to.equal(303);
    const delta1 = await listAll(api, { personFields: 'names,phoneNumbers,emailAddresses,memberships', syncToken: full.syncToken! });
    expect(delta1.connections).to.have.length(1);
    const zoe = delta1.connections[0]!;
    expect(zoe.names?.[0]).to.include({ givenName: 'Zoé', familyName: 'Martin' });
    expect(zoe.phoneNumbers?.[0]).to.include({ value: '+33 6 11 22 33 44', type: 'mobile' });

    // The CRM adds a second number the phone form does not show: the phone edit must keep it.
    const { data: withWork } = await api.people.updateContact({
      resourceName: zoe.resourceName!, updatePersonFields: 'phoneNumbers', personFields: 'phoneNumbers',
      requestBody: { etag: zoe.etag, phoneNumbers: [...zoe.phoneNumbers!.map((p) => ({ value: p.value, type: p.type })), { value: '+33 1 40 00 00 00', type: 'work' }] },
    });
    const page = await (await fetch(`${base}/c/${zoe.resourceName!.slice('people/'.length)}`)).text();
    const etag = /name="etag" value="([^"]+)"/.exec(page)?.[1];
    expect(etag).to.equal(withWork.etag);

    const edited = await form(`/c/${zoe.resourceName!.slice('people/'.length)}`, {
      etag: etag!, givenName: 'Zoé', familyName: 'Martin-Durand', phone: '+33 6 99 88 77 66', email: 'zoe@example.org', groups: [label.resourceName!, 'contactGroups/starred'],
    });
    expect(edited.status).to.equal(303);
    const delta2 = await listAll(api, { personFields: 'names,phoneNumbers,memberships', syncToken: delta1.syncToken! });
    const after = delta2.connections[0]!;
    expect(after.names?.[0]?.familyName).to.equal('Martin-Durand');
    expect(after.phoneNumbers?.map((p) => p.value)).to.deep.equal(['+33 6 99 88 77 66', '+33 1 40 00 00 00']);
    expect(after.memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName)).to.deep.equal([label.resourceName, 'contactGroups/starred']);
    expect(after.etag).to.not.equal(withWork.etag);

    // A stale page (the etag it was rendered with) gets Google's precondition failure, not a silent overwrite.
    const stale = await form(`/c/${zoe.resourceName!.slice('people/'.length)}`, { etag: etag!, givenName: 'Lost', groups: 'contactGroups/myContacts' });
    expect(stale.status).to.equal(400);
    expect(await stale.text()).to.include('etag is different');

    const removed = await form(`/c/${zoe.resourceName!.slice('people/'.length)}/delete`, {});
    expect(removed.status).to.equal(303);
    const delta3 = await listAll(api, { personFields: 'names', syncToken: delta2.syncToken! });
    expect(delta3.connections.map((c) => [c.resourceName, c.metadata?.deleted])).to.deep.equal([[zoe.resourceName, true]]);
  });

  it('refuses to leave a contact without any label', async () => {
    await form('/contacts', { givenName: 'Lonely', groups: 'contactGroups/myContacts' });
    const { data } = await api.people.connections.list({ resourceName: 'people/me', personFields: 'names' });
    const lonely = data.connections!.find((c) => c.names?.[0]?.givenName === 'Lonely')!;
    const page = await (await fetch(`${base}/c/${lonely.resourceName!.slice('people/'.length)}`)).text();
    const etag = /name="etag" value="([^"]+)"/.exec(page)![1]!;
    const res = await form(`/c/${lonely.resourceName!.slice('people/'.length)}`, { etag, givenName: 'Lonely' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.include('at least one contact group');
  });

  it('escapes contact data in its pages', async () => {
    await api.people.createContact({ requestBody: { names: [{ givenName: '<script>alert(1)</script>' }] } });
    const html = await (await fetch(base)).text();
    expect(html).to.not.include('<script>alert(1)</script>');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
