/** The status-table row of a contact just written to (or checked against) Google. */
import type { Card } from '../core/card';
import { hashCard } from '../core/hash';
import { personToCard } from '../core/person-read';
import type { PersonSource } from '../core/person-write';
import type { Person } from '../google/gateway';
import type { LinkedResult } from '../store/links';
import type { AccountJob } from './account-job';
import type { ContactState } from './batch-state';

export function linkedResult(job: AccountJob, state: ContactState, person: Person, clientUid: string, crmCard: Card, base: Card, conflicted = false): LinkedResult {
  const compare = job.settings.compare;
  return {
    contactId: state.contactId,
    resourceName: person.resourceName!,
    etag: person.etag ?? '',
    clientUid,
    crmHash: hashCard(crmCard, compare),
    googleHash: hashCard(personToCard(person, { thirdPartyName: state.thirdParty?.name ?? null }), compare),
    baseCard: base,
    state: conflicted ? 'conflict' : 'linked',
  };
}

/** What the module writes for this contact, with `card` (the CRM's, or the merged one) as its content. */
export function personSource(job: AccountJob, state: ContactState, card: Card): PersonSource {
  return { card, thirdParty: state.thirdParty, instance: job.settings.instance, contactId: state.contactId };
}
