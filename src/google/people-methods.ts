/** The people half of the PeopleGateway: each method checks its input, then sends one People API call through the runner. */
import type { people_v1 } from 'googleapis';
import { GContactsError } from '../errors';
import type { Runner } from './call-runner';
import { LIMITS, type ConnectionsPage, type ListConnectionsOptions, type PeopleGateway, type Person } from './gateway';
import { fieldMask, requireEtag, within } from './request-checks';

export type PeopleMethods = Pick<PeopleGateway, 'listConnections' | 'get' | 'batchGet' | 'batchCreate' | 'batchUpdate' | 'batchDelete' | 'updateContact' | 'deleteContact'>;

export function peopleMethods(api: people_v1.People, run: Runner): PeopleMethods {
  return {
    async listConnections(q: ListConnectionsOptions): Promise<ConnectionsPage> {
      const personFields = fieldMask('listConnections', 'personFields', q.personFields);
      if (q.pageSize !== undefined) within('listConnections', 'pageSize', q.pageSize, LIMITS.pageSize);
      // An incremental listing asks for the next token too: Google wants a sync request's parameters to match the
      // full listing that produced its token (which had requestSyncToken), and the engine needs the next one.
      const requestSyncToken = q.requestSyncToken || Boolean(q.syncToken) || undefined;
      const data = await run({
        operation: 'listConnections', kind: 'read',
        send: () => api.people.connections.list({
          resourceName: 'people/me', personFields, pageSize: q.pageSize, pageToken: q.pageToken ?? undefined,
          syncToken: q.syncToken ?? undefined, requestSyncToken,
        }),
      });
      return {
        people: data.connections ?? [], nextPageToken: data.nextPageToken ?? null,
        nextSyncToken: data.nextSyncToken ?? null, totalItems: data.totalItems ?? null,
      };
    },

    async get(resourceName, fields) {
      const personFields = fieldMask('get', 'personFields', fields);
      return run({ operation: 'get', kind: 'read', resourceName, send: () => api.people.get({ resourceName, personFields }) });
    },

    async batchGet(resourceNames, fields) {
      within('batchGet', 'resourceNames', resourceNames.length, LIMITS.batchGet);
      const personFields = fieldMask('batchGet', 'personFields', fields);
      const out = new Map<string, Person | null>();
      if (resourceNames.length === 0) return out;
      const data = await run({
        operation: 'batchGet', kind: 'read',
        send: () => api.people.getBatchGet({ resourceNames: [...resourceNames], personFields }),
      });
      for (const r of data.responses ?? []) {
        const name = r.requestedResourceName ?? '';
        if (r.person) out.set(name, r.person);
        else if (r.httpStatusCode === 404 || r.status?.code === 5) out.set(name, null);
        else throw new GContactsError('GOOGLE_ERROR', `Google batchGet: ${name}: ${r.status?.message ?? 'no person returned'}`, { status: r.httpStatusCode, resourceName: name });
      }
      return out;
    },

    async batchCreate(people, readMask) {
      within('batchCreate', 'people', people.length, LIMITS.batchCreate);
      if (people.length === 0) return [];
      const data = await run({
        operation: 'batchCreate', kind: 'create',
        send: () => api.people.batchCreateContacts({
          requestBody: { contacts: people.map((contactPerson) => ({ contactPerson })), readMask: readMask.join(',') },
        }),
      });
      return (data.createdPeople ?? []).map((r, i) => {
        // Google answered 200, so the batch was applied: a missing person is a fault of the answer, not of the write.
        if (!r.person) throw new GContactsError('GOOGLE_ERROR', `Google batchCreate: no person for contacts[${i}]`, { ambiguous: true, status: r.httpStatusCode });
        return r.person;
      });
    },

    async batchUpdate(people, updateMask, readMask) {
      within('batchUpdate', 'people', people.size, LIMITS.batchUpdate);
      const mask = fieldMask('batchUpdate', 'updateMask', updateMask);
      for (const [name, p] of people) requireEtag('batchUpdate', name, p);
      const out = new Map<string, Person>();
      if (people.size === 0) return out;
      const data = await run({
        operation: 'batchUpdate', kind: 'write',
        send: () => api.people.batchUpdateContacts({
          requestBody: { contacts: Object.fromEntries(people), updateMask: mask, readMask: readMask.join(',') },
        }),
      });
      for (const [name, r] of Object.entries(data.updateResult ?? {})) if (r.person) out.set(name, r.person);
      return out;
    },

    async batchDelete(resourceNames) {
      within('batchDelete', 'resourceNames', resourceNames.length, LIMITS.batchDelete);
      if (resourceNames.length === 0) return;
      await run({
        operation: 'batchDelete', kind: 'write',
        send: () => api.people.batchDeleteContacts({ requestBody: { resourceNames: [...resourceNames] } }),
      });
    },

    async updateContact(person, updatePersonFields, personFields) {
      const resourceName = person.resourceName;
      if (!resourceName) throw new GContactsError('BAD_INPUT', 'Google updateContact: the person has no resourceName');
      requireEtag('updateContact', resourceName, person);
      const mask = fieldMask('updateContact', 'updatePersonFields', updatePersonFields);
      return run({
        operation: 'updateContact', kind: 'write', resourceName,
        send: () => api.people.updateContact({ resourceName, updatePersonFields: mask, personFields: personFields.join(',') || undefined, requestBody: person }),
      });
    },

    async deleteContact(resourceName) {
      await run({ operation: 'deleteContact', kind: 'write', resourceName, send: () => api.people.deleteContact({ resourceName }) });
    },
  };
}
