import { expect } from 'chai';
import { failsWith, googleHarness, NAME_FIELDS, person } from './helpers';

describe('google gateway: people over HTTP', function () {
  const h = googleHarness(this);

  it('creates a batch in order, reads it back one by one and in a batch, and counts each request', async () => {
    const { gw } = h.gateway();
    const created = await gw.batchCreate([person('Ada', 'u-1'), person('Bob', 'u-2')], [...NAME_FIELDS]);
    expect(created.map((p) => p.names?.[0]?.givenName)).to.deep.equal(['Ada', 'Bob']);
    expect(created.map((p) => p.clientData?.[0]?.value)).to.deep.equal(['u-1', 'u-2']);
    const [ada, bob] = created.map((p) => p.resourceName!);

    const got = await gw.get(ada!, ['names']);
    expect(got.names?.[0]?.givenName).to.equal('Ada');

    await gw.deleteContact(bob!);
    const batch = await gw.batchGet([ada!, bob!], ['names']);
    expect(batch.get(ada!)?.names?.[0]?.givenName).to.equal('Ada');
    expect(batch.has(bob!)).to.equal(true);
    expect(batch.get(bob!)).to.equal(null);
    expect(gw.requestCount).to.equal(4);
  });

  it('updates one contact with its etag and a batch keyed by resource name; updatePersonFields replaces whole fields', async () => {
    const { gw } = h.gateway();
    const [a, b] = await gw.batchCreate([person('Cleo'), person('Dan')], ['names', 'emailAddresses', 'metadata']);
    const updated = await gw.updateContact(
      { resourceName: a!.resourceName, etag: a!.etag, names: [{ givenName: 'Cleopatra', familyName: 'Test' }] },
      ['names', 'emailAddresses'], ['names', 'emailAddresses'],
    );
    expect(updated.names?.[0]?.givenName).to.equal('Cleopatra');
    expect(updated.emailAddresses ?? []).to.be.empty;
    expect(updated.etag).to.not.equal(a!.etag);

    const results = await gw.batchUpdate(new Map([
      [updated.resourceName!, { etag: updated.etag, names: [{ givenName: 'Cleo' }] }],
      [b!.resourceName!, { etag: b!.etag, names: [{ givenName: 'Daniel' }] }],
    ]), ['names'], ['names']);
    expect([...results.keys()].sort()).to.deep.equal([updated.resourceName, b!.resourceName].sort());
    expect(results.get(b!.resourceName!)?.names?.[0]?.givenName).to.equal('Daniel');
  });

  it('deletes in a batch; a deleted contact then answers NOT_FOUND with its resource name', async () => {
    const { gw } = h.gateway();
    const created = await gw.batchCreate([person('Eve'), person('Fay'), person('Gus')], ['names']);
    await gw.batchDelete(created.slice(0, 2).map((p) => p.resourceName!));
    const gone = created[0]!.resourceName!;
    const e = await failsWith(gw.get(gone, ['names']), 'NOT_FOUND');
    expect(e.details).to.include({ resourceName: gone });
    const page = await gw.listConnections({ personFields: ['names'] });
    expect(page.people.map((p) => p.names?.[0]?.givenName)).to.deep.equal(['Gus']);
  });

  it('lists connections page by page; the sync token comes on the last page and an incremental listing sees deletions', async () => {
    const { gw } = h.gateway();
    const created = await gw.batchCreate(['Hal', 'Ivy', 'Jon'].map((n) => person(n)), ['names']);
    const first = await gw.listConnections({ personFields: ['names'], pageSize: 2, requestSyncToken: true });
    expect(first.people).to.have.length(2);
    expect(first.nextPageToken).to.be.a('string');
    expect(first.nextSyncToken).to.equal(null);
    expect(first.totalItems).to.equal(3);
    const last = await gw.listConnections({ personFields: ['names'], pageSize: 2, requestSyncToken: true, pageToken: first.nextPageToken });
    expect(last.people).to.have.length(1);
    expect(last.nextPageToken).to.equal(null);
    expect(last.nextSyncToken).to.be.a('string');

    await gw.deleteContact(created[0]!.resourceName!);
    const changes = await gw.listConnections({ personFields: ['names'], syncToken: last.nextSyncToken });
    expect(changes.people.map((p) => [p.resourceName, p.metadata?.deleted])).to.deep.equal([[created[0]!.resourceName, true]]);
    expect(changes.nextSyncToken).to.be.a('string').and.not.equal(last.nextSyncToken);
  });

  it('sends nothing for empty batches', async () => {
    const { gw } = h.gateway();
    expect(await gw.batchCreate([], ['names'])).to.deep.equal([]);
    expect((await gw.batchGet([], ['names'])).size).to.equal(0);
    expect((await gw.batchUpdate(new Map(), ['names'], ['names'])).size).to.equal(0);
    await gw.batchDelete([]);
    expect(await gw.modifyMembers('contactGroups/myContacts', [], [])).to.deep.equal({ notFound: [], cannotRemoveLast: [] });
    expect(gw.requestCount).to.equal(0);
  });

  it('answers PRECONDITION reason ETAG to an update with a stale etag, single or batched', async () => {
    const { gw } = h.gateway();
    const [p] = await gw.batchCreate([person('Kim')], ['names', 'metadata']);
    await gw.updateContact({ resourceName: p!.resourceName, etag: p!.etag, names: [{ givenName: 'Kimberly' }] }, ['names'], ['names']);
    const single = await failsWith(gw.updateContact({ resourceName: p!.resourceName, etag: p!.etag, names: [{ givenName: 'Old' }] }, ['names'], ['names']), 'PRECONDITION');
    expect(single.details).to.deep.equal({ reason: 'ETAG' });
    const batched = await failsWith(gw.batchUpdate(new Map([[p!.resourceName!, { etag: p!.etag, names: [{ givenName: 'Old' }] }]]), ['names'], ['names']), 'PRECONDITION');
    expect(batched.details).to.deep.equal({ reason: 'ETAG' });
    expect((await gw.get(p!.resourceName!, ['names'])).names?.[0]?.givenName).to.equal('Kimberly');
  });

  it('answers PRECONDITION reason EXPIRED_SYNC_TOKEN once the sync token is older than 7 days', async () => {
    const { gw } = h.gateway();
    await gw.batchCreate([person('Lou')], ['names']);
    const { nextSyncToken } = await gw.listConnections({ personFields: ['names'], requestSyncToken: true });
    h.sandbox.control.advanceClock(8 * 24 * 3600 * 1000);
    // The access token expired on the sandbox clock too: the client refreshes it on the 401 and replays the call.
    const e = await failsWith(gw.listConnections({ personFields: ['names'], syncToken: nextSyncToken }), 'PRECONDITION');
    expect(e.details).to.deep.equal({ reason: 'EXPIRED_SYNC_TOKEN' });
    const full = await gw.listConnections({ personFields: ['names'], requestSyncToken: true });
    expect(full.people).to.have.length(1);
  });

  it('maps other Google answers to GOOGLE_ERROR with status and Google status', async () => {
    const { gw } = h.gateway();
    const e = await failsWith(gw.get('people/not-a-contact', ['names']), 'GOOGLE_ERROR');
    expect(e.details).to.include({ status: 400, googleStatus: 'INVALID_ARGUMENT' });
  });
});
