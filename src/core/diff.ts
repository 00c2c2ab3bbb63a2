/**
 * When two values of a card field are "the same": the one comparison diff, hash and merge share, so the GContacts
 * tab, the echo check and the merge never disagree. Phones compare as E.164, emails without case, addresses
 * without case and spacing; other text exactly (after trimming and NFC), since "Dupont" → "DUPONT" is an edit.
 */
import { CARD_FIELDS, type Card, type CardField } from './card';
import { civilityKey } from './civility';
import { addressKey, emailKey, phoneKey, text, type CompareOptions } from './normalise';

/** The comparison key of one field of a card: equal keys mean the same value. */
export function fieldKey(card: Card, field: CardField, options: CompareOptions): string | null {
  switch (field) {
    case 'emailWork':
    case 'emailHome':
      return emailKey(card[field]);
    case 'phoneWork':
    case 'phoneHome':
    case 'phoneMobile':
    case 'fax':
      return phoneKey(card[field], options.region);
    case 'homeAddress':
      return addressKey(card.homeAddress);
    case 'civility':
      return civilityKey(card.civility);
    default:
      return text(card[field]);
  }
}

export function sameField(a: Card, b: Card, field: CardField, options: CompareOptions): boolean {
  return fieldKey(a, field, options) === fieldKey(b, field, options);
}

/** The fields whose values differ, in the order the GContacts tab shows them. */
export function diffCards(a: Card, b: Card, options: CompareOptions): CardField[] {
  return CARD_FIELDS.filter((field) => !sameField(a, b, field, options));
}

export function sameCard(a: Card, b: Card, options: CompareOptions): boolean {
  return diffCards(a, b, options).length === 0;
}

export interface FieldComparison<F extends CardField = CardField> {
  field: F;
  crm: Card[F];
  google: Card[F];
  same: boolean;
}

/** One row per field, CRM value beside Google's: what the GContacts tab shows, differences flagged. */
export function compareCards(crm: Card, google: Card, options: CompareOptions): FieldComparison[] {
  return CARD_FIELDS.map((field) => ({ field, crm: crm[field], google: google[field], same: sameField(crm, google, field, options) }));
}
