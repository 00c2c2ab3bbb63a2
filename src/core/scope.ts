/**
 * Whether a CRM contact belongs in a Google account. The reason is returned, not only yes/no, so the GContacts tab
 * can say why a contact is not synced and the push can tell "left scope" apart from "deleted".
 *
 * Disabled contacts (status 0) are out of scope: the CRM hides them from its lists because the company no longer
 * deals with them (the person left, the shop closed), so a sales rep's phone should not keep offering them. Turning
 * a contact off therefore ungroups or deletes it in Google, per the out-of-scope setting, like any exit from scope.
 */
import type { CrmContact } from '../host-contract';

/** 'all': every shared contact; 'salesrep': the contacts of the third parties this user is a sales rep of. */
export type AccountScope = { kind: 'all' } | { kind: 'salesrep'; userId: number };

export type ScopeReason = 'private' | 'inactive' | 'sync-flag-off' | 'not-sales-rep';
export type ScopeVerdict = { inScope: true } | { inScope: false; reason: ScopeReason };

export interface ScopeContext {
  account: AccountScope;
  /** The contact's own sync flag; `null` when never set, then `defaultSyncFlag` (setting) applies. */
  syncFlag: boolean | null;
  defaultSyncFlag: boolean;
  /** User ids of the sales reps of the contact's third party (empty without a third party). */
  salesRepIds: readonly number[];
}

export function contactScope(contact: Pick<CrmContact, 'private' | 'status'>, context: ScopeContext): ScopeVerdict {
  // Private first: a private contact never leaves the CRM, whatever its flag says.
  if (contact.private) return { inScope: false, reason: 'private' };
  if (contact.status !== 1) return { inScope: false, reason: 'inactive' };
  if (!(context.syncFlag ?? context.defaultSyncFlag)) return { inScope: false, reason: 'sync-flag-off' };
  const { account } = context;
  if (account.kind === 'salesrep' && !context.salesRepIds.includes(account.userId)) return { inScope: false, reason: 'not-sales-rep' };
  return { inScope: true };
}

export function isInScope(contact: Pick<CrmContact, 'private' | 'status'>, context: ScopeContext): boolean {
  return contactScope(contact, context).inScope;
}
