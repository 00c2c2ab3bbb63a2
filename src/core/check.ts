/**
 * Check synchro, the pure part: sorts what the CRM, Google and the status table say about one account into the
 * report's categories. The I/O side (sync/check.ts) feeds it in three passes — the links, then Google's people,
 * then the CRM's contacts, each streamed a page at a time — so it keeps only small facts per item: per linked
 * Google person a digest of each card field (enough to say WHICH fields differ, not the card itself), per link
 * its resource name and state, per in-scope email the first contact that used it. Every list it reports is
 * capped at `limit` items; the counts are always complete.
 */
import { CARD_FIELDS, type Card, type CardField } from './card';
import { fieldKey } from './diff';
import { emailKey, type CompareOptions } from './normalise';

/** The status-table states, as the check reads them (see store/links.ts). */
export type CheckLinkState = 'linked' | 'conflict' | 'pending_create' | 'unlinked';

export interface LinkFacts {
  contactId: number;
  resourceName: string | null;
  state: CheckLinkState;
}

export interface PersonFacts {
  resourceName: string;
  /** As Google shows the person (display name, first email), for the "only in Google" list. */
  name: string;
  email: string | null;
  card: Card;
  /** The CRM contact id in the person's clientData, when this CRM instance wrote it. */
  crmId: number | null;
  inContainer: boolean;
}

export interface ContactFacts {
  contactId: number;
  name: string;
  inScope: boolean;
  /** null when the contact cannot be mapped to a card (`error` says why). */
  card: Card | null;
  error: string | null;
}

export interface Listed<T> {
  count: number;
  /** The first `limit` items met, in the order met. */
  items: T[];
}

export interface DifferentItem {
  contactId: number;
  name: string;
  resourceName: string;
  fields: CardField[];
  /** 'conflict': a field already waits for a person's decision. */
  state: 'linked' | 'conflict';
}

export type CrmOnlyReason = 'not-linked' | 'pending-create' | 'deleted-in-google';
export interface CrmOnlyItem {
  contactId: number;
  name: string;
  reason: CrmOnlyReason;
}

export interface GoogleOnlyItem {
  resourceName: string;
  name: string;
  email: string | null;
  /** The CRM id in its clientData, if any (a link lost after a create): what a re-link would use. */
  crmId: number | null;
}

export type OrphanReason = 'crm-gone' | 'google-gone' | 'both-gone';
export interface OrphanItem {
  contactId: number;
  resourceName: string | null;
  reason: OrphanReason;
}

export interface DuplicateEmailItem {
  email: string;
  contactIds: number[];
}

export interface SharedCrmIdItem {
  crmId: number;
  resourceNames: string[];
}

export interface InvalidItem {
  contactId: number;
  name: string;
  error: string;
}

/** What the three passes found. */
export interface Reconciliation {
  crmContacts: number;
  crmInScope: number;
  googleContacts: number;
  links: number;
  inSync: number;
  different: Listed<DifferentItem>;
  onlyInCrm: Listed<CrmOnlyItem>;
  onlyInGoogle: Listed<GoogleOnlyItem>;
  orphanLinks: Listed<OrphanItem>;
  duplicateEmails: Listed<DuplicateEmailItem>;
  sharedCrmIds: Listed<SharedCrmIdItem>;
  invalid: Listed<InvalidItem>;
}

/** A category being filled: every item counted, the first `limit` kept. */
export class Sample<T> {
  private readonly listed: Listed<T> = { count: 0, items: [] };

  constructor(private readonly limit: number) {}

  add(item: T): void {
    this.listed.count++;
    if (this.listed.items.length < this.limit) this.listed.items.push(item);
  }

  result(): Listed<T> {
    return this.listed;
  }
}

/**
 * Keys that several values share (one email on several contacts, one CRM id on several people): the first value
 * of every key is remembered, later ones only for keys already shared, capped at `limit` values a key.
 */
export class SharedKeys<K, V> {
  private readonly first = new Map<K, V>();
  private readonly shared = new Map<K, V[]>();

  constructor(private readonly limit: number) {}

  add(key: K, value: V): void {
    const first = this.first.get(key);
    if (first === undefined) this.first.set(key, value);
    else if (first !== value) {
      const values = this.shared.get(key) ?? [first];
      if (values.length < this.limit && !values.includes(value)) values.push(value);
      this.shared.set(key, values);
    }
  }

  result<T>(item: (key: K, values: V[]) => T): Listed<T> {
    const sample = new Sample<T>(this.limit);
    for (const [key, values] of this.shared) sample.add(item(key, values));
    return sample.result();
  }
}

/** Per field, a 53-bit digest of its comparison key (diff.ts): equal digests mean the same value. */
export type CardDigests = Float64Array;

const NULL_DIGEST = -1;

export function cardDigests(card: Card, options: CompareOptions): CardDigests {
  return Float64Array.from(CARD_FIELDS, (field) => {
    const key = fieldKey(card, field, options);
    return key === null ? NULL_DIGEST : hash53(key);
  });
}

/** The fields whose digests differ, in the order of the GContacts tab (as diffCards). */
export function differingFields(a: CardDigests, b: CardDigests): CardField[] {
  return CARD_FIELDS.filter((_, i) => a[i] !== b[i]);
}

/**
 * cyrb53 (public domain): a fast 53-bit string hash. A collision would hide one changed field of one contact
 * with odds of 1 in 2^53 — far below anything the check could meet — for 14 numbers a person instead of a card.
 */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

interface LinkEntry {
  resourceName: string | null;
  state: CheckLinkState;
  seen: boolean;
}

/** The accumulator of one account's check. Feed every link, then every person, then every contact; then result(), once. */
export class CheckTally {
  private readonly links = new Map<number, LinkEntry>();
  private readonly linkedNames = new Set<string>();
  /** Digests of the linked people not matched yet; a match takes its entry out (memory goes as the CRM passes). */
  private readonly google = new Map<string, CardDigests>();
  private readonly contactsSeen = new Set<number>();
  private readonly emails: SharedKeys<string, number>;
  private readonly crmIds: SharedKeys<number, string>;
  private readonly different: Sample<DifferentItem>;
  private readonly onlyInCrm: Sample<CrmOnlyItem>;
  private readonly onlyInGoogle: Sample<GoogleOnlyItem>;
  private readonly orphanLinks: Sample<OrphanItem>;
  private readonly invalid: Sample<InvalidItem>;
  private readonly counts = { crmContacts: 0, crmInScope: 0, googleContacts: 0, inSync: 0 };

  constructor(
    limit: number,
    private readonly compare: CompareOptions,
  ) {
    this.emails = new SharedKeys(limit);
    this.crmIds = new SharedKeys(limit);
    this.different = new Sample(limit);
    this.onlyInCrm = new Sample(limit);
    this.onlyInGoogle = new Sample(limit);
    this.orphanLinks = new Sample(limit);
    this.invalid = new Sample(limit);
  }

  addLink(link: LinkFacts): void {
    this.links.set(link.contactId, { resourceName: link.resourceName, state: link.state, seen: false });
    if (link.resourceName !== null) this.linkedNames.add(link.resourceName);
  }

  addPerson(person: PersonFacts): void {
    this.counts.googleContacts++;
    if (person.crmId !== null) this.crmIds.add(person.crmId, person.resourceName);
    if (this.linkedNames.has(person.resourceName)) this.google.set(person.resourceName, cardDigests(person.card, this.compare));
    else if (person.inContainer) this.onlyInGoogle.add({ resourceName: person.resourceName, name: person.name, email: person.email, crmId: person.crmId });
  }

  /** A contact met twice (edited while the CRM was being read, so listed again further on) counts once. */
  addContact(contact: ContactFacts): void {
    if (this.contactsSeen.has(contact.contactId)) return;
    this.contactsSeen.add(contact.contactId);
    this.counts.crmContacts++;
    const link = this.links.get(contact.contactId);
    if (link) link.seen = true;
    const resourceName = link?.resourceName ?? null;
    const googleDigests = resourceName === null ? undefined : this.google.get(resourceName);
    if (resourceName !== null) {
      // A resource name has one link, so its person is met by this contact alone.
      this.google.delete(resourceName);
      if (googleDigests === undefined) this.orphanLinks.add({ contactId: contact.contactId, resourceName, reason: 'google-gone' });
    }
    if (!contact.inScope) return;
    this.counts.crmInScope++;
    if (contact.card === null) {
      this.invalid.add({ contactId: contact.contactId, name: contact.name, error: contact.error ?? '' });
      return;
    }
    for (const email of [contact.card.emailWork, contact.card.emailHome]) {
      const key = emailKey(email);
      if (key !== null) this.emails.add(key, contact.contactId);
    }
    const reason = crmOnlyReason(link);
    if (reason !== null) this.onlyInCrm.add({ contactId: contact.contactId, name: contact.name, reason });
    else if (googleDigests !== undefined) this.compareLinked(contact, link!, googleDigests);
  }

  private compareLinked(contact: ContactFacts, link: LinkEntry, googleDigests: CardDigests): void {
    const fields = differingFields(cardDigests(contact.card!, this.compare), googleDigests);
    if (fields.length === 0) this.counts.inSync++;
    else this.different.add({ contactId: contact.contactId, name: contact.name, resourceName: link.resourceName!, fields, state: link.state === 'conflict' ? 'conflict' : 'linked' });
  }

  result(): Reconciliation {
    for (const [contactId, link] of this.links) {
      if (link.seen) continue;
      const gone = link.resourceName !== null && !this.google.has(link.resourceName);
      this.orphanLinks.add({ contactId, resourceName: link.resourceName, reason: gone ? 'both-gone' : 'crm-gone' });
    }
    return {
      ...this.counts,
      links: this.links.size,
      different: this.different.result(),
      onlyInCrm: this.onlyInCrm.result(),
      onlyInGoogle: this.onlyInGoogle.result(),
      orphanLinks: this.orphanLinks.result(),
      duplicateEmails: this.emails.result((email, contactIds) => ({ email, contactIds })),
      sharedCrmIds: this.crmIds.result((crmId, resourceNames) => ({ crmId, resourceNames })),
      invalid: this.invalid.result(),
    };
  }
}

/** Why an in-scope contact is not (yet) in Google through its link; null when it is linked to a person. */
function crmOnlyReason(link: LinkEntry | undefined): CrmOnlyReason | null {
  if (!link) return 'not-linked';
  if (link.state === 'unlinked') return 'deleted-in-google';
  if (link.state === 'pending_create' || link.resourceName === null) return 'pending-create';
  return null;
}
