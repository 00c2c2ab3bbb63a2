/**
 * Dolibarr never retries a webhook (FACTS §7). Whatever edits people make and whichever 30% of the deliveries
 * get lost, one catch-up poll and one id reconciliation later, a push leaves Google showing exactly Dolibarr's
 * contacts: the live ones with their current values, none of the deleted or private ones in the CRM group.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { testEngines } from '../../support/engines';
import { googleContacts, groupNames, linkOf, push } from '../../integration/sync/helpers';
import { bridgeWorld } from './world';

type Op = { kind: 'create'; name: string } | { kind: 'edit'; pick: number; title: string } | { kind: 'delete'; pick: number } | { kind: 'private'; pick: number };

const name = fc.stringMatching(/^[A-Z][a-zà-ÿ]{2,8}$/);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), title: name }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('private' as const), pick: fc.nat() }),
);

const engine = testEngines()[0]!;

describe('Dolibarr bridge: 30% of webhooks lost still converges (property)', function () {
  this.timeout(120_000);
  const world = bridgeWorld(engine);

  it('Google ends up showing Dolibarr, through the catch-up poll and the reconciliation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 8 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (ops, coins) => {
        const dolibarr = world.as('admin');
        // Already in Google before the edits whose webhooks get lost.
        const ids = [Number(await dolibarr.post('/contacts', { lastname: 'Before', socid: 4 })), Number(await dolibarr.post('/contacts', { lastname: 'Earlier', socid: 4 }))];
        await world.bridge.inbox.idle();
        await push(world.sync_);
        world.dolibarr.control.lose = () => coins.next().value < 0.3;
        try {
          for (const o of ops) {
            const live = ids.filter((id) => world.dolibarr.control.contacts.has(id));
            const target = live.length > 0 && o.kind !== 'create' ? live[o.pick % live.length]! : null;
            if (o.kind === 'create' || target === null) ids.push(Number(await dolibarr.post('/contacts', { lastname: o.kind === 'create' ? o.name : 'Filler', socid: 4 })));
            else if (o.kind === 'edit') await dolibarr.put(`/contacts/${target}`, { poste: o.title });
            else if (o.kind === 'delete') await dolibarr.delete(`/contacts/${target}`);
            else await dolibarr.put(`/contacts/${target}`, { priv: 1 });
          }
        } finally {
          world.dolibarr.control.lose = () => false;
        }
        await world.bridge.inbox.idle();
        await world.bridge.poller.catchUp();
        await world.bridge.poller.reconcile();
        await push(world.sync_).catch(() => null);
        const people = new Map((await googleContacts(world.sync_)).map((p) => [p.resourceName, p]));
        for (const id of ids) {
          const row = world.dolibarr.control.contacts.get(id)?.object;
          const link = await linkOf(world.sync_, id);
          const person = link?.resourceName ? people.get(link.resourceName) : undefined;
          if (!row || row.priv === '1') {
            if (person) expect(await groupNames(world.sync_, person), `contact ${id} gone or private`).to.not.include('CRM');
            continue;
          }
          expect(person, `contact ${id} in Google`).to.not.equal(undefined);
          expect(person!.names?.[0]?.familyName).to.equal(row.lastname);
          expect(person!.organizations?.[0]?.title ?? '').to.equal(row.poste ?? '');
        }
      }),
      { numRuns: 6 },
    );
  });
});
