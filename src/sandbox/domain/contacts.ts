import type { people_v1 } from 'googleapis';
import { ApiError, badRequest, notFound } from '../api-error';
import { newContactNumber } from '../ids';
import { AddressBook, MY_CONTACTS, SYSTEM_GROUPS, type StoredContact } from './address-book';
import { cleanPersonFields, WRITE_FIELDS, type WriteField } from './fields';
import { personEtag, sourceEtag } from './render';

type Person = people_v1.Schema$Person;

const CONTACT_NAME = /^people\/c\d+$/;

export function requireContactName(resourceName: unknown): string {
  if (typeof resourceName !== 'string' || !CONTACT_NAME.test(resourceName)) {
    throw badRequest('resource_name', `Resource name "${String(resourceName)}" is not a valid contact person resource name.`);
  }
  return resourceName;
}

export function getContact(book: AddressBook, resourceName: string): StoredContact {
  const c = book.contacts.get(requireContactName(resourceName));
  if (!c) throw notFound();
  return c;
}

/** Checks that a group can receive members: it exists, and if it is a system group it is myContacts or starred. */
export function requireAddableGroup(book: AddressBook, resourceName: string): string {
  const group = book.liveGroup(resourceName);
  if (!group) throw new ApiError('FAILED_PRECONDITION', `Contact group "${resourceName}" does not exist.`);
  const system = SYSTEM_GROUPS.find((s) => `contactGroups/${s.id}` === resourceName);
  if (system && !system.acceptsAdditions) {
    throw new ApiError('FAILED_PRECONDITION', `Cannot add contacts to the system contact group "${resourceName}". ` +
      'Only contactGroups/myContacts and contactGroups/starred accept additions.');
  }
  return resourceName;
}

/** Turns a person's `memberships` into group resource names (contactGroupMembership only; domain ones are read-only). */
function membershipGroups(book: AddressBook, person: Person): string[] {
  const out: string[] = [];
  for (const m of person.memberships ?? []) {
    if (m.domainMembership) throw badRequest('person.memberships', 'domainMembership is a read only field.');
    const ref = m.contactGroupMembership?.contactGroupResourceName
      ?? (m.contactGroupMembership?.contactGroupId ? `contactGroups/${m.contactGroupMembership.contactGroupId}` : undefined);
    if (!ref) throw badRequest('person.memberships', 'A membership needs contactGroupMembership.contactGroupResourceName.');
    const name = requireAddableGroup(book, ref);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function setGroups(book: AddressBook, c: StoredContact, groups: string[]): void {
  for (const g of c.groups) if (!groups.includes(g)) book.groups.get(g)?.members.delete(c.resourceName);
  for (const g of groups) book.groups.get(g)?.members.add(c.resourceName);
  c.groups = groups;
}

interface PreparedCreate { fields: StoredContact['fields']; groups: string[] }

function prepareCreate(book: AddressBook, person: Person | undefined): PreparedCreate {
  const p = person ?? {};
  const fields = cleanPersonFields(p, WRITE_FIELDS);
  const groups = membershipGroups(book, p);
  // Google files every new contact under "My Contacts" unless the request names other groups.
  return { fields, groups: groups.length > 0 ? groups : [MY_CONTACTS] };
}

function commitCreate(book: AddressBook, prepared: PreparedCreate, now: number): StoredContact {
  let num = newContactNumber();
  while (book.contacts.has(`people/c${num}`) || book.tombstones.has(`people/c${num}`)) num = newContactNumber();
  const contact: StoredContact = {
    resourceName: `people/c${num}`, sourceId: num.toString(16), fields: prepared.fields, groups: [],
    seq: 0, createTime: now, updateTime: now,
  };
  book.contacts.set(contact.resourceName, contact);
  setGroups(book, contact, prepared.groups);
  book.touchContact(contact, now);
  return contact;
}

export function createContact(book: AddressBook, person: Person | undefined, now: number): StoredContact {
  return commitCreate(book, prepareCreate(book, person), now);
}

/** All-or-nothing: every contact is validated before the first one is written. */
export function batchCreate(book: AddressBook, people: Array<Person | undefined>, now: number): StoredContact[] {
  const prepared = people.map((p, i) => {
    try {
      return prepareCreate(book, p);
    } catch (e) {
      throw e instanceof ApiError ? new ApiError(e.status, `contacts[${i}]: ${e.message}`, e.details) : e;
    }
  });
  return prepared.map((p) => commitCreate(book, p, now));
}

interface PreparedUpdate { contact: StoredContact; fields: StoredContact['fields']; groups: string[] | undefined }

function prepareUpdate(book: AddressBook, resourceName: string, person: Person | undefined, mask: WriteField[]): PreparedUpdate {
  const contact = getContact(book, resourceName);
  const p = person ?? {};
  const sent = p.etag ?? p.metadata?.sources?.find((s) => s.type === 'CONTACT')?.etag;
  if (!sent) {
    throw new ApiError('INVALID_ARGUMENT',
      'Request must set person.etag or person.metadata.sources.etag for the source that is being updated.');
  }
  if (sent !== personEtag(contact) && sent !== sourceEtag(contact)) {
    throw new ApiError('FAILED_PRECONDITION',
      'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.');
  }
  const fields = cleanPersonFields(p, mask);
  let groups: string[] | undefined;
  if (mask.includes('memberships')) {
    groups = membershipGroups(book, p);
    if (groups.length === 0) {
      throw new ApiError('FAILED_PRECONDITION', 'A contact must keep at least one contact group membership.');
    }
  }
  return { contact, fields, groups };
}

function commitUpdate(book: AddressBook, u: PreparedUpdate, mask: WriteField[], now: number): StoredContact {
  // updatePersonFields replaces each listed field whole: a listed field absent from the body is cleared.
  const stored = u.contact.fields as Record<string, unknown>;
  for (const f of mask) {
    if (f === 'memberships') continue;
    const next = (u.fields as Record<string, unknown>)[f];
    if (next === undefined) delete stored[f];
    else stored[f] = next;
  }
  if (u.groups) setGroups(book, u.contact, u.groups);
  book.touchContact(u.contact, now);
  return u.contact;
}

export function updateContact(
  book: AddressBook, resourceName: string, person: Person | undefined, mask: WriteField[], now: number,
): StoredContact {
  return commitUpdate(book, prepareUpdate(book, resourceName, person, mask), mask, now);
}

export function batchUpdate(
  book: AddressBook, people: Record<string, Person>, mask: WriteField[], now: number,
): StoredContact[] {
  const prepared = Object.entries(people).map(([name, p]) => prepareUpdate(book, name, p, mask));
  return prepared.map((u) => commitUpdate(book, u, mask, now));
}

export function deleteContact(book: AddressBook, resourceName: string, now: number): void {
  book.recordContactDeletion(getContact(book, resourceName), now);
}

export function batchDelete(book: AddressBook, resourceNames: string[], now: number): void {
  const contacts = resourceNames.map((n) => getContact(book, n));
  for (const c of new Set(contacts)) book.recordContactDeletion(c, now);
}

/** Membership change from a group-side operation (members.modify, group delete). */
export function changeContactGroups(book: AddressBook, c: StoredContact, groups: string[], now: number): void {
  setGroups(book, c, groups);
  book.touchContact(c, now);
}
