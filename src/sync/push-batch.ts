/**
 * One batch of outbox rows of one account, start to end: recover lost creates, read the current CRM state,
 * decide per contact (core/push-plan), read the linked people, then creates, updates, deletes, and last the
 * group membership changes; the results and the cleared rows are committed together (batch-outcome.ts).
 * A Google failure stops the batch where it is: what was done is recorded, the rest is postponed with backoff.
 */
import { isCreatedByModule } from '../core/person-items';
import { decidePush, type LinkKind } from '../core/push-plan';
import { LIMITS, type Person } from '../google/gateway';
import { chunks } from '../store/db';
import type { Link } from '../store/links';
import type { OutboxRow } from '../store/outbox';
import type { AccountJob } from './account-job';
import { BatchOutcome } from './batch-outcome';
import { loadStates, type ContactState } from './batch-state';
import { settleGone } from './google-deleted';
import { MembershipChanges } from './membership-changes';
import { PERSON_FIELDS } from './person-fields';
import { pushCreates } from './push-creates';
import { planUngroups, pushDeletes, pushStrips, type RemovalItem } from './push-removals';
import { pushUpdates, type UpdateItem } from './push-updates';
import { findPendingCreates } from './recovery';

/** Returns the failure that stopped the batch, if one did (the caller stops the account's run on it). */
export async function pushBatch(job: AccountJob, rows: readonly OutboxRow[]): Promise<unknown> {
  const out = new BatchOutcome(job);
  let failure: unknown = null;
  try {
    const ids = [...new Set(rows.map((row) => row.contactId))];
    const links = await job.sync.stores.links.forContacts(job.account.id, ids);
    await recoverCreates(job, links, out);
    const states = await loadStates(job.sync, job.account, job.settings, ids, links);
    await run(job, states, new Set(rows.filter((row) => row.op === 'export').map((row) => row.contactId)), out);
  } catch (e) {
    failure = e;
  }
  await out.commit(rows, failure);
  return failure;
}

/**
 * Pending links become linked (Google has the person) or are dropped (it does not: the create is sent again if the
 * contact still belongs in Google). Written at once, whatever the batch then decides for the contact.
 */
async function recoverCreates(job: AccountJob, links: Map<number, Link>, out: BatchOutcome): Promise<void> {
  const pending = [...links.values()].filter((link) => link.state === 'pending_create');
  if (pending.length === 0) return;
  const { links: store } = job.sync.stores;
  const found = await findPendingCreates(job.gateway, pending);
  for (const link of pending) {
    const person = found.get(link.contactId);
    if (person) {
      await store.relink(job.account.id, link.contactId, person.resourceName!, person.etag ?? null);
      links.set(link.contactId, { ...link, state: 'linked', resourceName: person.resourceName!, etag: person.etag ?? null });
      out.note(link.contactId, 'recovered', { resourceName: person.resourceName });
    } else {
      await store.remove(job.account.id, [link.contactId]);
      links.delete(link.contactId);
    }
  }
}

function linkKind(link: Link | null): LinkKind {
  return link === null ? 'none' : link.state === 'unlinked' ? 'deleted-in-google' : 'linked';
}

async function run(job: AccountJob, states: readonly ContactState[], forced: ReadonlySet<number>, out: BatchOutcome): Promise<void> {
  const creates: ContactState[] = [];
  const linked: { state: ContactState; decision: ReturnType<typeof decidePush> }[] = [];
  for (const state of states) {
    if (state.error !== null) {
      out.fail(state.contactId, state.error);
      continue;
    }
    const decision = decidePush({ scope: state.scope, link: linkKind(state.link), settings: job.settings.push, forced: forced.has(state.contactId) });
    if (decision.action === 'none') out.finish(state.contactId, 'skipped');
    else if (decision.action === 'forget') {
      out.unlinked.add(state.contactId);
      out.finish(state.contactId, 'skipped');
    } else if (decision.action === 'create') creates.push(state);
    else linked.push({ state, decision });
  }
  const people = await readPeople(job, linked.map(({ state }) => state.link!.resourceName!));
  const updates: UpdateItem[] = [];
  const deletes: RemovalItem[] = [];
  const ungroups: (RemovalItem & { unlink: boolean })[] = [];
  const strips: RemovalItem[] = [];
  for (const { state, decision } of linked) {
    const current = people.get(state.link!.resourceName!) ?? null;
    if (current === null) {
      // Gone from Google already: for a contact that was leaving anyway only the link goes.
      if (decision.action === 'update') {
        // Deleted in Google before a pull saw it: decided as a tombstone is — Export all brings it back (never
        // applying the Google-delete policy, which may delete the CRM contact), any other push applies the policy.
        const forcedBack = decidePush({ scope: state.scope, link: 'deleted-in-google', settings: job.settings.push, forced: forced.has(state.contactId) });
        if (forcedBack.action === 'create') creates.push(state);
        else out.gone.set(state.contactId, state);
      } else {
        out.unlinked.add(state.contactId);
        out.finish(state.contactId, 'unlinked', { reason: 'gone-in-google' });
      }
    } else if (decision.action === 'update') updates.push({ state, current });
    else if (decision.action === 'delete') deletes.push({ state, current, reason: decision.reason });
    else if (decision.action === 'ungroup') ungroups.push({ state, current, reason: decision.reason, unlink: decision.unlink });
    else if (decision.action === 'withdraw') {
      const item = { state, current, reason: decision.reason };
      if (isCreatedByModule(current, state.link!.clientUid, job.settings.instance)) deletes.push(item);
      else strips.push(item);
    }
  }
  const changes = new MembershipChanges();
  await pushCreates(job, creates, out);
  await pushUpdates(job, updates, changes, out);
  await pushDeletes(job, deletes, out);
  await planUngroups(job, ungroups, changes, out);
  await pushStrips(job, strips, changes, out);
  await changes.apply(job.gateway);
  out.settle();
  await settleGone(job, out, true);
}

async function readPeople(job: AccountJob, resourceNames: readonly string[]): Promise<Map<string, Person | null>> {
  const people = new Map<string, Person | null>();
  for (const part of chunks(resourceNames, LIMITS.batchGet)) {
    for (const [name, person] of await job.gateway.batchGet(part, PERSON_FIELDS)) people.set(name, person);
  }
  return people;
}
