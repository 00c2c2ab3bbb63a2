import { expect } from 'chai';
import { LIMITS } from '../../../src/google/gateway';
import { failsWith, googleHarness, person } from './helpers';

describe('google gateway: contact groups and batch limits over HTTP', function () {
  const h = googleHarness(this);

  it('creates, lists, renames with the etag and deletes a group', async () => {
    const { gw } = h.gateway();
    const crm = await gw.createGroup('CRM');
    expect(crm.name).to.equal('CRM');
    expect(crm.resourceName).to.match(/^contactGroups\//);
    const listed = await gw.listGroups();
    expect(listed.map((g) => g.name)).to.include.members(['CRM', 'myContacts']);
    expect(listed.find((g) => g.resourceName === crm.resourceName)?.groupType).to.equal('USER_CONTACT_GROUP');

    const renamed = await gw.updateGroup(crm.resourceName!, 'CRM contacts', crm.etag!);
    expect(renamed.name).to.equal('CRM contacts');
    const stale = await failsWith(gw.updateGroup(crm.resourceName!, 'CRM again', crm.etag!), 'PRECONDITION');
    expect(stale.details).to.deep.equal({ reason: 'ETAG' });

    await gw.deleteGroup(crm.resourceName!, false);
    expect((await gw.listGroups()).map((g) => g.resourceName)).to.not.include(crm.resourceName);
    await failsWith(gw.deleteGroup(crm.resourceName!, false), 'NOT_FOUND');
  });

  it('answers CONFLICT to a second group with the same name', async () => {
    const { gw } = h.gateway();
    await gw.createGroup('CRM/alice');
    await failsWith(gw.createGroup('CRM/alice'), 'CONFLICT');
  });

  it('adds and removes members; reports unknown people and those a group cannot lose', async () => {
    const { gw } = h.gateway();
    const group = await gw.createGroup('CRM');
    const [a, b] = await gw.batchCreate([person('Ann'), person('Ben')], ['names']);
    const [ra, rb] = [a!.resourceName!, b!.resourceName!];
    expect(await gw.modifyMembers(group.resourceName!, [ra, rb, 'people/c1'], [])).to.deep.equal({ notFound: ['people/c1'], cannotRemoveLast: [] });
    expect((await gw.get(ra, ['memberships'])).memberships?.map((m) => m.contactGroupMembership?.contactGroupResourceName))
      .to.include(group.resourceName);

    // Ann leaves My Contacts, so CRM becomes her only group and she cannot leave it.
    await gw.modifyMembers('contactGroups/myContacts', [], [ra]);
    expect(await gw.modifyMembers(group.resourceName!, [], [ra, rb])).to.deep.equal({ notFound: [], cannotRemoveLast: [ra] });
  });

  it('deletes a group with its contacts when asked', async () => {
    const { gw } = h.gateway();
    const group = await gw.createGroup('Doomed');
    const [p] = await gw.batchCreate([person('Cy')], ['names']);
    await gw.modifyMembers(group.resourceName!, [p!.resourceName!], []);
    await gw.deleteGroup(group.resourceName!, true);
    expect((await gw.batchGet([p!.resourceName!], ['names'])).get(p!.resourceName!)).to.equal(null);
  });

  describe('batch limits are refused before anything is sent', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `people/c${i + 1}`);
    const cases: Array<[string, (gw: ReturnType<typeof h.gateway>['gw']) => Promise<unknown>, number]> = [
      ['batchCreate', (gw) => gw.batchCreate(Array.from({ length: LIMITS.batchCreate + 1 }, () => person('X')), ['names']), LIMITS.batchCreate],
      ['batchUpdate', (gw) => gw.batchUpdate(new Map(names(LIMITS.batchUpdate + 1).map((n) => [n, { etag: 'e' }])), ['names'], ['names']), LIMITS.batchUpdate],
      ['batchDelete', (gw) => gw.batchDelete(names(LIMITS.batchDelete + 1)), LIMITS.batchDelete],
      ['batchGet', (gw) => gw.batchGet(names(LIMITS.batchGet + 1), ['names']), LIMITS.batchGet],
      ['modifyMembers', (gw) => gw.modifyMembers('contactGroups/myContacts', names(600), names(LIMITS.membersModify - 599)), LIMITS.membersModify],
      ['listConnections', (gw) => gw.listConnections({ personFields: ['names'], pageSize: LIMITS.pageSize + 1 }), LIMITS.pageSize],
    ];
    for (const [method, call, limit] of cases) {
      it(`${method}: at most ${limit}`, async () => {
        const { gw } = h.gateway();
        const e = await failsWith(call(gw), 'BAD_INPUT');
        expect(e.message).to.contain(method).and.contain(`at most ${limit}`);
        expect(e.details).to.deep.include({ limit });
        expect(gw.requestCount).to.equal(0);
      });
    }

    it('an update without an etag, or a read without fields, is refused too', async () => {
      const { gw } = h.gateway();
      await failsWith(gw.updateContact({ resourceName: 'people/c1', names: [{ givenName: 'No etag' }] }, ['names'], ['names']), 'BAD_INPUT');
      await failsWith(gw.batchUpdate(new Map([['people/c1', { names: [] }]]), ['names'], ['names']), 'BAD_INPUT');
      await failsWith(gw.get('people/c1', []), 'BAD_INPUT');
      expect(gw.requestCount).to.equal(0);
    });

    it('exactly the limit goes through', async () => {
      const { gw } = h.gateway();
      const created = await gw.batchCreate(Array.from({ length: LIMITS.batchCreate }, (_, i) => person(`P${i}`)), ['names']);
      expect(created).to.have.length(LIMITS.batchCreate);
      const got = await gw.batchGet(created.map((p) => p.resourceName!), ['names']);
      expect(got.size).to.equal(LIMITS.batchGet);
    });
  });
});
