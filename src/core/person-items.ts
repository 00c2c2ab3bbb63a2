/**
 * Which items of a Google person the module owns. Reading and writing must agree on this exactly: the reader maps
 * only these items into the card, the writer replaces only these and keeps every other item (a phone user's extra
 * email, photos, custom fields), and a card written then read back is the same card, so our own writes hash
 * unchanged when the sync token brings them back.
 *
 * Owned: the first item of each mapped type (work/home email; work/home/mobile/workFax phone; home address), the
 * singletons (names[0], organizations[0], biographies, birthdays), every item labelled with the third party's name
 * (the CRM's projection of the third party), and the module's clientData keys.
 */
import type { people_v1 } from './people-types';

type Person = people_v1.Schema$Person;

/** clientData keys the module writes. Exported for the push worker (exactly-once recovery) and Check synchro. */
export const CLIENT_DATA_KEYS = {
  /** Which CRM the person belongs to (several CRMs may share a Google account). */
  instance: 'gcontacts.instance',
  /** The CRM contact id. */
  contactId: 'gcontacts.contactId',
  /** Client-generated id sent with the create, so a create whose answer was lost is found instead of repeated. */
  uid: 'gcontacts.uid',
  /** The third-party label last written: after a third party is renamed, items with the old label are still ours. */
  thirdPartyLabel: 'gcontacts.thirdPartyLabel',
} as const;

const OUR_KEYS: ReadonlySet<string> = new Set(Object.values(CLIENT_DATA_KEYS));

/** Google `type` of each card field kept in a typed list (People API's own values). */
export const EMAIL_TYPES = { emailWork: 'work', emailHome: 'home' } as const;
export const PHONE_TYPES = { phoneWork: 'work', phoneHome: 'home', phoneMobile: 'mobile', fax: 'workFax' } as const;
export const HOME_ADDRESS_TYPE = 'home';

export interface ClientIds {
  instance: string | null;
  contactId: number | null;
  uid: string | null;
  thirdPartyLabel: string | null;
}

export function readClientData(person: Person): ClientIds {
  const value = (key: string) => person.clientData?.find((item) => item.key === key)?.value ?? null;
  const contactId = Number(value(CLIENT_DATA_KEYS.contactId) ?? NaN);
  return {
    instance: value(CLIENT_DATA_KEYS.instance),
    contactId: Number.isSafeInteger(contactId) && contactId > 0 ? contactId : null,
    uid: value(CLIENT_DATA_KEYS.uid),
    thirdPartyLabel: value(CLIENT_DATA_KEYS.thirdPartyLabel),
  };
}

/** The CRM contact id the person carries, when it was written by this CRM instance (never another one's). */
export function ourContactId(person: Person, instance: string): number | null {
  const ids = readClientData(person);
  return ids.instance === instance ? ids.contactId : null;
}

/**
 * Whether the module created this person (and may delete it): it carries the uid a create sent — the one its link
 * holds, or, with no link, with this CRM's instance id. A person the account already had, which a pull only linked
 * (first link, an import from the container group), carries no uid: it is the account owner's.
 */
export function isCreatedByModule(person: Person, linkUid: string | null, instance: string): boolean {
  const uid = readClientData(person).uid;
  if (uid === null) return false;
  return linkUid !== null ? linkUid === uid : ourContactId(person, instance) !== null;
}

export function isOurClientData(item: people_v1.Schema$ClientData): boolean {
  return item.key != null && OUR_KEYS.has(item.key);
}

/**
 * Labels marking the CRM's third-party items: the label the person says we last wrote, and the third party's
 * current name. Labels and types compare exactly: Google keeps a custom label as sent and its own types in
 * lower camel case, so a third party called "Home" stays apart from the type "home" (one called "home" cannot).
 */
export function thirdPartyLabels(person: Person, thirdPartyName?: string | null): Set<string> {
  const labels = [readClientData(person).thirdPartyLabel, thirdPartyName];
  return new Set(labels.map((label) => label?.trim()).filter((label): label is string => !!label));
}

interface Typed {
  type?: string | null;
}

export function hasType(item: Typed, type: string): boolean {
  return item.type === type;
}

export function isLabelled(item: Typed, labels: ReadonlySet<string>): boolean {
  return item.type != null && labels.has(item.type.trim());
}

interface Sourced {
  metadata?: people_v1.Schema$FieldMetadata;
}

/**
 * Whether an item belongs to the contact itself. A person linked to a Google profile also shows the profile's
 * items (source PROFILE, DOMAIN_PROFILE…); updateContact ignores those, so the module neither reads nor replaces
 * them: replacing a profile name by ours would leave the contact with two names, which Google refuses.
 */
export function isContactItem(item: Sourced): boolean {
  const source = item.metadata?.source?.type;
  return source == null || source === 'CONTACT';
}

/** Index of the contact's item of a singleton (names, biographies, birthdays) or of organizations: the first one. */
export function firstContactIndex(list: readonly Sourced[] | undefined): number {
  return (list ?? []).findIndex(isContactItem);
}

/** Index of the item the module owns for `type` in a list: the contact's first of that type, not a third-party item. */
export function ownedIndex(list: readonly (Typed & Sourced)[] | undefined, type: string, labels: ReadonlySet<string>): number {
  return (list ?? []).findIndex((item) => isContactItem(item) && hasType(item, type) && !isLabelled(item, labels));
}

/** Google's last update time of the contact itself (its CONTACT source), for the "newest wins" policy. */
export function googleUpdateTime(person: Person): string | null {
  const sources = person.metadata?.sources ?? [];
  return (sources.find((source) => source.type === 'CONTACT') ?? sources[0])?.updateTime ?? null;
}
