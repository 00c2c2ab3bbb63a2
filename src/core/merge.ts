/**
 * Field-level three-way merge of the last synced card (base) with the CRM's and Google's current cards.
 * Per field: a change on one side only wins; the same change on both sides is no conflict; different changes on
 * both sides are a conflict the policy settles (newest, CRM, Google) or leaves to a person (ask). The CRM alone
 * decides the fields Google never writes back (organisation, fax): Google's edits there are undone.
 *
 * "Newest wins" compares, for a field changed on both sides, the time of each side's change, on one clock (Google's
 * times are read on the CRM's clock: sync/push-updates.ts corrects them by the offset estimated from Google's Date
 * headers, known only within a margin, so times closer than it are taken as equal). Google gives ONE update time
 * per contact, so on Google's side it is the person's last change of ANY field: a later phone edit of another field
 * carries an earlier phone edit of this field past a CRM edit made in between. On the CRM's side it is the field's
 * own change time when the host's events told it (crmFieldTimes), else the contact's update time. Equal or unknown
 * times go to the CRM. The side that lost is kept (store/overwritten.ts), so no edit is silently lost.
 *
 * The result says what each side must become, not only the merged card: with 'ask', a conflicting field stays as
 * it is on both sides, and the new base keeps the old base value there, so the next merge still sees both changes
 * and the conflict does not quietly resolve itself.
 */
import { CARD_FIELDS, CRM_ONLY_FIELDS, emptyCard, type Card, type CardField } from './card';
import { sameField } from './diff';
import type { CompareOptions } from './normalise';

export type ConflictPolicy = 'newest' | 'crm' | 'google' | 'ask';
export type Side = 'crm' | 'google';

export interface MergeOptions extends CompareOptions {
  policy: ConflictPolicy;
  /** For 'newest': the CRM contact's update time and Google's source updateTime (ISO-8601). */
  crmUpdatedAt?: string | null;
  googleUpdatedAt?: string | null;
  /** For 'newest': how far googleUpdatedAt, read on the CRM's clock, may be off (ms); a gap no wider is a tie. */
  clockMarginMs?: number;
  /** For 'newest': when each field last changed in the CRM, where known (else crmUpdatedAt stands in). */
  crmFieldTimes?: Partial<Record<CardField, string>>;
  /** Fields only the CRM decides; defaults to CRM_ONLY_FIELDS. */
  crmOnlyFields?: readonly CardField[];
}

export interface FieldConflict {
  field: CardField;
  base: Card[CardField];
  crm: Card[CardField];
  google: Card[CardField];
  /** The side the policy chose; `null` with 'ask' (left for a person to decide). */
  winner: Side | null;
}

export interface MergeResult {
  /** The new base to store in the status table. */
  base: Card;
  /** What the CRM contact must become, and the fields that differ from it now (write them to the CRM). */
  crm: Card;
  crmFields: CardField[];
  /** What the Google contact must become, and the fields that differ from it now (write them to Google). */
  google: Card;
  googleFields: CardField[];
  /** Fields changed differently on both sides, settled or not. */
  conflicts: FieldConflict[];
}

/**
 * @param base the card of the last sync; `null` on a first link, taken as an empty card: a field filled on one
 *             side only fills the other, and only values both sides hold and disagree on are conflicts.
 */
export function mergeCards(base: Card | null, crm: Card, google: Card, options: MergeOptions): MergeResult {
  const from = base ?? emptyCard();
  const crmOnly = new Set<CardField>(options.crmOnlyFields ?? CRM_ONLY_FIELDS);
  const result: MergeResult = { base: { ...from }, crm: { ...crm }, crmFields: [], google: { ...google }, googleFields: [], conflicts: [] };
  const take = (field: CardField, winner: Side) => {
    const value = winner === 'crm' ? crm[field] : google[field];
    setField(result.base, field, value);
    setField(winner === 'crm' ? result.google : result.crm, field, value);
    (winner === 'crm' ? result.googleFields : result.crmFields).push(field);
  };

  for (const field of CARD_FIELDS) {
    const same = (a: Card, b: Card) => sameField(a, b, field, options);
    if (same(crm, google)) {
      setField(result.base, field, crm[field]);
      continue;
    }
    const crmChanged = !same(from, crm);
    const googleChanged = !same(from, google);
    if (crmOnly.has(field) || (crmChanged && !googleChanged)) {
      take(field, 'crm');
    } else if (googleChanged && !crmChanged) {
      take(field, 'google');
    } else {
      // Both changed, differently (neither changed would make crm and google equal).
      const winner = resolve(field, options);
      result.conflicts.push({ field, base: from[field], crm: crm[field], google: google[field], winner });
      if (winner !== null) take(field, winner);
    }
  }
  return result;
}

/** The side a two-sided conflict goes to; for 'newest', equal or unknown times go to the CRM, the system of record. */
function resolve(field: CardField, options: MergeOptions): Side | null {
  switch (options.policy) {
    case 'crm':
    case 'google':
      return options.policy;
    case 'ask':
      return null;
    case 'newest': {
      const crmTime = Date.parse(options.crmFieldTimes?.[field] ?? options.crmUpdatedAt ?? '');
      const googleTime = Date.parse(options.googleUpdatedAt ?? '');
      // Only a gap wider than the clocks' margin says which came later: within it, the order is a guess.
      return googleTime - crmTime > (options.clockMarginMs ?? 0) ? 'google' : 'crm';
    }
  }
}

/**
 * The field times that tell of changes since the last sync (`syncedAt`): an older one is a change the last sync
 * already carried, so a later change of that field came by a way the events did not report (the change cursor),
 * and the contact's update time must stand in for it.
 */
export function fieldTimesSince(times: Partial<Record<CardField, string>>, syncedAt: string | null): Partial<Record<CardField, string>> {
  if (syncedAt === null) return {};
  return Object.fromEntries(Object.entries(times).filter(([, at]) => at! >= syncedAt));
}

function setField<F extends CardField>(card: Card, field: F, value: Card[F]): void {
  card[field] = value;
}

/**
 * The merge once the CRM was written: `written` is the card the CRM holds now. A field of `crmFields` the CRM did
 * not take (a birthday without a year, a missing last name, a value its rules refuse) keeps the CRM's value on the
 * CRM side AND in the base: stored as taken, the next merge would read the CRM's old value as a CRM change and
 * write it over Google's (a phone user's birthday erased). Kept as the base, Google's value stays a one-sided
 * Google change the next merge tries again, and Google keeps it.
 */
export function afterCrmWrite(merge: MergeResult, written: Card, options: CompareOptions): MergeResult {
  const refused = merge.crmFields.filter((field) => !sameField(written, merge.crm, field, options));
  if (refused.length === 0) return merge;
  const base = { ...merge.base };
  for (const field of refused) setField(base, field, written[field]);
  return { ...merge, base, crm: { ...written }, crmFields: merge.crmFields.filter((field) => !refused.includes(field)) };
}
