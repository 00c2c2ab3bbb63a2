/**
 * Who may see a contact in the module's pages. Dolibarr's API does not apply it (FACTS §2-3: priv ignored,
 * thirdparty_ids= lifts the sales-rep restriction, any reader gets a company-less private contact by id), so the
 * bridge does, as Dolibarr's own pages would: a private contact only to its creator; a rep without the "see all
 * third parties" right only contacts of their own third parties, or company-less contacts they created.
 */
import type { CrmContact, CrmUser } from '../../src/host-contract';

export interface Viewer {
  user: CrmUser;
  /** Admin, or the "see all third parties" right (societe → client → voir). */
  seesAll: boolean;
  thirdParties: readonly number[];
}

export function canSee(viewer: Viewer, contact: CrmContact): boolean {
  if (contact.private && contact.createdBy !== viewer.user.id) return false;
  if (viewer.seesAll || viewer.user.admin) return true;
  if (contact.thirdPartyId === null) return contact.createdBy === viewer.user.id;
  return viewer.thirdParties.includes(contact.thirdPartyId);
}
