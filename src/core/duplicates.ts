/**
 * Duplicate detection for the Import page (issue 11): the CRM contacts a Google person may already be, each with a
 * score and the reasons behind it. Unlike first-link matching (match.ts), which must never guess, this one is meant
 * to guess and show its evidence to a person, who decides.
 *
 * Signals: a normalised email (case-insensitive), a phone number in E.164, and the name — accents, case, hyphens
 * and apostrophes do not count, first and last name may be swapped, and a first name may be an initial ("J. Dupont").
 *
 * The index is mutable so that the caller can keep it across page views and apply the CRM's changes to it
 * (add / remove by id) instead of reading 20,000 contacts at every page.
 */
import type { Card } from './card';
import { getCountryCallingCode } from 'libphonenumber-js';
import { emailKey, nameWords, type CompareOptions } from './normalise';

export type DuplicateReason = 'email' | 'phone' | 'name' | 'name-swapped' | 'name-initials';

export interface Duplicate {
  contactId: number;
  /** 0..1: the sum of the reasons' weights, capped. */
  score: number;
  reasons: DuplicateReason[];
}

export interface LookalikeContact {
  id: number;
  card: Card;
  /** A private contact is visible to its creator only: it is shown to nobody else as a duplicate. */
  visibleTo: number | null;
}

/** How much each reason weighs; a name alone (0.5) is enough to be shown, an initial alone is not. */
const WEIGHTS: Record<DuplicateReason, number> = { email: 0.6, phone: 0.4, name: 0.5, 'name-swapped': 0.45, 'name-initials': 0.3 };
const SHOWN_FROM = 0.4;
const MAX_SHOWN = 3;

interface Entry {
  contact: LookalikeContact;
  given: string[];
  family: string[];
  keys: string[];
}

function emailKeys(card: Card): string[] {
  return distinct([card.emailWork, card.emailHome].map(emailKey));
}

/**
 * A number in E.164 form for comparison, read the quick way: "+33 6 12…", "0033 6 12…" and "06 12…" (in region FR)
 * all give "+33612…". phoneKey (normalise.ts) parses with libphonenumber's metadata, which costs ~130 µs a number:
 * 2.7 s for the 20,000 CRM contacts the page compares with. A hint shown to a person needs no validation.
 */
export function quickPhoneKey(value: string | null | undefined, region: CompareOptions['region']): string | null {
  const digits = (value ?? '').replace(/[^\d+]/g, '');
  const national = digits.replace(/\+/g, '');
  // Very short numbers ("12", an extension) would make everyone look alike.
  if (national.length < 6) return null;
  if (digits.startsWith('+')) return `+${national}`;
  if (national.startsWith('00')) return `+${national.slice(2)}`;
  return `+${getCountryCallingCode(region)}${national.startsWith('0') ? national.slice(1) : national}`;
}

function phoneKeys(card: Card, options: CompareOptions): string[] {
  return distinct([card.phoneWork, card.phoneHome, card.phoneMobile].map((p) => quickPhoneKey(p, options.region)));
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

const same = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.join(' ') === b.join(' ');

/** "j" or "j p" against "jean" or "jean pierre": every word an initial of the other's word. */
function initialOf(short: readonly string[], long: readonly string[]): boolean {
  return short.length > 0 && short.length === long.length && short.every((w, i) => w.length === 1 && long[i]!.startsWith(w)) && !same(short, long);
}

/** The name reason between two people, the strongest that holds. */
export function nameReason(a: { given: string[]; family: string[] }, b: { given: string[]; family: string[] }): DuplicateReason | null {
  if (a.family.length === 0 || b.family.length === 0) return null;
  if (same(a.family, b.family) && same(a.given, b.given)) return 'name';
  if (same(a.given, b.family) && same(a.family, b.given)) return 'name-swapped';
  if (same(a.family, b.family) && (initialOf(a.given, b.given) || initialOf(b.given, a.given))) return 'name-initials';
  return null;
}

export class DuplicateIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly byKey = new Map<string, Set<number>>();

  constructor(private readonly options: CompareOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds a contact, or replaces what the index knew of it. */
  put(contact: LookalikeContact): void {
    this.remove(contact.id);
    const given = nameWords(contact.card.givenName);
    const family = nameWords(contact.card.familyName);
    const keys = [
      ...emailKeys(contact.card).map((k) => `e:${k}`),
      ...phoneKeys(contact.card, this.options).map((k) => `p:${k}`),
      // Both names under their last word: finds "Dupont Jean" (swapped) and "J. Dupont" (initial) alike.
      ...distinct([family.at(-1) ?? null, given.at(-1) ?? null]).map((k) => `n:${k}`),
    ];
    this.entries.set(contact.id, { contact, given, family, keys });
    for (const key of keys) {
      let ids = this.byKey.get(key);
      if (!ids) this.byKey.set(key, (ids = new Set()));
      ids.add(contact.id);
    }
  }

  remove(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const key of entry.keys) this.byKey.get(key)?.delete(id);
  }

  /** The likely CRM duplicates of a Google card that `viewer` may see, best first (at most three). */
  find(card: Card, viewer: number): Duplicate[] {
    const person = { given: nameWords(card.givenName), family: nameWords(card.familyName) };
    const emails = emailKeys(card).map((k) => `e:${k}`);
    const phones = phoneKeys(card, this.options).map((k) => `p:${k}`);
    const names = distinct([person.family.at(-1) ?? null, person.given.at(-1) ?? null]).map((k) => `n:${k}`);
    const found = new Map<number, Set<DuplicateReason>>();
    const note = (keys: string[], reason: (entry: Entry) => DuplicateReason | null) => {
      for (const key of keys) {
        for (const id of this.byKey.get(key) ?? []) {
          const entry = this.entries.get(id)!;
          if (entry.contact.visibleTo !== null && entry.contact.visibleTo !== viewer) continue;
          const why = reason(entry);
          if (why === null) continue;
          let reasons = found.get(id);
          if (!reasons) found.set(id, (reasons = new Set()));
          reasons.add(why);
        }
      }
    };
    note(emails, () => 'email');
    note(phones, () => 'phone');
    note(names, (entry) => nameReason(person, entry));
    return [...found]
      .map(([contactId, reasons]) => ({ contactId, reasons: [...reasons], score: Math.min(1, [...reasons].reduce((sum, r) => sum + WEIGHTS[r], 0)) }))
      .filter((d) => d.score >= SHOWN_FROM)
      .sort((a, b) => b.score - a.score || a.contactId - b.contactId)
      .slice(0, MAX_SHOWN);
  }
}

/**
 * The contact to link a candidate to without asking: only when an email matches exactly one CRM contact and no
 * other duplicate shares that evidence. Anything less is a person's call.
 */
export function preselectedLink(duplicates: readonly Duplicate[]): number | null {
  const byEmail = duplicates.filter((d) => d.reasons.includes('email'));
  return byEmail.length === 1 ? byEmail[0]!.contactId : null;
}

/**
 * A last name for a person who has none (the CRM requires one): the organisation, else the email's local part
 * ("jdupont" for jdupont@acme.fr). Only a suggestion shown in the field: the person confirms or types another.
 */
export function suggestLastName(card: Card): string | null {
  if (card.organisation) return card.organisation;
  const local = (card.emailWork ?? card.emailHome)?.split('@')[0]?.trim();
  return local || null;
}
