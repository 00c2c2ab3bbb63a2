/**
 * batchCreateContacts for the contacts new to this account, with their groups set in the create itself (no
 * members.modify needed for them). The uids are committed as pending links BEFORE the first request, so an answer
 * lost on the way back is recovered (recovery.ts), never created twice.
 */
import { hashCard } from '../core/hash';
import { personForCreate } from '../core/person-write';
import { LIMITS, type Person } from '../google/gateway';
import { chunks } from '../store/db';
import type { AccountJob } from './account-job';
import type { BatchOutcome } from './batch-outcome';
import type { ContactState } from './batch-state';
import { linkedResult, personSource } from './linked-result';
import { wantedResourceNames } from './membership-changes';
import { PERSON_FIELDS } from './person-fields';

export async function pushCreates(job: AccountJob, states: readonly ContactState[], out: BatchOutcome): Promise<void> {
  if (states.length === 0) return;
  const items: { state: ContactState; uid: string; person: Person }[] = [];
  for (const state of states) {
    const uid = job.sync.uid();
    const memberships = (await wantedResourceNames(job, state)).map((group) => ({ contactGroupMembership: { contactGroupResourceName: group } }));
    items.push({ state, uid, person: { ...personForCreate(personSource(job, state, state.card!), uid, job.settings.compare), memberships } });
  }
  const pending = items.map(({ state, uid }) => ({ contactId: state.contactId, clientUid: uid, baseCard: state.card!, crmHash: hashCard(state.card!, job.settings.compare) }));
  await job.sync.stores.links.markPending(job.account.id, pending);
  for (const part of chunks(items, Math.min(job.settings.batchSize, LIMITS.batchCreate))) {
    const created = await job.gateway.batchCreate(part.map((item) => item.person), PERSON_FIELDS);
    part.forEach(({ state, uid }, i) => {
      const person = created[i]!;
      out.linked.set(state.contactId, linkedResult(job, state, person, uid, state.card!, state.card!));
      out.finish(state.contactId, 'created', { resourceName: person.resourceName });
    });
  }
}
