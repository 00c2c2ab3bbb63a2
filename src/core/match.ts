/**
 * First-link matching of Google people that have no link yet with CRM contacts (architecture §5 "First link"): our
 * clientData id first, then a work or personal email (without case), then a phone number (E.164) together with the
 * name. Never a guess: when the evidence points at several contacts the person is reported as ambiguous. One email
 * used by several CRM contacts matches only the first (lowest id); the others are reported with the match.
 *
 * The index is built once per run (one pass over the contacts) and each person is then matched by map lookups.
 */
import type { Card } from './card';
import { emailKey, nameKey, phoneKey, type CompareOptions } from './normalise';

export interface ContactToMatch {
  id: number;
  card: Card;
}

export interface PersonToMatch {
  /** Our CRM contact id from the person's clientData (person-items `ourContactId`). */
  ourContactId: number | null;
  card: Card;
}

export type MatchedBy = 'client-data' | 'email' | 'phone-name';

export type MatchResult =
  /** `sharingEmail`: other CRM contacts with the matched email, left unlinked and reported. */
  | { kind: 'matched'; contactId: number; by: MatchedBy; sharingEmail: number[] }
  /** The contact found is linked to another Google person already: a duplicate in Google, reported. */
  | { kind: 'already-linked'; contactId: number; by: MatchedBy }
  | { kind: 'ambiguous'; by: 'email' | 'phone-name'; contactIds: number[] }
  | { kind: 'unmatched' };

export interface ContactIndex {
  readonly ids: ReadonlySet<number>;
  /** Email key → ids in ascending order. */
  readonly byEmail: ReadonlyMap<string, readonly number[]>;
  /** "E.164|name key" → ids in ascending order. */
  readonly byPhoneAndName: ReadonlyMap<string, readonly number[]>;
}

const phonesOf = (card: Card, options: CompareOptions) =>
  [card.phoneWork, card.phoneHome, card.phoneMobile].map((phone) => phoneKey(phone, options.region));

function phoneAndNameKeys(card: Card, options: CompareOptions): string[] {
  const name = nameKey(card.givenName, card.familyName);
  if (name === null) return [];
  return distinct(phonesOf(card, options)).map((phone) => `${phone}|${name}`);
}

function emailKeys(card: Card): string[] {
  return distinct([card.emailWork, card.emailHome].map(emailKey));
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

export function indexContacts(contacts: readonly ContactToMatch[], options: CompareOptions): ContactIndex {
  const byEmail = new Map<string, number[]>();
  const byPhoneAndName = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, id: number) => {
    const ids = map.get(key);
    if (ids === undefined) map.set(key, [id]);
    else if (ids.at(-1) !== id) ids.push(id);
  };
  // Ascending ids, so every list is sorted and its head is "the first contact with that email".
  const sorted = [...contacts].sort((a, b) => a.id - b.id);
  for (const { id, card } of sorted) {
    for (const key of emailKeys(card)) add(byEmail, key, id);
    for (const key of phoneAndNameKeys(card, options)) add(byPhoneAndName, key, id);
  }
  return { ids: new Set(sorted.map((contact) => contact.id)), byEmail, byPhoneAndName };
}

/**
 * @param linked CRM contacts already linked in this account (from the status table, plus those matched earlier in
 *               the same run), so two Google duplicates do not both claim one contact.
 */
export function matchPerson(index: ContactIndex, person: PersonToMatch, linked: ReadonlySet<number>, options: CompareOptions): MatchResult {
  const found = (contactId: number, by: MatchedBy, sharingEmail: number[] = []): MatchResult =>
    linked.has(contactId) ? { kind: 'already-linked', contactId, by } : { kind: 'matched', contactId, by, sharingEmail };

  if (person.ourContactId !== null && index.ids.has(person.ourContactId)) return found(person.ourContactId, 'client-data');

  const emailLists = emailKeys(person.card).map((key) => index.byEmail.get(key) ?? []);
  const firsts = new Set(emailLists.flatMap((ids) => ids.slice(0, 1)));
  if (firsts.size > 1) return { kind: 'ambiguous', by: 'email', contactIds: [...firsts].sort((a, b) => a - b) };
  const [first] = firsts;
  if (first !== undefined) {
    const sharing = new Set(emailLists.flat().filter((id) => id !== first));
    return found(first, 'email', [...sharing].sort((a, b) => a - b));
  }

  const byPhone = new Set(phoneAndNameKeys(person.card, options).flatMap((key) => index.byPhoneAndName.get(key) ?? []));
  if (byPhone.size > 1) return { kind: 'ambiguous', by: 'phone-name', contactIds: [...byPhone].sort((a, b) => a - b) };
  const [only] = byPhone;
  return only === undefined ? { kind: 'unmatched' } : found(only, 'phone-name');
}
