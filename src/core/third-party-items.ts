/**
 * The third party's own address, phone, email and web site, as the extra items a contact shows in Google with the
 * third party's name as their label (the company switchboard next to the contact's direct line). An item is left
 * out when it is the contact's own value already (same number, same email, same address): no duplicates on phones.
 */
import type { ThirdParty } from '../host-contract';
import type { Card, CardAddress } from './card';
import { address, addressKey, email, emailKey, phone, phoneKey, singleLine, text, type CompareOptions } from './normalise';

export type ThirdPartyDetails = Pick<ThirdParty, 'name' | 'address' | 'zip' | 'town' | 'state' | 'country' | 'phone' | 'email' | 'url'>;

export interface ThirdPartyItems {
  /** The third party's name, the label of every item below. */
  label: string;
  email: string | null;
  phone: string | null;
  address: CardAddress | null;
  url: string | null;
}

/** `null` when there is no third party, or it has no name to label items with. */
export function thirdPartyItems(card: Card, thirdParty: ThirdPartyDetails | null, options: CompareOptions): ThirdPartyItems | null {
  const label = singleLine(thirdParty?.name);
  if (thirdParty == null || label === null) return null;
  const ownPhones = [card.phoneWork, card.phoneHome, card.phoneMobile].map((own) => phoneKey(own, options.region));
  const ownEmails = [card.emailWork, card.emailHome].map(emailKey);
  const tpAddress = address({ street: thirdParty.address, zip: thirdParty.zip, town: thirdParty.town, state: thirdParty.state, country: thirdParty.country });
  const tpPhone = phone(thirdParty.phone);
  const tpEmail = email(thirdParty.email);
  return {
    label,
    email: tpEmail !== null && !ownEmails.includes(emailKey(tpEmail)) ? tpEmail : null,
    phone: tpPhone !== null && !ownPhones.includes(phoneKey(tpPhone, options.region)) ? tpPhone : null,
    address: tpAddress !== null && addressKey(tpAddress) !== addressKey(card.homeAddress) ? tpAddress : null,
    url: text(thirdParty.url),
  };
}
