import type { people_v1 } from 'googleapis';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { badRequest } from '../api-error';

type Person = people_v1.Schema$Person;

/** Every path `personFields` / `readMask` accepts, as listed in the people.get reference. */
export const READ_FIELDS = [
  'addresses', 'ageRanges', 'biographies', 'birthdays', 'calendarUrls', 'clientData', 'coverPhotos',
  'emailAddresses', 'events', 'externalIds', 'genders', 'imClients', 'interests', 'locales', 'locations',
  'memberships', 'metadata', 'miscKeywords', 'names', 'nicknames', 'occupations', 'organizations',
  'phoneNumbers', 'photos', 'relations', 'sipAddresses', 'skills', 'urls', 'userDefined',
] as const;
export type ReadField = (typeof READ_FIELDS)[number];

/** The paths `updatePersonFields` / `updateMask` accepts: everything a contact source lets a client write. */
export const WRITE_FIELDS = [
  'addresses', 'biographies', 'birthdays', 'calendarUrls', 'clientData', 'emailAddresses', 'events',
  'externalIds', 'genders', 'imClients', 'interests', 'locales', 'locations', 'memberships', 'miscKeywords',
  'names', 'nicknames', 'occupations', 'organizations', 'phoneNumbers', 'relations', 'sipAddresses', 'skills',
  'urls', 'userDefined',
] as const;
export type WriteField = (typeof WRITE_FIELDS)[number];

/** Fields a contact may hold at most one of; a second value is rejected rather than silently dropped. */
export const SINGLETON_FIELDS: readonly WriteField[] = ['names', 'biographies', 'birthdays', 'genders'];

/** Output-only person fields: a client that sends them in a create/update body gets a 400. */
const READ_ONLY_FIELDS = ['photos', 'coverPhotos', 'ageRanges', 'ageRange'] as const;

/** Properties of list items that only the server fills in; client copies are dropped on write. */
const OUTPUT_ONLY_ITEM_KEYS = [
  'metadata', 'formattedType', 'canonicalForm', 'displayName', 'displayNameLastFirst', 'formattedProtocol',
] as const;

export const GROUP_FIELDS = ['clientData', 'groupType', 'memberCount', 'metadata', 'name'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];
export const DEFAULT_GROUP_FIELDS: GroupField[] = ['metadata', 'groupType', 'memberCount', 'name'];

const DOCS = 'https://developers.google.com/people/api/rest/v1/people';

function splitMask(raw: string): string[] {
  return raw.split(',').map((p) => p.trim()).filter((p) => p.length > 0)
    // Google accepts both `names` and the request-mask style `person.names`.
    .map((p) => (p.startsWith('person.') ? p.slice('person.'.length) : p));
}

/**
 * Parses a person field mask. `required` mirrors the methods where Google answers 400 when the mask is absent
 * (connections.list, get, getBatchGet); elsewhere an absent mask means "all fields".
 */
export function parsePersonFields(raw: unknown, param: string, required: boolean): Set<ReadField> {
  if (raw === undefined || raw === null || raw === '') {
    if (required) {
      throw badRequest(param, `${param} mask is required. Please specify one or more valid paths. ` +
        `Valid paths are documented at ${DOCS}/get.`);
    }
    return new Set(READ_FIELDS);
  }
  if (typeof raw !== 'string') throw badRequest(param, `Invalid ${param}: expected a comma-separated string.`);
  const paths = splitMask(raw);
  const out = new Set<ReadField>();
  for (const p of paths) {
    if (!(READ_FIELDS as readonly string[]).includes(p)) {
      throw badRequest(param, `Invalid ${param} mask path: "${p}". Valid paths are documented at ${DOCS}/get.`);
    }
    out.add(p as ReadField);
  }
  if (out.size === 0 && required) throw badRequest(param, `${param} mask is required.`);
  return out;
}

export function parseUpdateFields(raw: unknown, param: string): WriteField[] {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw badRequest(param, `${param} mask is required. Please specify one or more valid paths. ` +
      `Valid paths are documented at ${DOCS}/updateContact.`);
  }
  const out: WriteField[] = [];
  for (const p of splitMask(raw)) {
    if (!(WRITE_FIELDS as readonly string[]).includes(p)) {
      throw badRequest(param, `Invalid ${param} mask path: "${p}". Valid paths are documented at ${DOCS}/updateContact.`);
    }
    if (!out.includes(p as WriteField)) out.push(p as WriteField);
  }
  return out;
}

export function parseGroupFields(raw: unknown, param = 'groupFields'): Set<GroupField> {
  if (raw === undefined || raw === null || raw === '') return new Set(DEFAULT_GROUP_FIELDS);
  if (typeof raw !== 'string') throw badRequest(param, `Invalid ${param}.`);
  const out = new Set<GroupField>();
  for (const p of splitMask(raw)) {
    const path = p.startsWith('contactGroup.') ? p.slice('contactGroup.'.length) : p;
    if (!(GROUP_FIELDS as readonly string[]).includes(path)) {
      throw badRequest(param, `Invalid ${param} mask path: "${p}".`);
    }
    out.add(path as GroupField);
  }
  return out.size > 0 ? out : new Set(DEFAULT_GROUP_FIELDS);
}

/** What the sandbox stores for a contact: the writable fields only, stripped of server-computed properties. */
export type ContactFields = Partial<Pick<Person, Exclude<WriteField, 'memberships'>>>;

/**
 * Checks and cleans the writable part of an incoming person. Only the listed fields are taken; the caller decides
 * which (all of them for a create, the update mask for an update). Memberships are handled by the caller.
 */
export function cleanPersonFields(person: Person, fields: readonly WriteField[]): ContactFields {
  for (const ro of READ_ONLY_FIELDS) {
    if (person[ro] !== undefined && person[ro] !== null) {
      throw badRequest(`person.${ro}`, `person.${ro} is a read only field and cannot be set.`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'memberships') continue;
    const value = person[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) throw badRequest(`person.${field}`, `Invalid value at 'person.${field}': expected a list.`);
    if (SINGLETON_FIELDS.includes(field) && value.length > 1) {
      throw badRequest(`person.${field}`, `Invalid person.${field}: only one ${field.replace(/s$/, '')} is allowed per contact.`);
    }
    const items = value.map((item: unknown) => stripOutputOnly(item, field));
    if (items.length > 0) out[field] = items;
  }
  return out as ContactFields;
}

function stripOutputOnly(item: unknown, field: string): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw badRequest(`person.${field}`, `Invalid value at 'person.${field}': expected objects.`);
  }
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const key of OUTPUT_ONLY_ITEM_KEYS) delete copy[key];
  if (field === 'genders') delete copy.formattedValue;
  // Google derives the E.164 form when it can read the number; done once here, on write, not on every read.
  if (field === 'phoneNumbers' && typeof copy.value === 'string') {
    const parsed = parsePhoneNumberFromString(copy.value);
    if (parsed?.isValid()) copy.canonicalForm = parsed.number;
  }
  return copy;
}
