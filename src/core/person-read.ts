/**
 * Google person → card. Reads only the items the module owns (person-items.ts); everything else on the person is
 * someone else's and does not enter the card, so it can neither be written to the CRM nor count as a change.
 */
import type { people_v1 } from './people-types';
import type { Card } from './card';
import { prefixToCivility } from './civility';
import { address, birthday, birthdayFromParts, email, phone, singleLine, text } from './normalise';
import { EMAIL_TYPES, HOME_ADDRESS_TYPE, PHONE_TYPES, firstContactIndex, ownedIndex, thirdPartyLabels } from './person-items';

type Person = people_v1.Schema$Person;

export interface ReadOptions {
  /** The linked contact's third party, when known: its items are also recognised by its current name. */
  thirdPartyName?: string | null;
}

export function personToCard(person: Person, options: ReadOptions = {}): Card {
  const labels = thirdPartyLabels(person, options.thirdPartyName);
  const owned = <T extends { type?: string | null }>(list: T[] | undefined, type: string): T | undefined =>
    list?.[ownedIndex(list, type, labels)];
  const first = <T extends object>(list: T[] | undefined): T | undefined => list?.[firstContactIndex(list)];
  const name = first(person.names);
  const organisation = first(person.organizations);
  const home = owned(person.addresses, HOME_ADDRESS_TYPE);
  return {
    civility: prefixToCivility(name?.honorificPrefix),
    givenName: singleLine(name?.givenName),
    familyName: singleLine(name?.familyName),
    emailWork: email(owned(person.emailAddresses, EMAIL_TYPES.emailWork)?.value),
    emailHome: email(owned(person.emailAddresses, EMAIL_TYPES.emailHome)?.value),
    phoneWork: phone(owned(person.phoneNumbers, PHONE_TYPES.phoneWork)?.value),
    phoneHome: phone(owned(person.phoneNumbers, PHONE_TYPES.phoneHome)?.value),
    phoneMobile: phone(owned(person.phoneNumbers, PHONE_TYPES.phoneMobile)?.value),
    fax: phone(owned(person.phoneNumbers, PHONE_TYPES.fax)?.value),
    homeAddress: home
      ? address({ street: home.streetAddress, zip: home.postalCode, town: home.city, state: home.region, country: home.country })
      : null,
    organisation: singleLine(organisation?.name),
    jobTitle: singleLine(organisation?.title),
    birthday: readBirthday(first(person.birthdays)),
    note: text(first(person.biographies)?.value),
  };
}

/**
 * Google gives a structured date, or only free text when the user typed something unusual: the text is used when
 * it is a date we understand, and otherwise ignored (it is not ours to reinterpret).
 */
export function readBirthday(item: people_v1.Schema$Birthday | undefined): string | null {
  if (item?.date) return birthdayFromParts(item.date.year, item.date.month, item.date.day);
  try {
    return birthday(item?.text);
  } catch {
    return null;
  }
}
