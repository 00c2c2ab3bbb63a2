import type { people_v1 } from 'googleapis';
import { ApiError, badRequest, notFound } from '../api-error';
import { newGroupId } from '../ids';
import { AddressBook, MY_CONTACTS, type StoredGroup } from './address-book';
import { changeContactGroups, requireAddableGroup } from './contacts';
import { groupEtag } from './render';

export const MODIFY_MEMBERS_LIMIT = 1000;
const GROUP_NAME = /^contactGroups\/[A-Za-z0-9]+$/;

export function getGroup(book: AddressBook, resourceName: unknown): StoredGroup {
  if (typeof resourceName !== 'string' || !GROUP_NAME.test(resourceName)) {
    throw badRequest('resource_name', `Resource name "${String(resourceName)}" is not a valid contact group resource name.`);
  }
  const g = book.liveGroup(resourceName);
  if (!g) throw notFound();
  return g;
}

function checkName(book: AddressBook, name: unknown, except?: StoredGroup): string {
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('contact_group.name', 'Contact group name must not be empty.');
  const trimmed = name.trim();
  // Group names are unique per user; compared case-insensitively so the CRM never ends up with look-alike labels.
  for (const g of book.groups.values()) {
    if (g === except || g.deleted || g.system) continue;
    if (g.name.toLowerCase() === trimmed.toLowerCase()) {
      throw new ApiError('ALREADY_EXISTS', 'Contact group name already exists.');
    }
  }
  return trimmed;
}

function cleanClientData(data: people_v1.Schema$GroupClientData[] | undefined): people_v1.Schema$GroupClientData[] {
  return (data ?? []).map((d) => ({ key: d.key ?? '', value: d.value ?? '' }));
}

export function createGroup(book: AddressBook, input: people_v1.Schema$ContactGroup | undefined, now: number): StoredGroup {
  const name = checkName(book, input?.name);
  const group: StoredGroup = {
    resourceName: `contactGroups/${newGroupId()}`, name, system: false, clientData: cleanClientData(input?.clientData),
    members: new Set(), seq: 0, updateTime: now, deleted: false,
  };
  book.groups.set(group.resourceName, group);
  book.touchGroup(group, now);
  return group;
}

export function updateGroup(
  book: AddressBook, resourceName: string, input: people_v1.Schema$ContactGroup | undefined, updateFields: unknown, now: number,
): StoredGroup {
  const group = getGroup(book, resourceName);
  if (group.system) throw new ApiError('FAILED_PRECONDITION', 'System contact groups cannot be updated.');
  if (input?.etag && input.etag !== groupEtag(group)) {
    throw new ApiError('FAILED_PRECONDITION', 'Request contactGroup.etag is different than the current contactGroup.etag.');
  }
  const fields = typeof updateFields === 'string' && updateFields !== '' ? updateFields.split(',').map((s) => s.trim()) : ['name'];
  for (const f of fields) if (f !== 'name' && f !== 'clientData') throw badRequest('update_group_fields', `Invalid updateGroupFields mask path: "${f}".`);
  if (fields.includes('name')) group.name = checkName(book, input?.name, group);
  if (fields.includes('clientData')) group.clientData = cleanClientData(input?.clientData);
  book.touchGroup(group, now);
  return group;
}

/**
 * Deleting a label keeps its contacts unless `deleteContacts` is set; either way they leave the group. A kept contact
 * whose only group this was falls back to My Contacts, so no contact is ever left without a group.
 */
export function deleteGroup(book: AddressBook, resourceName: string, deleteContacts: boolean, now: number): void {
  const group = getGroup(book, resourceName);
  if (group.system) throw new ApiError('FAILED_PRECONDITION', 'System contact groups cannot be deleted.');
  for (const member of [...group.members]) {
    const c = book.contacts.get(member);
    if (!c) continue;
    if (deleteContacts) book.recordContactDeletion(c, now);
    else {
      const rest = c.groups.filter((g) => g !== resourceName);
      changeContactGroups(book, c, rest.length > 0 ? rest : [MY_CONTACTS], now);
    }
  }
  group.members.clear();
  group.deleted = true;
  book.touchGroup(group, now);
}

export function modifyMembers(
  book: AddressBook, resourceName: string, body: people_v1.Schema$ModifyContactGroupMembersRequest | undefined, now: number,
): people_v1.Schema$ModifyContactGroupMembersResponse {
  const group = getGroup(book, resourceName);
  const toAdd = body?.resourceNamesToAdd ?? [];
  const toRemove = body?.resourceNamesToRemove ?? [];
  if (toAdd.length + toRemove.length > MODIFY_MEMBERS_LIMIT) {
    throw badRequest('resource_names_to_add', `The total number of resource names to add and remove must be ${MODIFY_MEMBERS_LIMIT} or fewer.`);
  }
  if (toAdd.length > 0) requireAddableGroup(book, resourceName);
  const notFound: string[] = [];
  const cannotRemove: string[] = [];
  for (const name of toAdd) {
    const c = book.contacts.get(name);
    if (!c) notFound.push(name);
    else if (!c.groups.includes(resourceName)) changeContactGroups(book, c, [...c.groups, resourceName], now);
  }
  for (const name of toRemove) {
    const c = book.contacts.get(name);
    if (!c) notFound.push(name);
    else if (!c.groups.includes(resourceName)) continue;
    else if (c.groups.length === 1) cannotRemove.push(name);
    else {
      const rest = c.groups.filter((g) => g !== resourceName);
      changeContactGroups(book, c, rest.length > 0 ? rest : [MY_CONTACTS], now);
    }
  }
  if (toAdd.length > 0 || toRemove.length > 0) book.touchGroup(group, now);
  const out: people_v1.Schema$ModifyContactGroupMembersResponse = {};
  if (notFound.length > 0) out.notFoundResourceNames = notFound;
  if (cannotRemove.length > 0) out.canNotRemoveLastContactGroupResourceNames = cannotRemove;
  return out;
}
