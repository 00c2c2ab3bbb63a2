/**
 * Civility ⇄ Google's honorific prefix. The CRM stores a civility code (Dolibarr's dictionary: MR, MME, MLE, MTRE,
 * DR); a phone shows a prefix. Known codes are written as a short prefix and read back from the usual spellings
 * (English and French); anything else passes through unchanged both ways, so the mapping round-trips and a
 * prefix a phone user typed ("Prof.") is not lost.
 */
import { singleLine } from './normalise';

const PREFIX_OF_CODE: Readonly<Record<string, string>> = {
  MR: 'Mr',
  MME: 'Mrs',
  MLE: 'Miss',
  MTRE: 'Me',
  DR: 'Dr',
};

/** Spellings read back as a code, compared without case and dots. */
const CODE_OF_SPELLING: Readonly<Record<string, string>> = {
  mr: 'MR',
  m: 'MR',
  monsieur: 'MR',
  mrs: 'MME',
  ms: 'MME',
  mme: 'MME',
  madame: 'MME',
  miss: 'MLE',
  mlle: 'MLE',
  mademoiselle: 'MLE',
  me: 'MTRE',
  maitre: 'MTRE',
  maître: 'MTRE',
  dr: 'DR',
  docteur: 'DR',
  doctor: 'DR',
};

/** The civility codes of the CRM's dictionary (pages show them in words). */
export const CIVILITY_CODES: readonly string[] = Object.keys(PREFIX_OF_CODE);

export function civilityToPrefix(civility: string | null): string | null {
  const code = singleLine(civility);
  return code === null ? null : (PREFIX_OF_CODE[code.toUpperCase()] ?? code);
}

export function prefixToCivility(prefix: string | null | undefined): string | null {
  const cleaned = singleLine(prefix);
  if (cleaned === null) return null;
  return CODE_OF_SPELLING[cleaned.replace(/\./g, '').toLowerCase()] ?? cleaned;
}

/** Civility for comparison: "MR", "mr" and "Mr" are one civility, so a round trip through Google is no change. */
export function civilityKey(civility: string | null): string | null {
  return prefixToCivility(civilityToPrefix(civility));
}
