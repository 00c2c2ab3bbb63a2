/**
 * vCard 3.0 (RFC 2426) of Google people, for the backup Cleanup writes before deleting anything: every item the
 * person has (not only the module's), so the backup can be imported back into Google or a phone as it was.
 * Text is escaped (\\ , ; and line breaks) and lines are folded at 75 octets, CRLF-terminated, as the RFC asks.
 */
import type { people_v1 } from '../people-types';
import { readClientData } from './person-items';
import { readBirthday } from './person-read';

type Person = people_v1.Schema$Person;

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a line into 75-octet pieces without cutting a UTF-8 character; continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A vCard TYPE parameter from a Google type or custom label ("work", "mobile", "Acme SA"). */
function typeParam(type: string | null | undefined): string {
  if (!type) return '';
  const known: Record<string, string> = { work: 'WORK', home: 'HOME', mobile: 'CELL', workFax: 'WORK,FAX', homeFax: 'HOME,FAX', main: 'PREF' };
  return `;TYPE=${known[type] ?? `X-${type.replace(/[^A-Za-z0-9-]/g, '-')}`}`;
}

function personLines(person: Person): string[] {
  const name = person.names?.[0];
  const given = name?.givenName ?? '';
  const family = name?.familyName ?? '';
  const formatted = name?.displayName ?? ([given, family].filter(Boolean).join(' ') || person.emailAddresses?.[0]?.value || person.resourceName || '');
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${[family, given, name?.middleName ?? '', name?.honorificPrefix ?? '', name?.honorificSuffix ?? ''].map(escapeText).join(';')}`,
    `FN:${escapeText(formatted)}`,
  ];
  for (const email of person.emailAddresses ?? []) if (email.value) lines.push(`EMAIL;TYPE=INTERNET${typeParam(email.type).replace(';TYPE=', ',')}:${escapeText(email.value)}`);
  for (const phone of person.phoneNumbers ?? []) if (phone.value) lines.push(`TEL${typeParam(phone.type)}:${escapeText(phone.value)}`);
  for (const a of person.addresses ?? []) {
    const parts = [a.poBox, a.extendedAddress, a.streetAddress, a.city, a.region, a.postalCode, a.country].map((p) => escapeText(p ?? ''));
    lines.push(`ADR${typeParam(a.type)}:${parts.join(';')}`);
  }
  const organisation = person.organizations?.[0];
  if (organisation?.name) lines.push(`ORG:${escapeText(organisation.name)}`);
  if (organisation?.title) lines.push(`TITLE:${escapeText(organisation.title)}`);
  const birthday = readBirthday(person.birthdays?.[0]);
  if (birthday) lines.push(`BDAY:${birthday}`);
  for (const url of person.urls ?? []) if (url.value) lines.push(`URL:${escapeText(url.value)}`);
  const note = person.biographies?.[0]?.value;
  if (note) lines.push(`NOTE:${escapeText(note)}`);
  const uid = readClientData(person).uid ?? person.resourceName;
  if (uid) lines.push(`UID:${escapeText(uid)}`);
  if (person.resourceName) lines.push(`X-GOOGLE-RESOURCE-NAME:${escapeText(person.resourceName)}`);
  lines.push('END:VCARD');
  return lines;
}

/** One vCard per person, concatenated: the usual shape of a .vcf file with several contacts. */
export function peopleToVCards(people: readonly Person[]): string {
  return people.map((person) => personLines(person).map(foldLine).join('\r\n') + '\r\n').join('');
}
