import { expect } from 'chai';
import type { HostEventMap, HostEventName } from '../../../src/host-contract';
import { afterLastWrite, startCrm, type RunningCrm } from '../../support/crm';
import { announceSkippedEngines, testEngines } from '../../support/engines';

for (const engine of testEngines()) {
  describe(`host contacts and third parties [${engine.name}]`, () => {
    let env: RunningCrm;
    let rep: number;
    let other: number;
    const seen: { event: HostEventName; payload: unknown; committed: unknown }[] = [];

    before(async () => {
      announceSkippedEngines();
      env = await startCrm({ databaseUrl: await engine.freshUrl() });
      rep = (await env.crm.users.create({ login: 'rep', password: 'secret1' })).id;
      other = (await env.crm.users.create({ login: 'other', password: 'secret2' })).id;
      const record = <E extends HostEventName>(event: E) =>
        env.crm.events.on(event, async (payload: HostEventMap[E]) => {
          // Read back outside any transaction: a handler running before commit would not see the write.
          const id = 'contact' in payload ? payload.contact.id : undefined;
          const committed = id === undefined ? null : await env.crm.db('llx_socpeople').where('rowid', id).first<Record<string, unknown> | undefined>();
          seen.push({ event, payload, committed });
        });
      (['contact.created', 'contact.updated', 'contact.deleted', 'thirdparty.updated', 'thirdparty.salesreps.changed'] as const).forEach(record);
    });
    after(async () => {
      await env.close();
      await engine.cleanup();
    });
    beforeEach(() => seen.splice(0));

    it('creates a contact with every field and emits one event after commit', async () => {
      const tp = await env.crm.thirdParties.create({ name: 'Château Saint-Éloi', town: 'Bordeaux' });
      const c = await env.crm.contacts.create(
        { userId: rep },
        {
          thirdPartyId: tp.id, civility: 'MME', firstname: 'Hélène', lastname: "d'Arcy-Lefèvre", jobTitle: 'Gérante',
          email: 'helene@example.com', personalEmail: 'h.darcy@gmail.example', phoneWork: '+33 5 56 00 11 22', phoneHome: '05 56 00 00 01',
          phoneMobile: '06 12 34 56 78', fax: '05 56 00 11 23', address: '1 place de la Bourse', zip: '33000', town: 'Bordeaux',
          state: 'Gironde', country: 'France', birthday: '1980-02-29', note: 'Préfère le matin', private: false,
        },
        { actorId: rep },
      );
      expect(c).to.include({ lastname: "d'Arcy-Lefèvre", firstname: 'Hélène', thirdPartyId: tp.id, birthday: '1980-02-29', private: false, version: 1, createdBy: rep, status: 1 });
      expect(seen).to.have.length(1);
      expect(seen[0]!.event).to.equal('contact.created');
      expect(seen[0]!.committed).to.not.equal(undefined);
    });

    it('updates only what changed, bumps the version, and stays silent when nothing changed', async () => {
      const c = await env.crm.contacts.create({ userId: rep }, { lastname: 'Moreau', firstname: 'Jérôme' });
      seen.splice(0);
      const u = await env.crm.contacts.update({ userId: rep }, c.id, { firstname: 'Jérôme', phoneMobile: '06 00 00 00 01' }, { origin: 'gcontacts' });
      expect(u.version).to.equal(2);
      expect(u.updatedAt > c.updatedAt).to.equal(true);
      expect(seen.map((s) => s.event)).to.deep.equal(['contact.updated']);
      const payload = seen[0]!.payload as HostEventMap['contact.updated'];
      expect(payload.changed).to.deep.equal(['phoneMobile']);
      expect(payload.origin).to.equal('gcontacts');
      expect(payload.before.phoneMobile).to.equal(null);
      expect((seen[0]!.committed as Record<string, unknown>).phone_mobile).to.equal('06 00 00 00 01');
      await env.crm.contacts.update({ userId: rep }, c.id, { firstname: 'Jérôme' });
      expect(seen).to.have.length(1);
    });

    it('refuses a stale version and keeps the stored contact', async () => {
      const c = await env.crm.contacts.create({ userId: rep }, { lastname: 'Girard' });
      await env.crm.contacts.update({ userId: rep }, c.id, { firstname: 'Chloé' });
      seen.splice(0);
      await expectError(env.crm.contacts.update({ userId: rep }, c.id, { firstname: 'X' }, { expectedVersion: 1 }), 'CONFLICT');
      expect((await env.crm.contacts.get({ userId: rep }, c.id))!.firstname).to.equal('Chloé');
      expect(seen).to.have.length(0);
    });

    it('refuses bad input with the field named and writes nothing', async () => {
      const before = await env.crm.db('llx_socpeople').count({ n: '*' }).first();
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: '' }), 'BAD_INPUT', 'lastname');
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: 'X', email: 'not-an-email' }), 'BAD_INPUT', 'email');
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: 'X', birthday: '2023-02-30' }), 'BAD_INPUT', 'birthday');
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: 'X', thirdPartyId: 999999 }), 'BAD_INPUT', 'thirdPartyId');
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: 'X', shoeSize: 42 }), 'BAD_INPUT');
      await expectError(env.crm.contacts.create({ userId: rep }, { lastname: 'x'.repeat(51) }), 'BAD_INPUT', 'lastname');
      const afterCount = await env.crm.db('llx_socpeople').count({ n: '*' }).first();
      expect(Number(afterCount!.n)).to.equal(Number(before!.n));
      expect(seen).to.have.length(0);
    });

    it('shows a private contact to its creator only, and to the system', async () => {
      const p = await env.crm.contacts.create({ userId: rep }, { lastname: 'Secret', private: true }, { actorId: rep });
      expect(await env.crm.contacts.get({ userId: rep }, p.id)).to.not.equal(null);
      expect(await env.crm.contacts.get({ userId: other }, p.id)).to.equal(null);
      expect(await env.crm.contacts.get({ userId: null }, p.id)).to.not.equal(null);
      const search = await env.crm.contacts.search({ userId: other }, { q: 'Secret' });
      expect(search.total).to.equal(0);
      await expectError(env.crm.contacts.update({ userId: other }, p.id, { firstname: 'Hack' }), 'NOT_FOUND');
      await expectError(env.crm.contacts.remove({ userId: other }, p.id), 'NOT_FOUND');
      expect((await env.crm.contacts.get({ userId: rep }, p.id))!.firstname).to.equal(null);
    });

    it('pages the change feed by (update time, id) without skipping or repeating', async () => {
      const start = await afterLastWrite(env.crm);
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push((await env.crm.contacts.create({ userId: rep }, { lastname: `Feed${i}` })).id);
      await env.crm.contacts.update({ userId: rep }, ids[0]!, { firstname: 'moved-to-end' });
      const got: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof env.crm.contacts.list>> = await env.crm.contacts.list({ userId: rep }, { changedSince: start, limit: 3, cursor });
        got.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(got).to.deep.equal([...ids.slice(1), ids[0]]);
    });

    it('searches by name, email and phone words', async () => {
      await env.crm.contacts.create({ userId: rep }, { lastname: 'Kowalski', firstname: 'Henry', email: 'henry.k@acme.example' });
      expect((await env.crm.contacts.search({ userId: rep }, { q: 'kowal' })).items.map((c) => c.lastname)).to.deep.equal(['Kowalski']);
      expect((await env.crm.contacts.search({ userId: rep }, { q: 'henry acme' })).total).to.equal(1);
      expect((await env.crm.contacts.search({ userId: rep }, { q: '100%_' })).total).to.equal(0);
    });

    it('deletes a contact with one event carrying what was deleted', async () => {
      const c = await env.crm.contacts.create({ userId: rep }, { lastname: 'Ephemeral' });
      seen.splice(0);
      await env.crm.contacts.remove({ userId: rep }, c.id);
      expect(seen.map((s) => s.event)).to.deep.equal(['contact.deleted']);
      expect((seen[0]!.payload as HostEventMap['contact.deleted']).contact.lastname).to.equal('Ephemeral');
      expect(seen[0]!.committed).to.equal(undefined);
    });

    it('updates a third party once and changes sales reps with before/after', async () => {
      const tp = await env.crm.thirdParties.create({ name: 'Northwind', client: true });
      await env.crm.thirdParties.update(tp.id, { phone: '+44 20 7946 0958', client: 'on' });
      expect(seen.map((s) => s.event)).to.deep.equal(['thirdparty.updated']);
      seen.splice(0);
      await env.crm.thirdParties.setSalesReps(tp.id, [rep]);
      await env.crm.thirdParties.setSalesReps(tp.id, [rep]);
      await env.crm.thirdParties.setSalesReps(tp.id, [other, rep]);
      const changes = seen.map((s) => s.payload as HostEventMap['thirdparty.salesreps.changed']);
      expect(changes.map((c) => [c.before, c.after])).to.deep.equal([
        [[], [rep]],
        [[rep], [rep, other].sort((a, b) => a - b)],
      ]);
      expect((await env.crm.thirdParties.salesReps(tp.id)).map((u) => u.login)).to.deep.equal(['other', 'rep']);
      expect(await env.crm.thirdParties.thirdPartiesOfSalesRep(other)).to.deep.equal([tp.id]);
      await expectError(env.crm.thirdParties.setSalesReps(tp.id, [424242]), 'BAD_INPUT', 'userIds');
      expect((await env.crm.thirdParties.salesReps(tp.id)).length).to.equal(2);
    });

    it('refuses to delete a third party that still has contacts', async () => {
      const tp = await env.crm.thirdParties.create({ name: 'Busy Ltd' });
      await env.crm.contacts.create({ userId: rep }, { lastname: 'Worker', thirdPartyId: tp.id });
      await expectError(env.crm.thirdParties.remove(tp.id), 'CONFLICT');
      expect(await env.crm.thirdParties.get(tp.id)).to.not.equal(null);
    });
  });
}

async function expectError(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  try {
    await promise;
  } catch (e) {
    expect((e as { code?: string }).code, (e as Error).message).to.equal(code);
    if (field) expect((e as { field?: string }).field).to.equal(field);
    return;
  }
  expect.fail(`expected ${code}`);
}
