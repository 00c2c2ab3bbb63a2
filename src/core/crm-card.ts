/**
 * CRM contact ⇄ card. Reading takes every field (the third party's name is the organisation); writing back only
 * takes the fields architecture §2 lets Google change: names, work/home email, work/home/mobile phones, home address,
 * birthday, note, job title. Never the third party, never the fax.
 */
import type { ContactInput, CrmContact, ThirdParty } from '../host-contract';
import { GContactsError } from '../errors';
import { CRM_ONLY_FIELDS, type Card, type CardField } from './card';
import { address, birthday, email, phone, singleLine, text } from './normalise';

export function contactToCard(contact: CrmContact, thirdParty: Pick<ThirdParty, 'name'> | null): Card {
  return {
    civility: singleLine(contact.civility),
    givenName: singleLine(contact.firstname),
    familyName: singleLine(contact.lastname),
    emailWork: email(contact.email),
    emailHome: email(contact.personalEmail),
    phoneWork: phone(contact.phoneWork),
    phoneHome: phone(contact.phoneHome),
    phoneMobile: phone(contact.phoneMobile),
    fax: phone(contact.fax),
    homeAddress: address({ street: contact.address, zip: contact.zip, town: contact.town, state: contact.state, country: contact.country }),
    organisation: singleLine(thirdParty?.name),
    jobTitle: singleLine(contact.jobTitle),
    birthday: birthday(contact.birthday),
    note: text(contact.note),
  };
}

/** Writes one card field into a contact patch; absent for the fields only the CRM changes. */
const WRITERS: Record<Exclude<CardField, (typeof CRM_ONLY_FIELDS)[number]>, (card: Card, patch: ContactInput) => void> = {
  civility: (card, patch) => (patch.civility = card.civility),
  givenName: (card, patch) => (patch.firstname = card.givenName),
  // The CRM requires a last name: a Google contact without one keeps the CRM's rather than blanking it.
  familyName: (card, patch) => {
    if (card.familyName !== null) patch.lastname = card.familyName;
  },
  emailWork: (card, patch) => (patch.email = card.emailWork),
  emailHome: (card, patch) => (patch.personalEmail = card.emailHome),
  phoneWork: (card, patch) => (patch.phoneWork = card.phoneWork),
  phoneHome: (card, patch) => (patch.phoneHome = card.phoneHome),
  phoneMobile: (card, patch) => (patch.phoneMobile = card.phoneMobile),
  homeAddress: (card, patch) => {
    const a = card.homeAddress;
    Object.assign(patch, { address: a?.street ?? null, zip: a?.zip ?? null, town: a?.town ?? null, state: a?.state ?? null, country: a?.country ?? null });
  },
  jobTitle: (card, patch) => (patch.jobTitle = card.jobTitle),
  // The CRM stores full dates: a birthday without a year (allowed in Google) cannot be written and is left out.
  birthday: (card, patch) => {
    if (!card.birthday?.startsWith('--')) patch.birthday = card.birthday;
  },
  note: (card, patch) => (patch.note = card.note),
};

function isWritable(field: CardField): field is keyof typeof WRITERS {
  return field in WRITERS;
}

/**
 * The patch that writes `fields` of a card (Google's side after a merge) to the CRM. Fields only the CRM changes
 * (organisation, fax) are ignored, as are a missing last name and a birthday without a year (see WRITERS).
 */
export function cardToContactPatch(card: Card, fields: readonly CardField[]): ContactInput {
  const patch: ContactInput = {};
  for (const field of fields) if (isWritable(field)) WRITERS[field](card, patch);
  return patch;
}

/**
 * A new CRM contact from a Google card (import). The CRM needs a last name: a Google contact often has only a
 * first name ("Bob") or only an email, so the first of family name, given name, email or mobile that exists
 * becomes the last name; with none of them there is nothing to call the contact and the import is refused.
 */
export function cardToNewContact(card: Card): ContactInput & { lastname: string } {
  const patch = cardToContactPatch(card, Object.keys(WRITERS) as CardField[]);
  if (card.familyName !== null) return { ...patch, lastname: card.familyName };
  const standIn = card.givenName ?? card.emailWork ?? card.emailHome ?? card.phoneMobile ?? card.phoneWork;
  if (standIn === null) throw new GContactsError('BAD_INPUT', 'a contact needs a name, an email or a phone number to be imported');
  return { ...patch, lastname: standIn, firstname: card.givenName === standIn ? null : card.givenName };
}

/** The card fields a CRM change touches, from the contact fields the host's event names as changed. */
const CARD_FIELD_OF: Partial<Record<keyof CrmContact, CardField>> = {
  civility: 'civility',
  firstname: 'givenName',
  lastname: 'familyName',
  email: 'emailWork',
  personalEmail: 'emailHome',
  phoneWork: 'phoneWork',
  phoneHome: 'phoneHome',
  phoneMobile: 'phoneMobile',
  fax: 'fax',
  address: 'homeAddress',
  zip: 'homeAddress',
  town: 'homeAddress',
  state: 'homeAddress',
  country: 'homeAddress',
  thirdPartyId: 'organisation',
  jobTitle: 'jobTitle',
  birthday: 'birthday',
  note: 'note',
};

export function cardFieldsOfChange(changed: readonly (keyof CrmContact)[]): CardField[] {
  return [...new Set(changed.map((key) => CARD_FIELD_OF[key]).filter((field): field is CardField => field !== undefined))];
}
