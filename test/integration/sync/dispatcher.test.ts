import { expect } from 'chai';
import type { PeopleGateway } from '../../../src/google/gateway';
import type { Listening } from '../../../src/sync';
import { createSlots } from '../../../src/sync/slots';
import { uniqueEmail } from '../../sandbox/helpers';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, googleContacts, syncWorld } from './helpers';

/** Waits for a condition the background reaches on its own (no timing is asserted: only that it happens). */
async function eventually(check: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('slots: the concurrent_accounts bound', () => {
  it('runs at most `size` tasks at once, and all of them', async () => {
    const slots = createSlots(2);
    let running = 0;
    let most = 0;
    let finished = 0;
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) => slots.run(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      finished++;
      return i;
    }));
    while (finished < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await Promise.all(tasks)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(most).to.equal(2);
  });
});

for (const engine of testEngines()) {
  describe(`background: wake-ups and side-by-side accounts [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    let listening: Listening | null = null;
    const batchCreates: number[] = [];
    const inGoogle = async (names: string[]) => {
      const have = new Set((await googleContacts(world)).map((p) => p.names?.[0]?.familyName));
      return names.every((n) => have.has(n));
    };

    before(() => {
      world.wrap.gateway = (gateway: PeopleGateway) => ({
        ...gateway,
        get requestCount() {
          return gateway.requestCount;
        },
        batchCreate: (people, readMask) => {
          batchCreates.push(people.length);
          return gateway.batchCreate(people, readMask);
        },
      }) as PeopleGateway;
    });
    after(async () => {
      await listening?.stop();
      world.wrap.gateway = null;
    });

    it('a CRM save wakes the account\'s worker: the contact reaches Google with no push asked for', async () => {
      listening = world.sync.listen(true);
      await createContact(world, { lastname: 'Woken' });
      await eventually(() => inGoogle(['Woken']), 'the woken push');
      await eventually(async () => (await world.sync.context.stores.runs.recent(5)).some((r) => r.kind === 'push' && r.trigger === 'cron' && r.status === 'done'), 'its run recorded');
    });

    it('a burst of saves is batched by the debounce: a few batch calls, not one per save', async () => {
      batchCreates.length = 0;
      const names = Array.from({ length: 300 }, (_, i) => `Burst ${i}`);
      for (const lastname of names) await createContact(world, { lastname });
      await eventually(() => inGoogle(names), 'the burst in Google');
      expect(batchCreates.reduce((a, b) => a + b, 0)).to.equal(300);
      // A second of saves waits at most MAX_WAIT_MS, so even saves trickling on a slow database (MariaDB under load
      // takes seconds for these 300) share batch calls: never one per save.
      expect(batchCreates.length).to.be.at.most(30);
    });

    it('pushes rows another process queued: every process looks for due rows each second', async () => {
      await listening?.stop();
      listening = null;
      const c = await createContact(world, { lastname: 'Queued Elsewhere' });
      await world.sync.context.stores.outbox.enqueue([{ accountId: world.account.id, contactId: c.id, op: 'change' }]);
      listening = world.sync.listen(true);
      await eventually(() => inGoogle(['Queued Elsewhere']), 'the row found by the tick');
    });

    it('runs the accounts side by side, never more at once than concurrent_accounts', async () => {
      await listening?.stop();
      listening = null;
      for (let i = 0; i < 3; i++) await world.sync.connect({ email: uniqueEmail('side'), scope: { kind: 'all' } });
      await world.host.settings.set('concurrent_accounts', 2);
      let inFlight = 0;
      let most = 0;
      const previous = world.wrap.gateway!;
      world.wrap.gateway = (gateway) => {
        const wrapped = previous(gateway);
        const counted = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            // Holds the call a moment so that other accounts' calls overlap it if they may.
            await new Promise((resolve) => setTimeout(resolve, 30));
            return await fn(...args);
          } finally {
            inFlight--;
          }
        };
        return { ...wrapped, get requestCount() { return wrapped.requestCount; }, listConnections: counted(wrapped.listConnections.bind(wrapped)) } as PeopleGateway;
      };
      try {
        const results = await world.sync.pull({ trigger: 'test', waitForLease: true });
        expect(results.filter((r) => r.status === 'done')).to.have.length(4);
        expect(most).to.equal(2);
      } finally {
        world.wrap.gateway = previous;
        await world.host.settings.set('concurrent_accounts', 8);
      }
    });
  });
}
