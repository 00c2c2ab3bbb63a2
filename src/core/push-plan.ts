/**
 * What the push does for one contact, from its current CRM state, its scope verdict and its link (DESIGN §6
 * "Deletes"). The worker reads the current state when it runs, so this is the same whatever happened in between:
 * ten edits and a delete are one delete.
 */
import type { ScopeReason, ScopeVerdict } from './scope';

export type OutOfScopeAction = 'ungroup' | 'delete';
export type CrmDeleteAction = 'delete' | 'ungroup';

export interface PushSettings {
  outOfScopeAction: OutOfScopeAction;
  crmDeleteAction: CrmDeleteAction;
}

export type PushDecision =
  | { action: 'create' }
  | { action: 'update' }
  /** Delete the Google contact the module created, and its link. */
  | { action: 'delete'; reason: 'crm-deleted' | ScopeReason }
  /** Take it out of the module's groups; `unlink` when the CRM contact is gone (nothing left to link to). */
  | { action: 'ungroup'; reason: 'crm-deleted' | ScopeReason; unlink: boolean }
  | { action: 'none'; reason: 'not-linked' };

export interface PushInput {
  /** null when the CRM contact no longer exists. */
  scope: ScopeVerdict | null;
  linked: boolean;
  settings: PushSettings;
}

export function decidePush({ scope, linked, settings }: PushInput): PushDecision {
  if (scope === null) {
    if (!linked) return { action: 'none', reason: 'not-linked' };
    return settings.crmDeleteAction === 'delete' ? { action: 'delete', reason: 'crm-deleted' } : { action: 'ungroup', reason: 'crm-deleted', unlink: true };
  }
  if (scope.inScope) return linked ? { action: 'update' } : { action: 'create' };
  // Out of scope and never pushed: nothing in Google to act on.
  if (!linked) return { action: 'none', reason: 'not-linked' };
  return settings.outOfScopeAction === 'delete' ? { action: 'delete', reason: scope.reason } : { action: 'ungroup', reason: scope.reason, unlink: false };
}
