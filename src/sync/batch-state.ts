/**
 * The CURRENT CRM state of a batch of contacts, read when the worker runs (not when the event fired): the
 * contacts, their third parties and sales reps, sync flags, scope verdicts and cards. A handful of queries per
 * batch whatever its size (getMany, thirdParties, salesRepsOf, flags, links), never one per contact.
 */
import type { Card } from '../core/card';
import { contactToCard } from '../core/crm-card';
import { contactScope, type ScopeVerdict } from '../core/scope';
import type { CrmContact, CrmUser, ThirdParty } from '../host-contract';
import type { Account } from '../store/accounts';
import type { Link } from '../store/links';
import type { FieldTimes } from '../store/field-times';
import { isContactError } from './batch-outcome';
import type { SyncContext } from './context';
import type { SyncSettings } from './settings';

export interface ContactState {
  contactId: number;
  /** null: deleted in the CRM. */
  contact: CrmContact | null;
  thirdParty: ThirdParty | null;
  salesReps: CrmUser[];
  /** null when the contact is gone. */
  scope: ScopeVerdict | null;
  card: Card | null;
  link: Link | null;
  /** When each field last changed in the CRM, as the host's events told it (store/field-times.ts). */
  fieldTimes: FieldTimes;
  /** Why this contact cannot be mapped (e.g. a birthday that is no date): it fails alone, the batch goes on. */
  error: string | null;
}

export async function loadStates(sync: SyncContext, account: Account, settings: SyncSettings, contactIds: readonly number[], links: Map<number, Link>): Promise<ContactState[]> {
  const { host, stores } = sync;
  const contacts = new Map((await host.contacts.getMany(contactIds)).map((c) => [c.id, c]));
  const thirdPartyIds = [...new Set([...contacts.values()].map((c) => c.thirdPartyId).filter((id): id is number => id !== null))];
  const thirdParties = new Map((await host.contacts.thirdParties(thirdPartyIds)).map((t) => [t.id, t]));
  const reps = await host.contacts.salesRepsOf(thirdPartyIds);
  const flags = await stores.flags.get(contactIds);
  const fieldTimes = await stores.fieldTimes.forContacts(contactIds);
  return contactIds.map((contactId) => {
    const contact = contacts.get(contactId) ?? null;
    const thirdParty = contact?.thirdPartyId != null ? (thirdParties.get(contact.thirdPartyId) ?? null) : null;
    const salesReps = thirdParty ? (reps.get(thirdParty.id) ?? []) : [];
    const scope = contact
      ? contactScope(contact, { account: account.scope, syncFlag: flags.get(contactId) ?? null, defaultSyncFlag: settings.defaultSyncFlag, salesRepIds: salesReps.map((r) => r.id) })
      : null;
    const link = links.get(contactId) ?? null;
    const times = fieldTimes.get(contactId) ?? {};
    try {
      return { contactId, contact, thirdParty, salesReps, scope, card: contact ? contactToCard(contact, thirdParty) : null, link, fieldTimes: times, error: null };
    } catch (e) {
      if (!isContactError(e)) throw e;
      return { contactId, contact, thirdParty, salesReps, scope, card: null, link, fieldTimes: times, error: e.message };
    }
  });
}
