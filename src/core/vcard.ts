/**
 * vCard 4.0 (RFC 6350) of Google people and of CRM cards, written and read with ical.js (Mozilla's maintained
 * iCalendar/vCard library: escaping, compound values, 75-octet folding without cutting UTF-8 characters, CRLF),
 * so the module no longer hand-writes a text format. Used by Cleanup's backup before it deletes anything (every
 * item the person has, not only the module's, so the backup can be imported back as it was) and by the GContacts
 * tab's "Download vCard" of the CRM and Google versions.
 */
import ICAL from 'ical.js';
import type { people_v1 } from './people-types';
import type { Card } from './card';
import { readClientData } from './person-items';
import { readBirthday } from './person-read';

type Person = people_v1.Schema$Person;

/** A vCard TYPE parameter from a Google type or custom label ("work", "mobile", "Acme SA"). */
function typeParam(type: string | null | undefined): string[] | null {
  if (!type) return null;
  const known: Record<string, string[]> = { work: ['work'], home: ['home'], mobile: ['cell'], workFax: ['work', 'fax'], homeFax: ['home', 'fax'], main: ['pref'] };
  return known[type] ?? [`x-${type.replace(/[^A-Za-z0-9-]/g, '-')}`];
}

class VCard {
  readonly component = new ICAL.Component('vcard');

  constructor() {
    this.component.addPropertyWithValue('version', '4.0');
  }

  add(name: string, value: string | string[] | null | undefined, type?: string[] | null): void {
    if (value === null || value === undefined || value === '') return;
    // A compound value (N, ADR) is one structured value, given as an array of its components.
    const property = this.component.addPropertyWithValue(name, value as string);
    if (type && type.length > 0) property.setParameter('type', type);
  }

  /** BDAY as RFC 6350 date: `YYYY-MM-DD`, or `--MM-DD` without a year. */
  birthday(value: string | null): void {
    if (value) this.component.addProperty(new ICAL.Property(['bday', {}, 'date-and-or-time', value]));
  }

  toString(): string {
    return this.component.toString() + '\r\n';
  }
}

function personCard(person: Person): VCard {
  const card = new VCard();
  const name = person.names?.[0];
  const given = name?.givenName ?? '';
  const family = name?.familyName ?? '';
  const formatted = name?.displayName ?? ([given, family].filter(Boolean).join(' ') || person.emailAddresses?.[0]?.value || person.resourceName || '');
  card.add('fn', formatted);
  card.add('n', [family, given, name?.middleName ?? '', name?.honorificPrefix ?? '', name?.honorificSuffix ?? '']);
  for (const email of person.emailAddresses ?? []) card.add('email', email.value, typeParam(email.type));
  for (const phone of person.phoneNumbers ?? []) card.add('tel', phone.value, typeParam(phone.type));
  for (const a of person.addresses ?? []) {
    card.add('adr', [a.poBox, a.extendedAddress, a.streetAddress, a.city, a.region, a.postalCode, a.country].map((p) => p ?? ''), typeParam(a.type));
  }
  const organisation = person.organizations?.[0];
  card.add('org', organisation?.name);
  card.add('title', organisation?.title);
  card.birthday(readBirthday(person.birthdays?.[0]));
  for (const url of person.urls ?? []) card.add('url', url.value);
  card.add('note', person.biographies?.[0]?.value);
  card.add('uid', readClientData(person).uid ?? person.resourceName);
  card.add('x-google-resource-name', person.resourceName);
  return card;
}

/** One vCard per person, concatenated: the usual shape of a .vcf file with several contacts. */
export function peopleToVCards(people: readonly Person[]): string {
  return people.map((person) => personCard(person).toString()).join('');
}

/** The CRM's version of a contact, as the card the module compares (what the tab shows in its CRM column). */
export function cardToVCard(value: Card, uid: string): string {
  const card = new VCard();
  const formatted = [value.givenName, value.familyName].filter(Boolean).join(' ') || value.emailWork || value.emailHome || uid;
  card.add('fn', formatted);
  card.add('n', [value.familyName ?? '', value.givenName ?? '', '', value.civility ?? '', '']);
  card.add('email', value.emailWork, ['work']);
  card.add('email', value.emailHome, ['home']);
  card.add('tel', value.phoneWork, ['work']);
  card.add('tel', value.phoneHome, ['home']);
  card.add('tel', value.phoneMobile, ['cell']);
  card.add('tel', value.fax, ['work', 'fax']);
  const a = value.homeAddress;
  if (a) card.add('adr', ['', '', a.street ?? '', a.town ?? '', a.state ?? '', a.zip ?? '', a.country ?? ''], ['home']);
  card.add('org', value.organisation);
  card.add('title', value.jobTitle);
  card.birthday(value.birthday);
  card.add('note', value.note);
  card.add('uid', uid);
  return card.toString();
}

/** Reads a .vcf text back (tests, and anyone checking a backup): each vCard as its jCard properties. */
export function readVCards(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text) as unknown[];
  // One vCard parses to a single jCard, several to an array of them.
  const list = typeof parsed[0] === 'string' ? [parsed] : parsed;
  return list.map((jcard) => new ICAL.Component(jcard as unknown[]));
}
