/**
 * Normalisation of the values a card holds. Two kinds of output:
 * - display values (`text`, `singleLine`, `email`, `phone`, `birthday`, `address`): what we store and write, the
 *   user's own text, only cleaned (trimmed, NFC, '' → null), so nobody sees their "06 12 34 56 78" turned into
 *   "+33612345678";
 * - comparison keys (`emailKey`, `phoneKey`, `addressKey`, `nameKey`): what diff, hash, merge and matching
 *   compare, so a reformatted phone number or a capitalised email is not a change.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { GContactsError } from '../errors';
import type { CardAddress } from './card';

/** ISO 3166 country code used to read phone numbers written without an international prefix. */
export type Region = CountryCode;

export interface CompareOptions {
  /** Region of numbers like "06 12 34 56 78"; one per CRM instance (its country). */
  region: Region;
}

/**
 * Trimmed, NFC, '' → null. NFC matters: iOS sends "é" as "e" + combining accent, which would otherwise differ from
 * the CRM's precomposed "é" and show as a change on every sync. Line ends are unified for notes and streets.
 */
export function text(value: string | null | undefined): string | null {
  if (value == null) return null;
  const cleaned = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return cleaned === '' ? null : cleaned;
}

/** `text` for one-line values (names, titles): runs of whitespace, including line breaks, become one space. */
export function singleLine(value: string | null | undefined): string | null {
  return text(value?.replace(/\s+/g, ' '));
}

/** An email as written: trimmed, case kept (the local part may be case-sensitive on some servers). */
export function email(value: string | null | undefined): string | null {
  return text(value)?.replace(/\s+/g, '') || null;
}

/** Emails compare case-insensitively: everyone treats them so, and Google may change the case. */
export function emailKey(value: string | null | undefined): string | null {
  return email(value)?.toLowerCase() ?? null;
}

export function phone(value: string | null | undefined): string | null {
  return singleLine(value);
}

/**
 * E.164 (with ";ext=" when the number has an extension) when the library can read the number in `region`, else its
 * digits (a short internal extension like "1234" still compares), else the lower-cased text.
 */
export function phoneKey(value: string | null | undefined, region: Region): string | null {
  const display = phone(value);
  if (display === null) return null;
  const parsed = parsePhoneNumberFromString(display, region);
  if (parsed?.isPossible()) return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
  const digits = display.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits.replace('+', '') !== '' ? digits : display.toLowerCase();
}

/**
 * Birthday as `YYYY-MM-DD`, or `--MM-DD` when the year is unknown. Accepts a date-time (only the date is kept),
 * `0000-MM-DD` (how some systems store "no year"), and the MySQL zero date `0000-00-00` as "no birthday".
 * Anything else is refused rather than guessed: a wrong birthday is worse than an error the run history shows.
 */
export function birthday(value: string | null | undefined): string | null {
  const raw = text(value);
  if (raw === null || /^0000-00-00/.test(raw)) return null;
  const match = /^(\d{4}|-)-(\d{2})-(\d{2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
  const year = match?.[1] === '-' || match?.[1] === '0000' ? null : Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || !isCalendarDate(year, month, day)) {
    throw new GContactsError('BAD_INPUT', `"${raw}" is not a birthday (YYYY-MM-DD or --MM-DD)`, { value: raw });
  }
  return formatBirthday(year, month, day);
}

export interface BirthdayParts {
  year: number | null;
  month: number;
  day: number;
}

/** Parts of a normalised birthday, for Google's `{ year, month, day }` date. */
export function birthdayParts(value: string): BirthdayParts {
  const normalised = birthday(value);
  if (normalised === null) throw new GContactsError('BAD_INPUT', 'empty birthday');
  const [year, month, day] = normalised.startsWith('--')
    ? [null, normalised.slice(2, 4), normalised.slice(5, 7)]
    : [normalised.slice(0, 4), normalised.slice(5, 7), normalised.slice(8, 10)];
  return { year: year === null ? null : Number(year), month: Number(month), day: Number(day) };
}

/** The birthday string of Google-style parts; `null` when they do not make a date (year 0 means "no year"). */
export function birthdayFromParts(year: number | null | undefined, month: number | null | undefined, day: number | null | undefined): string | null {
  const y = year ? year : null;
  if (month == null || day == null || !isCalendarDate(y, month, day)) return null;
  return formatBirthday(y, month, day);
}

function formatBirthday(year: number | null, month: number, day: number): string {
  const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return year === null ? `--${md}` : `${String(year).padStart(4, '0')}-${md}`;
}

function isCalendarDate(year: number | null, month: number, day: number): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  // Without a year, 29 February is allowed: a leap year stands in.
  const probe = new Date(Date.UTC(year ?? 2000, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** An address with each part cleaned; `null` when every part is empty. */
export function address(parts: Partial<Record<keyof CardAddress, string | null | undefined>>): CardAddress | null {
  const result: CardAddress = {
    street: text(parts.street),
    zip: singleLine(parts.zip),
    town: singleLine(parts.town),
    state: singleLine(parts.state),
    country: singleLine(parts.country),
  };
  return Object.values(result).every((part) => part === null) ? null : result;
}

/** Addresses compare without case and spacing differences ("12 rue X" vs "12  Rue X"). */
export function addressKey(value: CardAddress | null): string | null {
  const cleaned = value && address(value);
  if (cleaned === null) return null;
  const loose = (part: string | null) => part?.replace(/\s+/g, ' ').toLowerCase() ?? null;
  return JSON.stringify([cleaned.street, cleaned.zip, cleaned.town, cleaned.state, cleaned.country].map(loose));
}

/**
 * A person's name for matching only: accents, case, apostrophes, hyphens and word order do not count, so
 * "Jean-Pierre O’Brien" and "OBrien Jean Pierre" meet. `null` when there is no name at all.
 */
export function nameKey(...parts: (string | null | undefined)[]): string | null {
  const words = nameWords(parts.map((part) => text(part) ?? '').join(' ')).sort();
  return words.length === 0 ? null : words.join(' ');
}

/** Name words for comparison: accents, case, apostrophes and punctuation dropped; hyphens split words. */
export function nameWords(value: string | null | undefined): string[] {
  return (value ?? '')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/['’‘ʼ`´]/g, '')
    .replace(/[-‐‑–—.,]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}
