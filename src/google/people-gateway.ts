/**
 * The PeopleGateway (gateway.ts) over googleapis: one instance per connected account. The OAuth2Client holds the
 * refresh token and refreshes access tokens itself; googleapis' own retry is off so call-runner.ts alone decides
 * what is retried (its rules differ per call kind); every People request, retries included, is counted.
 */
import { google, type people_v1 } from 'googleapis';
import { GContactsError } from '../errors';
import { createRunner, type Runner } from './call-runner';
import { LIMITS, type ConnectionsPage, type ContactGroup, type GoogleEndpoints, type ListConnectionsOptions, type PeopleGateway, type Person } from './gateway';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter';
import { DEFAULT_BACKOFF, type BackoffConfig } from './retry-timing';
import { Serial } from './serial';

export interface PeopleGatewayOptions {
  endpoints: GoogleEndpoints;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  email: string;
  /** Pacing of this account's requests; default 60 a minute (a new project's write quota per user). */
  requestsPerMinute?: number;
  /** Share one bucket between gateways of the same account (several runs at once); overrides requestsPerMinute. */
  limiter?: RateLimiter;
  /** Attempts per call, the first included; default 5. */
  maxAttempts?: number;
  /** Per-request timeout; a hanging Google fails this fast and counts as a transient failure. Default 20 s. */
  timeoutMs?: number;
  backoff?: Partial<BackoffConfig>;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
}

const DEFAULT_RPM = 60;
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 20_000;
/** clientData is not among Google's default group fields, and the engines find their groups by it. */
const GROUP_FIELDS = 'clientData,groupType,memberCount,metadata,name';

export function createPeopleGateway(o: PeopleGatewayOptions): PeopleGateway {
  const timeout = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = o.sleep ?? realSleep;
  const now = o.now ?? Date.now;
  const auth = new google.auth.OAuth2({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    endpoints: { oauth2TokenUrl: o.endpoints.tokenUrl, oauth2RevokeUrl: o.endpoints.revokeUrl, oauth2AuthBaseUrl: o.endpoints.authUrl },
    // A 401 refreshes and replays once even when the token looks fresh locally (clock skew, a revoked grant).
    forceRefreshOnFailure: true,
    // The token refresh shares the timeout, so a hanging token endpoint cannot stall a run either, and loses
    // google-auth-library's own hidden retries: call-runner.ts retries it with the same backoff and injected sleep.
    transporterOptions: { timeout, retryConfig: { retry: 0, noResponseRetries: 0 } },
  });
  auth.setCredentials({ refresh_token: o.refreshToken });

  let requestCount = 0;
  const apiPrefix = `${new URL(o.endpoints.peopleRootUrl).origin}/v1/`;
  // Counted at the transport, so the client's own replay after a 401 counts too; token refreshes do not.
  auth.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url).startsWith(apiPrefix)) requestCount++;
      return config;
    },
  });

  const api = google.people({ version: 'v1', rootUrl: o.endpoints.peopleRootUrl, auth, retry: false, timeout });
  const run = createRunner({
    limiter: o.limiter ?? new RateLimiter({ requestsPerMinute: o.requestsPerMinute ?? DEFAULT_RPM, now, sleep }),
    serial: new Serial(),
    sleep,
    random: o.random ?? Math.random,
    now,
    maxAttempts: o.maxAttempts ?? DEFAULT_ATTEMPTS,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    tokenUrl: o.endpoints.tokenUrl,
  });

  return {
    email: o.email,
    get requestCount() {
      return requestCount;
    },
    ...peopleMethods(api, run),
    ...groupMethods(api, run),
  };
}

type PeopleMethods = Pick<PeopleGateway, 'listConnections' | 'get' | 'batchGet' | 'batchCreate' | 'batchUpdate' | 'batchDelete' | 'updateContact' | 'deleteContact'>;

function peopleMethods(api: people_v1.People, run: Runner): PeopleMethods {
  return {
    async listConnections(q: ListConnectionsOptions): Promise<ConnectionsPage> {
      const personFields = fieldMask('listConnections', 'personFields', q.personFields);
      if (q.pageSize !== undefined) within('listConnections', 'pageSize', q.pageSize, LIMITS.pageSize);
      const data = await run({
        operation: 'listConnections', kind: 'read',
        send: () => api.people.connections.list({
          resourceName: 'people/me', personFields, pageSize: q.pageSize, pageToken: q.pageToken ?? undefined,
          syncToken: q.syncToken ?? undefined, requestSyncToken: q.requestSyncToken,
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

type GroupMethods = Pick<PeopleGateway, 'listGroups' | 'createGroup' | 'updateGroup' | 'deleteGroup' | 'modifyMembers'>;

/** Group calls are all retried (kind write): group names are unique, so a repeated create meets CONFLICT, never a twin. */
function groupMethods(api: people_v1.People, run: Runner): GroupMethods {
  return {
    async listGroups() {
      const groups: ContactGroup[] = [];
      let pageToken: string | undefined;
      do {
        const data = await run({
          operation: 'listGroups', kind: 'read',
          send: () => api.contactGroups.list({ groupFields: GROUP_FIELDS, pageSize: LIMITS.pageSize, pageToken }),
        });
        groups.push(...(data.contactGroups ?? []));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return groups;
    },

    createGroup: (name) => run({
      operation: 'createGroup', kind: 'write',
      send: () => api.contactGroups.create({ requestBody: { contactGroup: { name }, readGroupFields: GROUP_FIELDS } }),
    }),

    updateGroup: (resourceName, name, etag) => run({
      operation: 'updateGroup', kind: 'write', resourceName,
      send: () => api.contactGroups.update({
        resourceName, requestBody: { contactGroup: { name, etag }, updateGroupFields: 'name', readGroupFields: GROUP_FIELDS },
      }),
    }),

    async deleteGroup(resourceName, deleteContacts) {
      await run({ operation: 'deleteGroup', kind: 'write', resourceName, send: () => api.contactGroups.delete({ resourceName, deleteContacts }) });
    },

    async modifyMembers(group, add, remove) {
      within('modifyMembers', 'resource names to add and remove', add.length + remove.length, LIMITS.membersModify);
      if (add.length + remove.length === 0) return { notFound: [], cannotRemoveLast: [] };
      const data = await run({
        operation: 'modifyMembers', kind: 'write', resourceName: group,
        send: () => api.contactGroups.members.modify({
          resourceName: group, requestBody: { resourceNamesToAdd: [...add], resourceNamesToRemove: [...remove] },
        }),
      });
      return { notFound: data.notFoundResourceNames ?? [], cannotRemoveLast: data.canNotRemoveLastContactGroupResourceNames ?? [] };
    },
  };
}

/** Batch limits are refused here, before anything is sent: Google would answer 400 for the whole batch. */
function within(operation: string, what: string, count: number, limit: number): void {
  if (count > limit) {
    throw new GContactsError('BAD_INPUT', `Google ${operation}: at most ${limit} ${what} per request, got ${count}`, { limit, count });
  }
}

function fieldMask(operation: string, what: string, fields: readonly string[]): string {
  if (fields.length === 0) throw new GContactsError('BAD_INPUT', `Google ${operation}: ${what} must name at least one field`);
  return fields.join(',');
}

/** Without the etag Google answers 400, and with a stale one PRECONDITION: never overwrite blindly. */
function requireEtag(operation: string, resourceName: string, p: Person): void {
  if (!p.etag && !p.metadata?.sources?.some((s) => s.etag)) {
    throw new GContactsError('BAD_INPUT', `Google ${operation}: ${resourceName} carries no etag`, { resourceName });
  }
}
