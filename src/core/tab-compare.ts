/**
 * What the GContacts tab shows and decides, as pure functions: the field-by-field comparison, the state of the
 * contact in one account (in words, never a raw code), the fingerprint that refuses an action on a stale view,
 * and what turning the sync flag on or off will do under the current settings.
 */
import { createHash } from 'node:crypto';
import { CARD_FIELDS, CRM_ONLY_FIELDS, type Card, type CardAddress, type CardField } from './card';
import { sameField } from './diff';
import { canonicalJson } from './hash';
import type { CompareOptions } from './normalise';
import type { OutOfScopeAction } from './push-plan';
import type { ScopeVerdict } from './scope';

/** 'differs': both sides hold different values; 'crm-only' / 'google-only': a value on one side only. */
export type RowState = 'same' | 'differs' | 'crm-only' | 'google-only';

export interface ComparisonRow {
  field: CardField;
  crm: string | null;
  google: string | null;
  /** The value of the last sync (the merge base), null when never synced. */
  base: string | null;
  state: RowState;
  /** Google's value can be written to the CRM (organisation and fax are the CRM's alone). */
  takesGoogle: boolean;
}

/** A card field as one line of text for the page (an address on one line). */
export function showField(card: Card | null, field: CardField): string | null {
  if (!card) return null;
  const value = card[field];
  if (value === null) return null;
  if (typeof value === 'string') return value;
  const a = value as CardAddress;
  return [a.street, [a.zip, a.town].filter(Boolean).join(' '), a.state, a.country].filter(Boolean).join(', ') || null;
}

const CRM_ONLY: ReadonlySet<CardField> = new Set(CRM_ONLY_FIELDS);

/** One row per card field. `google` null: nothing known of Google's side (then every row compares to nothing). */
export function compareForTab(crm: Card, google: Card | null, base: Card | null, options: CompareOptions): ComparisonRow[] {
  return CARD_FIELDS.map((field) => {
    const crmValue = showField(crm, field);
    const googleValue = showField(google, field);
    const same = google !== null && sameField(crm, google, field, options);
    const state: RowState = same || (crmValue === null && googleValue === null) ? 'same' : crmValue === null ? 'google-only' : googleValue === null ? 'crm-only' : 'differs';
    return { field, crm: crmValue, google: googleValue, base: showField(base, field), state, takesGoogle: !CRM_ONLY.has(field) };
  });
}

/** Every differing field (one-sided ones included), or those of them whose Google value the CRM can take. */
export function differingFields(rows: readonly ComparisonRow[], which: 'all' | 'google-writable' = 'all'): CardField[] {
  return rows.filter((r) => r.state !== 'same' && (which === 'all' || r.takesGoogle)).map((r) => r.field);
}

/**
 * The tab's fingerprint of what it showed: the contact's version, and per account the link, the open conflicts
 * and Google's etag. An action carries it; when the contact changed since (in the CRM or in Google), the action is
 * refused and the new comparison shown, never applied to values the user did not see.
 */
export function viewFingerprint(parts: { contactVersion: number; overwritten?: readonly number[]; accounts: readonly unknown[] }): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 24);
}

/** The state of a contact in one account, most urgent first: it decides the sentence and the buttons shown. */
export type AccountState =
  | 'account-broken'
  | 'conflict'
  | 'deleted-in-google'
  | 'out-of-scope'
  | 'pending'
  | 'being-created'
  | 'synced'
  | 'not-in-google';

export interface StateInput {
  accountActive: boolean;
  linkState: 'linked' | 'pending_create' | 'conflict' | 'unlinked' | null;
  openConflicts: number;
  scope: ScopeVerdict;
  /** An outbox row waits for this account and contact. */
  queued: boolean;
}

export function accountState(s: StateInput): AccountState {
  if (!s.accountActive) return 'account-broken';
  if (s.openConflicts > 0 || s.linkState === 'conflict') return 'conflict';
  if (s.linkState === 'unlinked') return 'deleted-in-google';
  if (!s.scope.inScope && (s.linkState === null || !s.queued)) return 'out-of-scope';
  if (s.queued) return 'pending';
  if (s.linkState === 'pending_create') return 'being-created';
  return s.linkState === 'linked' ? 'synced' : 'not-in-google';
}

/**
 * The lang key of the sentence beside the "Sync with Google" control: what saving the other value will do to the
 * Google copy. `null` for a private contact: it cannot sync at all, and the tab says why instead of the control.
 */
export function flagOutcomeKey(input: { private: boolean; active: boolean; flag: boolean; outOfScopeAction: OutOfScopeAction; inGoogle: boolean }): string | null {
  if (input.private) return null;
  if (!input.active) return 'tab.flag.outcome.inactive';
  if (!input.flag) return 'tab.flag.outcome.turn_on';
  if (!input.inGoogle) return 'tab.flag.outcome.turn_off_absent';
  return input.outOfScopeAction === 'delete' ? 'tab.flag.outcome.turn_off_delete' : 'tab.flag.outcome.turn_off_ungroup';
}

/** The contact list's "Google" column: one word per contact, over every account. */
export type ListState = 'synced' | 'pending' | 'conflict' | 'not-synced';

export const LIST_STATES: readonly ListState[] = ['synced', 'pending', 'conflict', 'not-synced'];

export function listState(linkStates: readonly string[], queued: boolean): ListState {
  if (linkStates.includes('conflict')) return 'conflict';
  if (queued || linkStates.includes('pending_create')) return 'pending';
  return linkStates.includes('linked') ? 'synced' : 'not-synced';
}
