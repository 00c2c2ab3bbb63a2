/**
 * The pull decision table (architecture §5): what to do with one person a sync page brings, given its link in the
 * status table. Hashes make our own echoed writes and changes to unmapped fields no-ops, so nothing loops. Plus the
 * mass-deletion guard that stops a pull about to unlink or delete too many contacts at once.
 *
 *   linked to this person, deleted            → google-deleted (policy; only unlink when the contact is gone)
 *   linked, CRM contact gone / out of scope   → none (the push side deletes or ungroups)
 *   linked, CRM contact private               → withdraw: queued for the push, which takes it out of Google (heals
 *                                               links an older version only ungrouped); never merged
 *   linked, hashes as stored                  → none        Google changed only → update-crm
 *   linked, CRM changed only                  → update-google    both changed → merge
 *   link of our id waiting for its create     → relink      link of our id to another person → duplicate
 *   no link, carries our id                   → relink, or orphan when the contact is gone
 *   no link (or one waiting for its create), carries our id of a private contact → withdraw-copy
 *   no link, in the container group           → import-auto when the account says so, else import-candidate
 *   no link, elsewhere                        → import-candidate;   deleted without a link → none
 *   deleted, but a live person lists its name among its previous ones (renamed, merged) → none
 */
import type { people_v1 } from './people-types';
import { GContactsError } from '../errors';
import { hashCard } from './hash';
import { isInGroup } from './memberships';
import type { CompareOptions } from './normalise';
import { ourContactId } from './person-items';
import { personToCard } from './person-read';

export type GoogleDeletePolicy = 'unlink' | 'delete' | 'flag_off';

/** The status-table row of a link: the Google person it points at and the hashes stored at the last sync. */
export interface LinkState {
  contactId: number;
  /** null while a create waits for its answer (state pending_create). */
  resourceName: string | null;
  crmHash: string | null;
  googleHash: string | null;
}

/** What the pull knows about the person from the sync page. */
export interface PersonState {
  resourceName: string;
  /** Google may change a person's resourceName; a link to an old one still means this person. */
  previousResourceNames: readonly string[];
  deleted: boolean;
  /** The CRM contact id in clientData written by this CRM instance (person-items `ourContactId`). */
  ourContactId: number | null;
  /** Member of the account's container group. */
  inContainer: boolean;
  /** Hash of the person's card; null when deleted (a deleted person comes without fields). */
  googleHash: string | null;
}

export interface PersonContext extends CompareOptions {
  /** This CRM instance's id, as written in clientData. */
  instance: string;
  /** The account's container group (resource name), null while it does not exist yet. */
  containerGroup: string | null;
}

/** The pull's view of a person from a sync page. */
export function personState(person: people_v1.Schema$Person, context: PersonContext): PersonState {
  const deleted = person.metadata?.deleted === true;
  return {
    resourceName: person.resourceName ?? '',
    previousResourceNames: person.metadata?.previousResourceNames ?? [],
    deleted,
    ourContactId: ourContactId(person, context.instance),
    inContainer: context.containerGroup !== null && isInGroup(person, context.containerGroup),
    googleHash: deleted ? null : hashCard(personToCard(person), context),
  };
}

export interface PullInput {
  /**
   * The link of this person: found by resourceName (or a previous one), else by the contact id in our clientData;
   * null when there is none. The caller updates the link's resourceName when Google changed it.
   */
  link: LinkState | null;
  person: PersonState;
  /**
   * Hash of the CRM card of the contact concerned (the linked one, else the one clientData names); null when that
   * contact does not exist or is out of the account's scope.
   */
  crmHash: string | null;
  /** The contact concerned is private (then `crmHash` is null): the CRM keeps it to itself. */
  crmPrivate?: boolean;
  settings: { googleDeletePolicy: GoogleDeletePolicy; autoImportContainer: boolean };
  /**
   * A deleted person's resource name is a live person's previous one in the same listing: Google renamed or merged
   * it, and the live person carries it on. Not a deletion.
   */
  renamed?: boolean;
}

export type PullAction =
  /** unchanged: hashes as stored (our echo, or a change to fields we do not map); nothing-to-unlink: deleted, never linked; crm-missing: linked contact gone or out of scope, the push side handles it. */
  | { kind: 'none'; reason: 'unchanged' | 'nothing-to-unlink' | 'crm-missing' }
  /** Linked to a private contact that Google still has: queue it for the push, which withdraws it (push-plan). */
  | { kind: 'withdraw'; contactId: number }
  /** Only Google changed: write Google's changes to the CRM (a merge against the base gives the fields). */
  | { kind: 'update-crm' }
  /** Only the CRM changed and the push has not brought it to Google yet: push it (heals a lost outbox row). */
  | { kind: 'update-google' }
  /** Both changed: three-way merge against the stored base card. */
  | { kind: 'merge' }
  /** Deleted in Google: apply the account's Google-delete policy to the linked contact. */
  | { kind: 'google-deleted'; contactId: number; policy: GoogleDeletePolicy }
  /** Carries our id, and that contact's link has no person yet or none at all: a create whose answer was lost; link it back, never create it again. */
  | { kind: 'relink'; contactId: number }
  /** Carries our id of a contact linked to another Google person (a copy made on a phone, a restore): report it, never merge it. */
  | { kind: 'duplicate'; contactId: number }
  /**
   * Carries our id of a private contact, and no link holds it (a copy left behind, a create whose answer was lost):
   * private data in Google, withdrawn like the linked person would be — deleted when the module created it, else
   * stripped of what the module added.
   */
  | { kind: 'withdraw-copy'; contactId: number }
  /** Carries our id, but that contact is gone or out of scope: report it (Check synchro), never import it back. */
  | { kind: 'orphan'; contactId: number }
  /** New in the container group and the account imports those automatically. */
  | { kind: 'import-auto' }
  /** A Google contact not in the CRM, offered on the Import page. */
  | { kind: 'import-candidate'; inContainer: boolean };

export function decidePull(input: PullInput): PullAction {
  const { link, person } = input;
  if (person.deleted && input.renamed) return { kind: 'none', reason: 'nothing-to-unlink' };
  if (link === null) return unlinked(input);
  if (link.resourceName === null || !isLinkedPerson(link.resourceName, person)) {
    if (person.deleted) return { kind: 'none', reason: 'nothing-to-unlink' };
    if (input.crmHash === null) return input.crmPrivate && link.resourceName === null ? { kind: 'withdraw-copy', contactId: link.contactId } : { kind: 'orphan', contactId: link.contactId };
    return link.resourceName === null ? { kind: 'relink', contactId: link.contactId } : { kind: 'duplicate', contactId: link.contactId };
  }
  return linked(input, link);
}

function isLinkedPerson(resourceName: string, person: PersonState): boolean {
  return resourceName === person.resourceName || person.previousResourceNames.includes(resourceName);
}

function linked({ person, crmHash, crmPrivate, settings }: PullInput, link: LinkState): PullAction {
  // A delete removes only a link when the CRM contact is gone already: there is nothing left to delete or flag.
  if (person.deleted) return { kind: 'google-deleted', contactId: link.contactId, policy: crmHash === null ? 'unlink' : settings.googleDeletePolicy };
  if (crmHash === null) return crmPrivate ? { kind: 'withdraw', contactId: link.contactId } : { kind: 'none', reason: 'crm-missing' };
  const googleChanged = person.googleHash !== link.googleHash;
  const crmChanged = crmHash !== link.crmHash;
  if (googleChanged && crmChanged) return { kind: 'merge' };
  if (googleChanged) return { kind: 'update-crm' };
  if (crmChanged) return { kind: 'update-google' };
  return { kind: 'none', reason: 'unchanged' };
}

function unlinked({ person, crmHash, crmPrivate, settings }: PullInput): PullAction {
  if (person.deleted) return { kind: 'none', reason: 'nothing-to-unlink' };
  if (person.ourContactId !== null) {
    if (crmHash !== null) return { kind: 'relink', contactId: person.ourContactId };
    return crmPrivate ? { kind: 'withdraw-copy', contactId: person.ourContactId } : { kind: 'orphan', contactId: person.ourContactId };
  }
  if (person.inContainer && settings.autoImportContainer) return { kind: 'import-auto' };
  return { kind: 'import-candidate', inContainer: person.inContainer };
}

/** Actions that take a contact away from the account (counted by the mass-deletion guard). */
export function isRemoval(action: PullAction): boolean {
  return action.kind === 'google-deleted';
}

export type GuardVerdict = { kind: 'proceed' } | { kind: 'needs-confirmation'; removals: number; linkCount: number; share: number; maxShare: number };

/**
 * Whether a pull may apply its removals (unlink, delete, flag off) without asking: not when they exceed `maxShare`
 * of the account's links (setting `mass_delete_share`, 0..1). A wiped phone or a wrong account shows up as
 * "everything was deleted": better to stop and ask than to unlink thousands of contacts.
 */
export function massDeletionGuard(input: { linkCount: number; removals: number; maxShare: number }): GuardVerdict {
  const { linkCount, removals, maxShare } = input;
  if (!(maxShare >= 0 && maxShare <= 1)) throw new GContactsError('BAD_INPUT', `mass-deletion share must be between 0 and 1, not ${maxShare}`);
  if (!Number.isInteger(linkCount) || !Number.isInteger(removals) || linkCount < 0 || removals < 0) {
    throw new GContactsError('BAD_INPUT', 'link and removal counts must be whole numbers ≥ 0', { linkCount, removals });
  }
  if (removals === 0) return { kind: 'proceed' };
  const share = linkCount === 0 ? 1 : removals / linkCount;
  return share > maxShare ? { kind: 'needs-confirmation', removals, linkCount, share, maxShare } : { kind: 'proceed' };
}
