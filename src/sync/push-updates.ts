/**
 * Updates of linked contacts. The person is read first (batchGet), then merged field by field against the card of
 * the last sync: a field changed only in Google (a phone edit the pull has not brought yet) is kept there and
 * written to the CRM, a field changed only in the CRM goes to Google, both → the conflict policy. personForUpdate
 * builds the write from the CURRENT person, keeping every item the module does not own. A write that changes
 * nothing is not sent (Export all twice: the second makes no write).
 *
 * A stale etag (PRECONDITION) or a contact gone meanwhile (NOT_FOUND) makes the batch re-read and re-merge once,
 * never overwrite blindly; a contact Google no longer has is a Google-side deletion (out.gone, settled by the caller
 * through google-deleted.ts settleGone).
 */
import type { CardField } from '../core/card';
import { onCrmClock } from '../core/clock-offset';
import { afterCrmWrite, fieldTimesSince, mergeCards, type MergeResult } from '../core/merge';
import { cardToContactPatch, contactToCard } from '../core/crm-card';
import { planMemberships } from '../core/memberships';
import { googleUpdateTime } from '../core/person-items';
import { personToCard } from '../core/person-read';
import { personForUpdate, type PersonUpdate } from '../core/person-write';
import { isGContactsError } from '../errors';
import { LIMITS, type Person } from '../google/gateway';
import { chunks } from '../store/db';
import { count, type AccountJob } from './account-job';
import type { BatchOutcome } from './batch-outcome';
import type { ContactState } from './batch-state';
import { linkedResult, personSource } from './linked-result';
import { wantedResourceNames, type MembershipChanges } from './membership-changes';
import { PERSON_FIELDS } from './person-fields';

export interface UpdateItem {
  state: ContactState;
  current: Person;
}

interface Built extends UpdateItem {
  merge: MergeResult;
  update: PersonUpdate | null;
}

export async function pushUpdates(job: AccountJob, items: readonly UpdateItem[], changes: MembershipChanges, out: BatchOutcome): Promise<void> {
  for (const part of chunks(items, Math.min(job.settings.batchSize, LIMITS.batchUpdate))) {
    const { built, written } = await writeWithOneRetry(job, part, out);
    for (const item of built) await record(job, item, written.get(item.current.resourceName!), changes, out);
  }
}

function build(job: AccountJob, { state, current }: UpdateItem): Built {
  const { settings } = job;
  const google = personToCard(current, { thirdPartyName: state.thirdParty?.name ?? null });
  const merge = mergeCards(state.link!.baseCard, state.card!, google, {
    ...settings.compare,
    policy: settings.conflictPolicy,
    crmUpdatedAt: state.contact!.updatedAt,
    crmFieldTimes: fieldTimesSince(state.fieldTimes, state.link!.syncedAt),
    googleUpdatedAt: onCrmClock(googleUpdateTime(current), job.gateway.clockOffsetMs()),
    clockMarginMs: job.gateway.clockMarginMs(),
  });
  return { state, current, merge, update: personForUpdate(current, personSource(job, state, merge.google), settings.compare) };
}

async function writeWithOneRetry(job: AccountJob, part: readonly UpdateItem[], out: BatchOutcome): Promise<{ built: Built[]; written: Map<string, Person> }> {
  let items = part;
  for (let attempt = 0; ; attempt++) {
    const built = items.map((item) => build(job, item));
    try {
      return { built, written: await sendUpdates(job, built) };
    } catch (e) {
      if (attempt > 0 || !(isGContactsError(e, 'PRECONDITION') || isGContactsError(e, 'NOT_FOUND'))) throw e;
      items = await reread(job, items, out);
    }
  }
}

/** One batchUpdate per distinct field mask: a mask field missing from a person's body would clear it. */
export async function sendUpdates(job: AccountJob, built: readonly { current: Person; update: PersonUpdate | null }[]): Promise<Map<string, Person>> {
  const byMask = new Map<string, Map<string, Person>>();
  for (const { current, update } of built) {
    if (!update) continue;
    const mask = [...update.updatePersonFields].sort().join(',');
    if (!byMask.has(mask)) byMask.set(mask, new Map());
    byMask.get(mask)!.set(current.resourceName!, update.person);
  }
  const written = new Map<string, Person>();
  for (const [mask, people] of byMask) {
    const result = await job.gateway.batchUpdate(people, mask.split(','), PERSON_FIELDS);
    for (const [name, person] of result) written.set(name, person);
  }
  return written;
}

/** Google changed under us: read the people again; those it no longer has are Google-side deletions. */
async function reread(job: AccountJob, items: readonly UpdateItem[], out: BatchOutcome): Promise<UpdateItem[]> {
  const fresh = await job.gateway.batchGet(items.map((item) => item.current.resourceName!), PERSON_FIELDS);
  const again: UpdateItem[] = [];
  for (const item of items) {
    const current = fresh.get(item.current.resourceName!);
    if (current) again.push({ state: item.state, current });
    else out.gone.set(item.state.contactId, item.state);
    out.note(item.state.contactId, 'reread', { reason: 'etag' });
  }
  return again;
}

/**
 * Writes Google's side of the merge to the CRM; returns the contact as written. When the CRM refuses the patch
 * (a value its rules do not take: a phone user's 12,000-character note), the fields are written one by one and
 * the refused ones left out, so one bad value does not hold up every other edit of the person (afterCrmWrite then
 * keeps Google's value for them).
 */
async function writeCrm(job: AccountJob, state: ContactState, merge: MergeResult, out: BatchOutcome) {
  const { contacts } = job.sync.host;
  const options = { origin: 'gcontacts', expectedVersion: state.contact!.version };
  try {
    return await contacts.update(state.contactId, cardToContactPatch(merge.crm, merge.crmFields), options);
  } catch (e) {
    if (!isRefused(e)) throw e;
  }
  let written = state.contact!;
  const refused: CardField[] = [];
  for (const field of merge.crmFields) {
    try {
      written = await contacts.update(state.contactId, cardToContactPatch(merge.crm, [field]), { ...options, expectedVersion: written.version });
    } catch (e) {
      if (!isRefused(e)) throw e;
      refused.push(field);
    }
  }
  out.note(state.contactId, 'crm-refused', { fields: refused });
  return written;
}

/** The host's answer to a value its rules refuse (too long, not a phone number...). */
function isRefused(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'BAD_INPUT';
}

async function record(job: AccountJob, item: Built, written: Person | undefined, changes: MembershipChanges, out: BatchOutcome): Promise<void> {
  const { state, current } = item;
  let { merge } = item;
  const contactId = state.contactId;
  if (merge.crmFields.length > 0) {
    try {
      const written = await writeCrm(job, state, merge, out);
      merge = afterCrmWrite(merge, contactToCard(written, state.thirdParty), job.settings.compare);
    } catch (e) {
      // Changed again in the CRM meanwhile: its own event pushes it again; the merge is redone then from this base.
      out.fail(contactId, (e as Error).message);
      return;
    }
  }
  // Every field changed on both sides counts, settled by the policy or left to a person.
  count(job.counts, 'conflicts', merge.conflicts.length);
  keepOverwritten(job, item, merge, out);
  const undecided = merge.conflicts.filter((c) => c.winner === null);
  for (const { field, base, crm, google } of undecided) {
    out.conflicts.push({ accountId: job.account.id, contactId, field, base, crm, google });
    out.note(contactId, 'conflict', { field });
  }
  out.linked.set(contactId, linkedResult(job, state, written ?? current, state.link!.clientUid, merge.crm, merge.base, undecided.length > 0));
  const plan = planMemberships(current.memberships, await wantedResourceNames(job, state), await job.groups.owned());
  changes.add(contactId, current.resourceName!, plan);
  const outcome = written ? 'updated' : merge.crmFields.length > 0 ? 'merged' : plan.add.length + plan.remove.length > 0 ? 'regrouped' : 'unchanged';
  const detail = merge.crmFields.length > 0 ? { crmFields: merge.crmFields } : undefined;
  if (changes.has(contactId)) out.finishAfterGroups(contactId, outcome, detail);
  else out.finish(contactId, outcome, detail);
}

/** No edit silently lost: the value a policy decided against is kept, with both sides' times (store/overwritten.ts). */
function keepOverwritten(job: AccountJob, { state, current }: Built, merge: MergeResult, out: BatchOutcome): void {
  for (const { field, crm, google, winner } of merge.conflicts) {
    if (winner === null) continue;
    out.overwritten.push({
      accountId: job.account.id,
      contactId: state.contactId,
      field,
      policy: job.settings.conflictPolicy,
      lostSide: winner === 'crm' ? 'google' : 'crm',
      lost: winner === 'crm' ? google : crm,
      kept: winner === 'crm' ? crm : google,
      crmTime: fieldTimesSince(state.fieldTimes, state.link!.syncedAt)[field] ?? state.contact!.updatedAt,
      googleTime: googleUpdateTime(current),
      clockOffsetMs: job.gateway.clockOffsetMs(),
    });
  }
}
