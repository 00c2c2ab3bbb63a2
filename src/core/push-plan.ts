/**
 * What the push does for one contact, from its current CRM state, its scope verdict and its link (architecture §3
 * "Deletes"). The worker reads the current state when it runs, so this is the same whatever happened in between:
 * ten edits and a delete are one delete.
 *
 * A contact deleted in Google by a phone user keeps a tombstone link ('deleted-in-google'): pushing it again at
 * its next CRM edit would silently undo that user's delete. Only an explicit request brings it back — Export all
 * (`forced`) or turning its sync flag on again (which removes the tombstone).
 *
 * Private means private: a contact made private is taken out of Google whatever `out_of_scope_action` says (that
 * setting is for the sync flag and sales-rep changes, where keeping a phone's copy can make sense). A linked pair
 * is one contact: a CRM delete removes the linked person per `crm_delete_action`, whoever created it.
 */
import type { ScopeReason, ScopeVerdict } from './scope';

export type OutOfScopeAction = 'ungroup' | 'delete';
export type CrmDeleteAction = 'delete' | 'ungroup';

export interface PushSettings {
  outOfScopeAction: OutOfScopeAction;
  crmDeleteAction: CrmDeleteAction;
}

export type LinkKind = 'none' | 'linked' | 'deleted-in-google';

export type PushDecision =
  | { action: 'create' }
  | { action: 'update' }
  /** Delete the Google contact the module created, and its link. */
  | { action: 'delete'; reason: 'crm-deleted' | ScopeReason }
  /** Take it out of the module's groups; `unlink` when the CRM contact is gone (nothing left to link to). */
  | { action: 'ungroup'; reason: 'crm-deleted' | ScopeReason; unlink: boolean }
  /**
   * Made private: delete the person when the module created it; when the module only linked one the account had
   * (core/person-items isCreatedByModule), take back what the module added (third-party items, clientData, its
   * groups) and unlink it — deleting it would take a phone user's own contact.
   */
  | { action: 'withdraw'; reason: 'private' }
  /** Drop a tombstone whose CRM contact is gone too. */
  | { action: 'forget' }
  | { action: 'none'; reason: 'not-linked' | 'deleted-in-google' };

export interface PushInput {
  /** null when the CRM contact no longer exists. */
  scope: ScopeVerdict | null;
  link: LinkKind;
  settings: PushSettings;
  /** Export all: re-push every in-scope contact, including those deleted in Google. */
  forced: boolean;
}

export function decidePush({ scope, link, settings, forced }: PushInput): PushDecision {
  if (link === 'deleted-in-google') {
    if (scope === null) return { action: 'forget' };
    return forced && scope.inScope ? { action: 'create' } : { action: 'none', reason: 'deleted-in-google' };
  }
  const linked = link === 'linked';
  if (scope === null) {
    if (!linked) return { action: 'none', reason: 'not-linked' };
    return settings.crmDeleteAction === 'delete' ? { action: 'delete', reason: 'crm-deleted' } : { action: 'ungroup', reason: 'crm-deleted', unlink: true };
  }
  if (scope.inScope) return linked ? { action: 'update' } : { action: 'create' };
  // Out of scope and never pushed: nothing in Google to act on.
  if (!linked) return { action: 'none', reason: 'not-linked' };
  if (scope.reason === 'private') return { action: 'withdraw', reason: 'private' };
  return settings.outOfScopeAction === 'delete' ? { action: 'delete', reason: scope.reason } : { action: 'ungroup', reason: scope.reason, unlink: false };
}
