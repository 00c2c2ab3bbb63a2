import type { people_v1 } from 'googleapis';
import { etagOf } from '../ids';
import type { StoredContact, StoredGroup, Tombstone } from './address-book';
import { SYSTEM_GROUPS } from './address-book';
import type { GroupField, ReadField } from './fields';

type Person = people_v1.Schema$Person;
type Item = Record<string, unknown>;

/** The person-level etag. Google's start with `%`, a source's with `#`; both change on every write. */
export const personEtag = (c: { resourceName: string; seq: number }): string => etagOf('%', c.resourceName, c.seq);
export const sourceEtag = (c: { resourceName: string; seq: number }): string => etagOf('#', c.resourceName, c.seq);
export const groupEtag = (g: StoredGroup): string => etagOf('', g.resourceName, g.seq);

/** Google's labels for the standard `type` values; custom types are echoed back as typed. */
const FORMATTED_TYPES: Record<string, string> = {
  home: 'Home', work: 'Work', other: 'Other', mobile: 'Mobile', homeFax: 'Home Fax', workFax: 'Work Fax',
  otherFax: 'Other Fax', pager: 'Pager', workMobile: 'Work Mobile', workPager: 'Work Pager', main: 'Main',
  googleVoice: 'Google Voice', school: 'School', appInstallPage: 'App Install Page', homePage: 'Home Page',
  blog: 'Blog', profile: 'Profile', ftp: 'FTP', reservations: 'Reservations', anniversary: 'Anniversary',
  spouse: 'Spouse', child: 'Child', mother: 'Mother', father: 'Father', parent: 'Parent', brother: 'Brother',
  sister: 'Sister', friend: 'Friend', relative: 'Relative', manager: 'Manager', assistant: 'Assistant',
  partner: 'Partner', domesticPartner: 'Domestic Partner', referredBy: 'Referred by', sip: 'SIP',
};

function decorate(field: ReadField, item: Item, index: number, source: people_v1.Schema$Source): Item {
  const out: Item = { metadata: { ...(index === 0 ? { primary: true, sourcePrimary: true } : {}), source }, ...item };
  if (typeof item.type === 'string' && item.type !== '') out.formattedType = FORMATTED_TYPES[item.type] ?? item.type;
  if (field === 'names') Object.assign(out, nameDisplay(item as people_v1.Schema$Name));
  if (field === 'addresses' && out.formattedValue === undefined) {
    const a = item as people_v1.Schema$Address;
    const line = [a.streetAddress, a.extendedAddress, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
      .filter((p) => typeof p === 'string' && p !== '').join('\n');
    if (line !== '') out.formattedValue = line;
  }
  if (field === 'genders' && typeof item.value === 'string') {
    out.formattedValue = item.value.charAt(0).toUpperCase() + item.value.slice(1);
  }
  return out;
}

function nameDisplay(n: people_v1.Schema$Name): people_v1.Schema$Name {
  const given = [n.honorificPrefix, n.givenName, n.middleName].filter(Boolean).join(' ');
  const full = [given, n.familyName, n.honorificSuffix].filter(Boolean).join(' ') || (n.unstructuredName ?? '');
  const lastFirst = n.familyName ? [n.familyName, [given, n.honorificSuffix].filter(Boolean).join(' ')].filter(Boolean).join(', ') : full;
  return { displayName: full, displayNameLastFirst: lastFirst, unstructuredName: n.unstructuredName ?? full };
}

export function contactSource(c: StoredContact, withEtag: boolean): people_v1.Schema$Source {
  return withEtag
    ? { type: 'CONTACT', id: c.sourceId, etag: sourceEtag(c), updateTime: new Date(c.updateTime).toISOString() }
    : { type: 'CONTACT', id: c.sourceId };
}

/** Renders a stored contact the way the People API answers: resourceName + etag always, the rest per mask. */
export function renderContact(c: StoredContact, mask: ReadonlySet<ReadField>): Person {
  const person: Person = { resourceName: c.resourceName, etag: personEtag(c) };
  const itemSource = contactSource(c, false);
  for (const field of mask) {
    if (field === 'metadata') {
      person.metadata = { sources: [contactSource(c, true)], objectType: 'PERSON' };
    } else if (field === 'memberships') {
      if (c.groups.length > 0) {
        person.memberships = c.groups.map((g) => ({
          metadata: { source: itemSource },
          contactGroupMembership: { contactGroupId: g.slice('contactGroups/'.length), contactGroupResourceName: g },
        }));
      }
    } else {
      const items = (c.fields as Record<string, Item[] | undefined>)[field];
      if (items && items.length > 0) {
        (person as Record<string, unknown>)[field] = items.map((it, i) => decorate(field, it, i, itemSource));
      }
    }
  }
  return person;
}

/** Deleted contacts appear only in sync-token listings, as a person carrying `metadata.deleted: true`. */
export function renderTombstone(t: Tombstone): Person {
  return {
    resourceName: t.resourceName,
    etag: personEtag(t),
    metadata: { sources: [{ type: 'CONTACT', id: t.sourceId }], objectType: 'PERSON', deleted: true },
  };
}

export function renderGroup(
  g: StoredGroup, fields: ReadonlySet<GroupField>, maxMembers = 0,
): people_v1.Schema$ContactGroup {
  const out: people_v1.Schema$ContactGroup = { resourceName: g.resourceName, etag: groupEtag(g) };
  if (fields.has('metadata')) {
    out.metadata = g.deleted
      ? { updateTime: new Date(g.updateTime).toISOString(), deleted: true }
      : { updateTime: new Date(g.updateTime).toISOString() };
  }
  if (g.deleted) return out;
  if (fields.has('groupType')) out.groupType = g.system ? 'SYSTEM_CONTACT_GROUP' : 'USER_CONTACT_GROUP';
  if (fields.has('name')) {
    out.name = g.name;
    out.formattedName = g.system ? SYSTEM_GROUPS.find((s) => `contactGroups/${s.id}` === g.resourceName)?.formattedName ?? g.name : g.name;
  }
  if (fields.has('memberCount')) out.memberCount = g.members.size;
  if (fields.has('clientData') && g.clientData.length > 0) out.clientData = g.clientData.map((d) => ({ ...d }));
  if (maxMembers > 0 && g.members.size > 0) {
    const names: string[] = [];
    for (const m of g.members) {
      if (names.length >= maxMembers) break;
      names.push(m);
    }
    out.memberResourceNames = names;
  }
  return out;
}
