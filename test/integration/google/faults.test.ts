import { expect } from 'chai';
import { failsWith, googleHarness, person } from './helpers';

/** Faults injected through the sandbox control, against the real gateway over HTTP; sleeps are recorded, not slept. */
describe('google gateway: faults, retries and ambiguity', function () {
  const h = googleHarness(this);
  const faults = (spec: Parameters<typeof h.sandbox.control.injectFaults>[0]) => h.sandbox.control.injectFaults(spec);
  // random 0.5 makes the equal-jitter backoff exact: 0.75 of each step (steps of 1 s, 2 s, 4 s...).
  const gateway = (options = {}) => h.gateway({ random: () => 0.5, timeoutMs: 300, ...options });
  const clientIds = (email: string) => h.sandbox.control.dump().accounts.find((a) => a.email === email)!.book.contacts
    .map((c) => (c as { fields: { clientData?: Array<{ value?: string }> } }).fields.clientData?.[0]?.value);

  describe('reads', () => {
    it('ride out 500 and 503 with exponential backoff and jitter', async () => {
      const { gw, sleeps } = gateway();
      faults([{ route: 'people.connections.list', fault: 'error500', count: 2 }, { route: 'people.connections.list', fault: 'error503' }]);
      const page = await gw.listConnections({ personFields: ['names'] });
      expect(page.people).to.deep.equal([]);
      expect(sleeps).to.deep.equal([750, 1500, 3000]);
      expect(gw.requestCount).to.equal(4);
    });

    it('honour Retry-After on 429', async () => {
      const { gw, sleeps } = gateway();
      faults({ route: 'people.get', fault: 'error429', retryAfterSeconds: 7 });
      expect((await gw.get('people/me', ['names'])).names).to.have.length(1);
      expect(sleeps).to.deep.equal([7000]);
    });

    it('retry after a timeout on a hanging server, and after a dropped connection', async () => {
      const { gw, sleeps } = gateway();
      faults([{ route: 'contactGroups.list', fault: 'hang' }, { route: 'contactGroups.list', fault: 'drop' }]);
      const started = Date.now();
      expect((await gw.listGroups()).length).to.be.greaterThan(0);
      expect(Date.now() - started).to.be.lessThan(2000);
      expect(sleeps).to.have.length(2);
      expect(gw.requestCount).to.equal(3);
    });

    it('give up after maxAttempts: GOOGLE_UNAVAILABLE, not ambiguous', async () => {
      const { gw } = gateway({ maxAttempts: 3 });
      faults({ route: 'people.get', fault: 'error503', count: 5 });
      const e = await failsWith(gw.get('people/me', ['names']), 'GOOGLE_UNAVAILABLE');
      expect(e.details).to.deep.equal({ ambiguous: false });
      expect(gw.requestCount).to.equal(3);
    });

    it('429 that outlasts the retries is RATE_LIMITED with the wait Google asked for', async () => {
      const { gw, sleeps } = gateway({ maxAttempts: 2 });
      faults({ route: 'people.connections.list', fault: 'error429', count: 2, retryAfterSeconds: 2 });
      const e = await failsWith(gw.listConnections({ personFields: ['names'] }), 'RATE_LIMITED');
      expect(e.details).to.deep.equal({ retryAfterMs: 2000 });
      expect(sleeps).to.deep.equal([2000]);
    });

    it('a Retry-After beyond maxRetryAfterMs is not waited out in-process', async () => {
      const { gw, sleeps } = gateway({ backoff: { maxRetryAfterMs: 10_000 } });
      faults({ route: 'people.get', fault: 'error429', retryAfterSeconds: 120 });
      const e = await failsWith(gw.get('people/me', ['names']), 'RATE_LIMITED');
      expect(e.details).to.deep.equal({ retryAfterMs: 120_000 });
      expect(sleeps).to.deep.equal([]);
      expect(gw.requestCount).to.equal(1);
    });
  });

  describe('creates (exactly once)', () => {
    it('are retried after 429: Google surely did not apply them', async () => {
      const { gw, email, sleeps } = gateway();
      faults({ route: 'people.batchCreateContacts', fault: 'error429', retryAfterSeconds: 3 });
      const [p] = await gw.batchCreate([person('Once', 'u-429')], ['clientData']);
      expect(p?.clientData?.[0]?.value).to.equal('u-429');
      expect(sleeps).to.deep.equal([3000]);
      expect(clientIds(email)).to.deep.equal(['u-429']);
    });

    for (const fault of ['error500', 'error503', 'hang', 'drop'] as const) {
      it(`are not retried after ${fault}: GOOGLE_UNAVAILABLE ambiguous`, async () => {
        const { gw } = gateway();
        faults({ route: 'people.batchCreateContacts', fault });
        const e = await failsWith(gw.batchCreate([person('Maybe', `u-${fault}`)], ['names']), 'GOOGLE_UNAVAILABLE');
        expect(e.details).to.deep.equal({ ambiguous: true });
        expect(gw.requestCount).to.equal(1);
      });
    }

    it('applied but answer lost: ambiguous, and the person is in Google with its clientData uid', async () => {
      const { gw, email } = gateway();
      faults({ route: 'people.batchCreateContacts', fault: 'lose-response' });
      const e = await failsWith(gw.batchCreate([person('Lost', 'u-lost-1'), person('Lost2', 'u-lost-2')], ['names']), 'GOOGLE_UNAVAILABLE');
      expect(e.details).to.deep.equal({ ambiguous: true });
      expect(gw.requestCount).to.equal(1);
      expect(clientIds(email).sort()).to.deep.equal(['u-lost-1', 'u-lost-2']);
      const page = await gw.listConnections({ personFields: ['clientData'] });
      expect(page.people.map((p) => p.clientData?.[0]?.value).sort()).to.deep.equal(['u-lost-1', 'u-lost-2']);
    });

    it('are retried when the access token could not be refreshed: the create was never sent', async () => {
      const { gw, email, sleeps } = gateway();
      faults([{ route: 'oauth.token', fault: 'error503' }, { route: 'oauth.token', fault: 'drop' }]);
      const [p] = await gw.batchCreate([person('Token', 'u-token')], ['clientData']);
      expect(p?.clientData?.[0]?.value).to.equal('u-token');
      expect(clientIds(email)).to.deep.equal(['u-token']);
      expect(sleeps).to.have.length(2);
      expect(gw.requestCount).to.equal(1);
    });
  });

  describe('idempotent writes', () => {
    it('an update is retried after 503 and succeeds', async () => {
      const { gw, sleeps } = gateway();
      const [p] = await gw.batchCreate([person('Upd')], ['names', 'metadata']);
      faults({ route: 'people.updateContact', fault: 'error503' });
      const u = await gw.updateContact({ resourceName: p!.resourceName, etag: p!.etag, names: [{ givenName: 'Updated' }] }, ['names'], ['names']);
      expect(u.names?.[0]?.givenName).to.equal('Updated');
      expect(sleeps).to.have.length(1);
    });

    it('an update whose answer was lost meets its own etag change: PRECONDITION ETAG flagged ambiguous', async () => {
      const { gw } = gateway();
      const [p] = await gw.batchCreate([person('Echo')], ['names', 'metadata']);
      faults({ route: 'people.batchUpdateContacts', fault: 'lose-response' });
      const e = await failsWith(gw.batchUpdate(new Map([[p!.resourceName!, { etag: p!.etag, names: [{ givenName: 'Applied' }] }]]), ['names'], ['names']), 'PRECONDITION');
      expect(e.details).to.deep.equal({ reason: 'ETAG', ambiguous: true });
      expect((await gw.get(p!.resourceName!, ['names'])).names?.[0]?.givenName).to.equal('Applied');
    });

    it('a delete whose answer was lost then meets NOT_FOUND flagged ambiguous', async () => {
      const { gw } = gateway();
      const [p] = await gw.batchCreate([person('Del')], ['names']);
      faults({ route: 'people.deleteContact', fault: 'lose-response' });
      const e = await failsWith(gw.deleteContact(p!.resourceName!), 'NOT_FOUND');
      expect(e.details).to.deep.equal({ resourceName: p!.resourceName, ambiguous: true });
    });

    it('a group create is retried: when the lost answer was applied, the name meets CONFLICT flagged ambiguous', async () => {
      const { gw } = gateway();
      faults({ route: 'contactGroups.create', fault: 'lose-response' });
      const e = await failsWith(gw.createGroup('CRM'), 'CONFLICT');
      expect(e.details).to.deep.equal({ ambiguous: true });
      expect((await gw.listGroups()).filter((g) => g.name === 'CRM')).to.have.length(1);
    });

    it('group membership changes ride out a hang', async () => {
      const { gw } = gateway();
      const group = await gw.createGroup('CRM');
      const [p] = await gw.batchCreate([person('Mem')], ['names']);
      faults({ route: 'contactGroups.members.modify', fault: 'hang' });
      expect(await gw.modifyMembers(group.resourceName!, [p!.resourceName!], [])).to.deep.equal({ notFound: [], cannotRemoveLast: [] });
    });
  });

  it('runs mutations one at a time while reads go past them', async () => {
    const { gw } = gateway({ timeoutMs: 400 });
    faults({ route: 'contactGroups.create', fault: 'hang' });
    const done: string[] = [];
    const track = <T>(label: string, p: Promise<T>) => p.then(() => done.push(label), () => done.push(`${label} failed`));
    await Promise.all([
      track('create hung then retried', gw.createGroup('Slow')),
      track('second create', gw.createGroup('Queued')),
      track('read', gw.get('people/me', ['names'])),
    ]);
    expect(done).to.deep.equal(['read', 'create hung then retried', 'second create']);
  });
});
