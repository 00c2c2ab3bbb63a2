/**
 * Google may give a person a new resource name (a contact linked to a profile, two contacts merged): the sync
 * listing then brings the person under its new name with the old one in previousResourceNames, and may report the
 * old name as deleted. That deleted entry is the same person under its former name, never a deletion to apply.
 * The sandbox never renames, so the listing is rewritten on its way to the module.
 */
import { expect } from 'chai';
import type { PeopleGateway } from '../../../src/google/gateway';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, linkOf, push, syncWorld, SYSTEM } from '../sync/helpers';
import { pull, resourceOf } from './helpers';

for (const engine of testEngines()) {
  describe(`pull: a person whose resource name changed [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine, { google_delete_policy: 'delete', mass_delete_share: 1 });
    after(() => void (world.wrap.gateway = null));

    it('follows the new name, and takes the old name reported deleted for what it is: no unlink, no CRM delete', async () => {
      const c = await createContact(world, { lastname: 'Renamed' });
      await push(world);
      await pull(world);
      const oldName = await resourceOf(world, c.id);
      const { data: person } = await world.google.people.get({ resourceName: oldName, personFields: 'names,emailAddresses,phoneNumbers,addresses,organizations,biographies,birthdays,urls,clientData,memberships,metadata' });
      const newName = `${oldName}0`;
      world.wrap.gateway = (gateway: PeopleGateway) =>
        Object.assign(Object.create(gateway) as PeopleGateway, {
          listConnections: async (options: Parameters<PeopleGateway['listConnections']>[0]) => {
            const page = await gateway.listConnections(options);
            if (!options.syncToken) return page;
            const renamed = { ...person, resourceName: newName, metadata: { ...person.metadata, previousResourceNames: [oldName] } };
            return { ...page, people: [{ resourceName: oldName, metadata: { deleted: true } }, renamed] };
          },
        });
      const run = await pull(world);
      world.wrap.gateway = null;
      expect(run.status).to.equal('done');
      expect(await world.crm.crm.contacts.get(SYSTEM, c.id)).to.include({ lastname: 'Renamed' });
      expect(await linkOf(world, c.id)).to.include({ state: 'linked', resourceName: newName });
    });

    it('a linked person merged into another linked one is still a deletion for its own contact', async () => {
      await world.host.settings.set('google_delete_policy', 'unlink');
      try {
        const x = await createContact(world, { lastname: 'Merged Away' });
        const y = await createContact(world, { lastname: 'Survivor' });
        await push(world);
        await pull(world);
        const xName = await resourceOf(world, x.id);
        const yName = await resourceOf(world, y.id);
        const { data: survivor } = await world.google.people.get({ resourceName: yName, personFields: 'names,emailAddresses,phoneNumbers,addresses,organizations,biographies,birthdays,urls,clientData,memberships,metadata' });
        world.wrap.gateway = (gateway: PeopleGateway) =>
          Object.assign(Object.create(gateway) as PeopleGateway, {
            listConnections: async (options: Parameters<PeopleGateway['listConnections']>[0]) => {
              const page = await gateway.listConnections(options);
              if (!options.syncToken) return page;
              return { ...page, people: [{ ...survivor, metadata: { ...survivor.metadata, previousResourceNames: [xName] } }, { resourceName: xName, metadata: { deleted: true } }] };
            },
          });
        const run = await pull(world);
        world.wrap.gateway = null;
        expect(run.status).to.equal('done');
        expect(await linkOf(world, x.id)).to.include({ state: 'unlinked' });
        expect(await linkOf(world, y.id)).to.include({ state: 'linked', resourceName: yName });
        expect(await world.crm.crm.contacts.get(SYSTEM, x.id)).to.include({ lastname: 'Merged Away' });
      } finally {
        world.wrap.gateway = null;
        await world.host.settings.set('google_delete_policy', 'delete');
      }
    });
  });
}

