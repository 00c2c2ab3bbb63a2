import type { people_v1 } from 'googleapis';
import { ApiError, RPC_CODE, badRequest } from '../api-error';
import type { Account } from '../accounts';
import { batchCreate, batchDelete, batchUpdate, createContact, deleteContact, getContact, updateContact } from '../domain/contacts';
import { parsePersonFields, parseUpdateFields, type ReadField } from '../domain/fields';
import { listConnections, parsePageSize, parseSortOrder } from '../domain/listing';
import { renderContact } from '../domain/render';
import { bool, list, str, type Query } from './params';

export const BATCH_GET_LIMIT = 200;
export const BATCH_CREATE_LIMIT = 200;
export const BATCH_UPDATE_LIMIT = 200;
export const BATCH_DELETE_LIMIT = 500;

export interface CallContext {
  account: Account;
  query: Query;
  body: unknown;
  /** The path's resource name, e.g. people/c123, already decoded. */
  resourceName: string;
  now: number;
  propagationDelayMs: number;
}

type Person = people_v1.Schema$Person;

function limit(n: number, max: number, field: string): void {
  if (n > max) throw badRequest(field, `Too many ${field}: at most ${max} are allowed in one request.`);
}

function body<T>(ctx: CallContext): T {
  return (ctx.body ?? {}) as T;
}

/** `people/me` is the signed-in user's own profile, the one person a contacts client can read that it did not create. */
function profile(account: Account, mask: ReadonlySet<ReadField>): Person {
  const source = { type: 'PROFILE', id: account.id };
  const p: Person = { resourceName: `people/${account.id}`, etag: `%profile-${account.id}` };
  if (mask.has('names')) p.names = [{ displayName: account.name, metadata: { primary: true, source } }];
  if (mask.has('emailAddresses')) p.emailAddresses = [{ value: account.email, metadata: { primary: true, verified: true, source } }];
  if (mask.has('metadata')) p.metadata = { sources: [source], objectType: 'PERSON' };
  return p;
}

export function connectionsList(ctx: CallContext): people_v1.Schema$ListConnectionsResponse {
  if (ctx.resourceName !== 'people/me') throw badRequest('resource_name', 'Only people/me is supported for connections.');
  const q = ctx.query;
  return listConnections(ctx.account.book, {
    mask: parsePersonFields(str(q, 'personFields') ?? str(q, 'requestMask.includeField'), 'personFields', true),
    pageSize: parsePageSize(str(q, 'pageSize'), 100, 1000),
    pageToken: str(q, 'pageToken') || undefined,
    sortOrder: parseSortOrder(str(q, 'sortOrder')),
    requestSyncToken: bool(q, 'requestSyncToken'),
    syncToken: str(q, 'syncToken') || undefined,
  }, ctx.now, ctx.propagationDelayMs);
}

export function get(ctx: CallContext): Person {
  const mask = parsePersonFields(str(ctx.query, 'personFields') ?? str(ctx.query, 'requestMask.includeField'), 'personFields', true);
  if (ctx.resourceName === 'people/me' || ctx.resourceName === `people/${ctx.account.id}`) return profile(ctx.account, mask);
  return renderContact(getContact(ctx.account.book, ctx.resourceName), mask);
}

export function getBatchGet(ctx: CallContext): people_v1.Schema$GetPeopleResponse {
  const names = list(ctx.query, 'resourceNames');
  if (names.length === 0) throw badRequest('resource_names', 'resourceNames must not be empty.');
  limit(names.length, BATCH_GET_LIMIT, 'resourceNames');
  // A missing mask fails the whole call, before any per-person answer.
  parsePersonFields(str(ctx.query, 'personFields'), 'personFields', true);
  return {
    responses: names.map((name): people_v1.Schema$PersonResponse => {
      try {
        return { requestedResourceName: name, httpStatusCode: 200, person: get({ ...ctx, resourceName: name }), status: {} };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return { requestedResourceName: name, httpStatusCode: e.httpCode, status: { code: RPC_CODE[e.status], message: e.message } };
      }
    }),
  };
}

export function create(ctx: CallContext): Person {
  const mask = parsePersonFields(str(ctx.query, 'personFields'), 'personFields', false);
  return renderContact(createContact(ctx.account.book, body<Person>(ctx), ctx.now), mask);
}

export function update(ctx: CallContext): Person {
  const fields = parseUpdateFields(str(ctx.query, 'updatePersonFields'), 'updatePersonFields');
  const mask = parsePersonFields(str(ctx.query, 'personFields'), 'personFields', false);
  return renderContact(updateContact(ctx.account.book, ctx.resourceName, body<Person>(ctx), fields, ctx.now), mask);
}

export function remove(ctx: CallContext): Record<string, never> {
  deleteContact(ctx.account.book, ctx.resourceName, ctx.now);
  return {};
}

/** readMask is required on batch writes; an empty one skips the post-mutate read, as Google documents. */
function readMask(raw: unknown): ReadonlySet<ReadField> | undefined {
  if (raw === undefined) throw badRequest('read_mask', 'readMask is required.');
  return raw === '' ? undefined : parsePersonFields(raw, 'readMask', true);
}

function personResponse(person: Person, requested?: string): people_v1.Schema$PersonResponse {
  return { ...(requested ? { requestedResourceName: requested } : {}), httpStatusCode: 200, person, status: {} };
}

export function batchCreateContacts(ctx: CallContext): people_v1.Schema$BatchCreateContactsResponse {
  const req = body<people_v1.Schema$BatchCreateContactsRequest>(ctx);
  const contacts = req.contacts ?? [];
  if (contacts.length === 0) throw badRequest('contacts', 'contacts must not be empty.');
  limit(contacts.length, BATCH_CREATE_LIMIT, 'contacts');
  const mask = readMask(req.readMask);
  const created = batchCreate(ctx.account.book, contacts.map((c) => c.contactPerson ?? undefined), ctx.now);
  return { createdPeople: created.map((c) => personResponse(mask ? renderContact(c, mask) : { resourceName: c.resourceName })) };
}

export function batchUpdateContacts(ctx: CallContext): people_v1.Schema$BatchUpdateContactsResponse {
  const req = body<people_v1.Schema$BatchUpdateContactsRequest>(ctx);
  const contacts = req.contacts ?? {};
  const names = Object.keys(contacts);
  if (names.length === 0) throw badRequest('contacts', 'contacts must not be empty.');
  limit(names.length, BATCH_UPDATE_LIMIT, 'contacts');
  const fields = parseUpdateFields(req.updateMask, 'updateMask');
  const mask = readMask(req.readMask);
  const updated = batchUpdate(ctx.account.book, contacts, fields, ctx.now);
  const result: Record<string, people_v1.Schema$PersonResponse> = {};
  for (const c of updated) result[c.resourceName] = personResponse(mask ? renderContact(c, mask) : { resourceName: c.resourceName }, c.resourceName);
  return { updateResult: result };
}

export function batchDeleteContacts(ctx: CallContext): Record<string, never> {
  const names = body<people_v1.Schema$BatchDeleteContactsRequest>(ctx).resourceNames ?? [];
  if (names.length === 0) throw badRequest('resource_names', 'resourceNames must not be empty.');
  limit(names.length, BATCH_DELETE_LIMIT, 'resourceNames');
  batchDelete(ctx.account.book, names, ctx.now);
  return {};
}
