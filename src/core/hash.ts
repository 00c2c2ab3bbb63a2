/**
 * Content hash of a card: what the status table stores to recognise "nothing changed since the last sync" (our own
 * writes echoed back by the sync token, a change to a field we do not map). It hashes the comparison keys of
 * diff.ts, so two cards diffCards() calls equal always hash the same: a reformatted phone is not a change.
 */
import { createHash } from 'node:crypto';
import { CARD_FIELDS, type Card } from './card';
import { fieldKey } from './diff';
import type { CompareOptions } from './normalise';

/**
 * Bumped whenever comparison keys change meaning; old stored hashes then simply differ once, which makes the next
 * pull merge (a no-op merge when nothing really changed) instead of trusting a hash computed another way.
 */
const HASH_VERSION = 1;

/** JSON with object keys sorted at every level, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** sha256 (hex) of the card's comparison keys. */
export function hashCard(card: Card, options: CompareOptions): string {
  const keys = Object.fromEntries(CARD_FIELDS.map((field) => [field, fieldKey(card, field, options)]));
  return createHash('sha256').update(canonicalJson({ v: HASH_VERSION, card: keys })).digest('hex');
}
