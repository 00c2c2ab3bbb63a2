/**
 * The module's one door to Google: what the sync engines may ask of the People API for one connected account.
 * The implementation (people-gateway.ts) is the only code that calls Google; engines and tests depend on this
 * interface. Every failure is a GContactsError (src/errors.ts) whose `details` say what the engine must know:
 *
 * | code                | when                                                   | details                                   |
 * |---------------------|--------------------------------------------------------|-------------------------------------------|
 * | GOOGLE_AUTH         | 401, invalid_grant, revoked or missing refresh token    | { reconnect: true }                       |
 * | RATE_LIMITED        | 429 RESOURCE_EXHAUSTED after the retries ran out        | { retryAfterMs }                          |
 * | GOOGLE_UNAVAILABLE  | 5xx, timeout, dropped connection after the retries      | { ambiguous } — true when a write may have been applied |
 * | PRECONDITION        | 400 FAILED_PRECONDITION                                 | { reason: 'ETAG' \| 'EXPIRED_SYNC_TOKEN' \| string } |
 * | NOT_FOUND           | 404                                                    | { resourceName? }                         |
 * | CONFLICT            | 409 (a group name already used)                        |                                           |
 * | GOOGLE_ERROR        | any other Google answer                                | { status, googleStatus, reason? }         |
 *
 * Retries: reads, deletes, updates (etag-guarded, so repeating one is safe) and group calls are retried on 429,
 * 5xx and timeouts with exponential backoff and jitter, honouring Retry-After. A create is retried only when Google
 * surely did not apply it (429, or an error answered before the body was read): otherwise it fails with
 * `ambiguous: true` and the engine recovers through the clientData uid it stored before sending (exactly once).
 *
 * Extension (people-gateway.ts): when a retried write fails for good, any code may carry `ambiguous: true` in its
 * details — an earlier attempt may have been applied, so a PRECONDITION (etag), NOT_FOUND (delete) or CONFLICT
 * (group create) can be the echo of our own write rather than someone else's change.
 */
import type { people_v1 } from 'googleapis';

export type Person = people_v1.Schema$Person;
export type ContactGroup = people_v1.Schema$ContactGroup;

/** People API batch limits (architecture §8). */
export const LIMITS = {
  pageSize: 1000,
  batchCreate: 200,
  batchUpdate: 200,
  batchDelete: 500,
  batchGet: 200,
  membersModify: 1000,
} as const;

export interface ConnectionsPage {
  people: Person[];
  nextPageToken: string | null;
  /** Only on the last page of a listing that asked for one. */
  nextSyncToken: string | null;
  totalItems: number | null;
}

export interface ListConnectionsOptions {
  personFields: readonly string[];
  pageSize?: number;
  pageToken?: string | null;
  /** Incremental listing; an expired one fails with PRECONDITION reason EXPIRED_SYNC_TOKEN. */
  syncToken?: string | null;
  /** Full listing that ends with a nextSyncToken. */
  requestSyncToken?: boolean;
}

export interface PeopleGateway {
  /** The Google account this gateway speaks for. */
  readonly email: string;
  listConnections(options: ListConnectionsOptions): Promise<ConnectionsPage>;
  get(resourceName: string, personFields: readonly string[]): Promise<Person>;
  /** Up to LIMITS.batchGet at once; a person Google no longer has maps to null. */
  batchGet(resourceNames: readonly string[], personFields: readonly string[]): Promise<Map<string, Person | null>>;
  /** Up to LIMITS.batchCreate; results in the order of `people`. */
  batchCreate(people: readonly Person[], readMask: readonly string[]): Promise<Person[]>;
  /** Up to LIMITS.batchUpdate; each person carries its etag; results keyed by resource name. */
  batchUpdate(people: ReadonlyMap<string, Person>, updateMask: readonly string[], readMask: readonly string[]): Promise<Map<string, Person>>;
  /** Up to LIMITS.batchDelete. */
  batchDelete(resourceNames: readonly string[]): Promise<void>;
  updateContact(person: Person, updatePersonFields: readonly string[], personFields: readonly string[]): Promise<Person>;
  deleteContact(resourceName: string): Promise<void>;
  listGroups(): Promise<ContactGroup[]>;
  createGroup(name: string): Promise<ContactGroup>;
  updateGroup(resourceName: string, name: string, etag: string): Promise<ContactGroup>;
  deleteGroup(resourceName: string, deleteContacts: boolean): Promise<void>;
  /**
   * Up to LIMITS.membersModify added plus removed; returns the resource names Google did not find, and (extension)
   * those it kept in the group because it was their last one (a contact keeps at least one membership).
   */
  modifyMembers(group: string, add: readonly string[], remove: readonly string[]): Promise<{ notFound: string[]; cannotRemoveLast: string[] }>;
  /** Requests sent so far (retries included), for run counts and the bench. */
  readonly requestCount: number;
  /**
   * Google's clock minus the CRM's (ms), estimated from the Date headers of the answers so far (0 before any):
   * "newest wins" reads Google's update times on the CRM's clock with it.
   */
  clockOffsetMs(): number;
  /** How far clockOffsetMs() may be from the truth (ms): update times closer than this cannot be ordered. */
  clockMarginMs(): number;
}

/** Where Google lives: the real one, or the sandbox (GCONTACTS_GOOGLE_URL). */
export interface GoogleEndpoints {
  /** rootUrl for `google.people({ version: 'v1', rootUrl })`. */
  peopleRootUrl: string;
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userInfoUrl: string;
  /** True against the sandbox: `accounts connect` may complete the consent without a browser. */
  sandbox: boolean;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  endpoints: GoogleEndpoints;
}

/** The OAuth scope the module asks for: read and write contacts. */
export const CONTACTS_SCOPE = 'https://www.googleapis.com/auth/contacts';
/** What an account connected for import only grants: Google itself then refuses any write to it. */
export const CONTACTS_READONLY_SCOPE = 'https://www.googleapis.com/auth/contacts.readonly';
