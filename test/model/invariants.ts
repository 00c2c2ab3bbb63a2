/**
 * The invariants a converged system keeps (issue 8 item 4), checked against both sides as they really are: the
 * CRM's contacts through the host, Google's people through the sandbox's People API.
 */
import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { contactToCard } from '../../src/core/crm-card';
import { ourContactId } from '../../src/core/person-items';
import { personToCard } from '../../src/core/person-read';
import { readSettings } from '../../src/sync/settings';
import { MODEL_FIELDS, type ModelField } from './ops';
import { command, CONVERGE, expected, type ModelState } from './run';
import type { ModelWorld } from './world';
import { allPeople } from '../integration/sync/helpers';

const SYSTEM = { userId: null };

export async function checkInvariants(world: ModelWorld, state: ModelState, options: { secondConvergence: boolean }): Promise<void> {
  state.stats.convergences++;
  const settings = await readSettings(world.host);
  const people = await livePeople(world);
  const byContact = new Map<number, people_v1.Schema$Person[]>();
  for (const p of people) {
    const id = ourContactId(p, settings.instance);
    if (id !== null) byContact.set(id, [...(byContact.get(id) ?? []), p]);
  }
  const container = (await world.sync.context.stores.groups.list(world.account.id)).find((g) => g.kind === 'container')?.resourceName;
  const inContainer = (p: people_v1.Schema$Person) => (p.memberships ?? []).some((m) => m.contactGroupMembership?.contactGroupResourceName === container);
  const links = await world.sync.context.stores.links.forContacts(world.account.id, [...state.contacts.values()].map((c) => c.id));

  for (const c of state.contacts.values()) {
    const what = `contact ${c.id} (slot ${c.slot})`;
    const contact = await world.crm.crm.contacts.get(SYSTEM, c.id);
    expect(contact, `${what}: a phone delete or a sync removed the CRM contact`).to.not.equal(null);
    const mine = byContact.get(c.id) ?? [];
    if (c.private) {
      expect(mine, `${what} is private and its data is in Google`).to.have.length(0);
      continue;
    }
    if (c.phoneDeleted === 'maybe') c.phoneDeleted = mine.length === 0;
    if (c.phoneDeleted) {
      expect(mine, `${what} was deleted on the phone and was created again`).to.have.length(0);
      continue;
    }
    if (!c.flag) {
      expect(mine.filter(inContainer), `${what}: sync flag off, still in the container group`).to.have.length(0);
      continue;
    }
    expect(mine, `${what}: one Google person expected`).to.have.length(1);
    const person = mine[0]!;
    expect(inContainer(person), `${what}: its person is not in the container group`).to.equal(true);
    expect(links.get(c.id)?.resourceName, `${what}: linked to another person`).to.equal(person.resourceName);
    const thirdParty = c.thirdParty === null ? null : await world.crm.crm.thirdParties.get(world.thirdParties[c.thirdParty]!);
    const crmCard = contactToCard(contact!, thirdParty);
    const googleCard = personToCard(person, { thirdPartyName: thirdParty?.name ?? null });
    state.stats.pairs++;
    for (const field of MODEL_FIELDS) {
      expect(googleCard[field], `${what}: ${field} differs between the CRM and Google`).to.equal(crmCard[field]);
      if (c.uncertain) continue;
      const want = expected(c, field, world.sandboxAheadMs - world.crmAheadMs);
      if (want.loser) {
        state.stats.decided++;
        const kept = (await world.sync.context.stores.overwritten.forContact(c.id)).filter((o) => o.field === field).map((o) => o.lost);
        expect(kept, `${what}: the ${field} edit that lost (${JSON.stringify(want.loser.value)}) was not kept`).to.deep.include(want.loser.value);
      } else if (want.values.length > 1) state.stats.undecided++;
      expect(want.values, `${what}: ${field} is ${JSON.stringify(crmCard[field])}; the model expects ${JSON.stringify(want.values)}`).to.include(crmCard[field]);
    }
    for (const field of MODEL_FIELDS) c.settled[field] = crmCard[field as ModelField];
  }
  for (const id of state.gone) {
    expect(byContact.get(id) ?? [], `contact ${id} was deleted in the CRM and is still in Google`).to.have.length(0);
  }
  for (const p of state.phone.values()) {
    if (p.deleted) continue;
    expect(people.some((person) => person.resourceName === p.resourceName), `the phone's own contact ${p.resourceName} was deleted`).to.equal(true);
  }

  if (!options.secondConvergence) return;
  // A second convergence writes nothing, on either side.
  const googleWrites = writes(world);
  const crmVersions = await versions(world);
  for (const step of CONVERGE) await command(world, step);
  expect(writes(world) - googleWrites, 'a second convergence wrote to Google').to.equal(0);
  expect(await versions(world), 'a second convergence wrote to the CRM').to.deep.equal(crmVersions);
}

function livePeople(world: ModelWorld): Promise<people_v1.Schema$Person[]> {
  return allPeople(world.phone);
}

function writes(world: ModelWorld): number {
  return world.sandbox.control.dump().accounts.reduce((n, a) => n + a.book.peopleLog.length + a.book.groupLog.length, 0);
}

async function versions(world: ModelWorld): Promise<Array<[number, number]>> {
  const rows = await world.crm.crm.db('llx_socpeople').select('rowid', 'version').orderBy('rowid');
  return rows.map((r: { rowid: number; version: number }) => [Number(r.rowid), Number(r.version)]);
}
