/**
 * One page of a pull, start to end: the decision table (core/decide.ts) for every person the page brings, then
 * the actions, then one transaction with the results, the import candidates and the run's resume point.
 *
 * Linked people go through the push's own update path (push-updates.ts): a three-way merge against the stored
 * base card, the CRM written with the fields Google changed, Google written with those the CRM changed, the
 * conflict policy on fields changed on both sides. So the pull and the push can never disagree on a merge, and a
 * person whose card hashes as stored (our own write coming back, a field we do not map) costs nothing.
 *
 * A person without a link is relinked when it carries our clientData id (a create whose answer was lost), else
 * matched on first link (pull-match.ts), else imported (container group, setting on) or kept as an import
 * candidate. Matched and imported people then take the same update path with no base: Google gets our clientData
 * and groups, so the next pulls find them by link and by id.
 */
import { hashCard } from '../core/hash';
import { cardToNewContact, contactToCard } from '../core/crm-card';
import { decidePull, personState, type PullAction } from '../core/decide';
import { isInGroup, MY_CONTACTS } from '../core/memberships';
import { isCreatedByModule, readClientData } from '../core/person-items';
import { personToCard } from '../core/person-read';
import type { Card } from '../core/card';
import { isGContactsError } from '../errors';
import type { Person } from '../google/gateway';
import type { Stores } from '../store';
import type { ImportCandidate } from '../store/candidates';
import type { Link } from '../store/links';
import type { ContactInput, CrmContact, WriteOptions } from '../host-contract';
import { count, type AccountJob } from './account-job';
import { BatchOutcome } from './batch-outcome';
import { loadStates, type ContactState } from './batch-state';
import { googleDeleted, settleGone } from './google-deleted';
import { MembershipChanges } from './membership-changes';
import type { FirstLinkMatcher } from './pull-match';
import { pushDeletes, pushStrips, type RemovalItem } from './push-removals';
import { pushUpdates, type UpdateItem } from './push-updates';

export interface PullJob extends AccountJob {
  matcher: FirstLinkMatcher;
  /** The account's container group (resource name), null while the module has none. */
  containerGroup: string | null;
  /** Previous resource name → current one, for the live people the run's listing brought (renamed or merged by Google). */
  renamed: Map<string, string>;
}

/**
 * Whether a resource name Google reports deleted lives on in a person of the listing that carries it among its
 * previous names (a rename, or a merge into a person not linked to another contact): then it is no deletion.
 * `links` must hold the links of `name` and of the person carrying it on.
 */
export function livesOn(job: PullJob, name: string, links: ReadonlyMap<string, Link>): boolean {
  const survivor = job.renamed.get(name);
  if (survivor === undefined) return false;
  const theirs = links.get(survivor)?.contactId;
  return theirs === undefined || theirs === links.get(name)?.contactId;
}

interface Seen {
  person: Person;
  link: Link | null;
  state: ContactState | null;
  action: PullAction;
}

/** Applies one page; `also` is written with its results (the resume point). Throws what stopped it (Google down). */
export async function applyPage(job: PullJob, people: readonly Person[], also?: (tx: Stores) => Promise<void>): Promise<void> {
  const out = new BatchOutcome(job);
  const candidates: ImportCandidate[] = [];
  let failure: unknown = null;
  try {
    const seen = await decide(job, people);
    const updates: UpdateItem[] = [];
    const fresh: Person[] = [];
    const copies: RemovalItem[] = [];
    for (const item of seen) await act(job, item, out, { updates, fresh, copies });
    updates.push(...(await linkNew(job, fresh, out, candidates)));
    const changes = new MembershipChanges();
    await pushUpdates(job, updates, changes, out);
    await withdrawCopies(job, copies, changes, out);
    await changes.apply(job.gateway);
    out.settle();
    await settleGone(job, out, false);
  } catch (e) {
    failure = e;
  }
  const names = people.map((p) => p.resourceName!);
  // A page that failed part-way keeps its resume point where it was: it is applied again, and what was done is a no-op then.
  await out.commit([], failure, async (tx) => {
    await tx.candidates.replace(job.account.id, names, candidates);
    if (!failure) await also?.(tx);
  });
  if (failure) throw failure;
}

async function decide(job: PullJob, people: readonly Person[]): Promise<Seen[]> {
  const { sync, account, settings } = job;
  for (const person of people) if (!person.metadata?.deleted) for (const name of person.metadata?.previousResourceNames ?? []) job.renamed.set(name, person.resourceName!);
  const survivors = people.filter((p) => p.metadata?.deleted).map((p) => job.renamed.get(p.resourceName!)).filter((n): n is string => n !== undefined);
  const byName = await sync.stores.links.byResourceNames(account.id, [...people.flatMap((p) => [p.resourceName!, ...(p.metadata?.previousResourceNames ?? [])]), ...survivors]);
  const linkByName = (p: Person) => [p.resourceName!, ...(p.metadata?.previousResourceNames ?? [])].map((n) => byName.get(n)).find((l) => l !== undefined) ?? null;
  const context = { ...settings.compare, instance: settings.instance, containerGroup: job.containerGroup };
  const bases = new Map(people.map((p) => [p, personState(p, context)]));
  const ourIds = people.filter((p) => linkByName(p) === null).map((p) => bases.get(p)!.ourContactId).filter((id): id is number => id !== null);
  const byContact = await sync.stores.links.forContacts(account.id, ourIds);
  const links = new Map([...byName.values()].map((l) => [l.contactId, l]));
  for (const [id, l] of byContact) links.set(id, l);
  const states = new Map((await loadStates(sync, account, settings, [...new Set([...links.keys(), ...ourIds])], links)).map((s) => [s.contactId, s]));
  return people.map((person) => {
    const base = bases.get(person)!;
    const link = linkByName(person) ?? (base.ourContactId === null ? null : (byContact.get(base.ourContactId) ?? null));
    const contactId = link?.contactId ?? base.ourContactId;
    const state = contactId === null ? null : (states.get(contactId) ?? null);
    // Read with the linked contact's third party, as the push hashed it: its items are the CRM's, not the person's.
    const card = base.deleted ? null : personToCard(person, { thirdPartyName: state?.thirdParty?.name ?? null });
    const crmHash = state?.card && state.scope?.inScope ? hashCard(state.card, settings.compare) : null;
    const action = decidePull({
      link: link && { contactId: link.contactId, resourceName: link.resourceName, crmHash: link.crmHash, googleHash: link.googleHash },
      person: { ...base, googleHash: card && hashCard(card, settings.compare) },
      crmHash,
      crmPrivate: state?.scope?.inScope === false && state.scope.reason === 'private',
      settings: { googleDeletePolicy: settings.googleDeletePolicy, autoImportContainer: autoImports(job) },
      renamed: base.deleted && livesOn(job, base.resourceName, byName),
    });
    return { person, link, state, action };
  });
}

/** What the page's actions gather for later steps: updates to merge, people new to the account, private copies. */
interface Gathered {
  updates: UpdateItem[];
  fresh: Person[];
  copies: RemovalItem[];
}

async function act(job: PullJob, { person, link, state, action }: Seen, out: BatchOutcome, { updates, fresh, copies }: Gathered): Promise<void> {
  if (state?.error) {
    out.fail(state.contactId, state.error);
    return;
  }
  switch (action.kind) {
    case 'none':
      if (action.reason === 'unchanged' && link && link.resourceName !== person.resourceName) {
        // Google gave the person a new resource name: only the link learns it.
        out.linked.set(link.contactId, { ...link, resourceName: person.resourceName!, etag: person.etag ?? '', crmHash: link.crmHash!, googleHash: link.googleHash!, baseCard: link.baseCard!, state: link.state === 'conflict' ? 'conflict' : 'linked' });
      }
      if (state) out.finish(state.contactId, action.reason === 'unchanged' ? 'unchanged' : 'skipped');
      else count(job.counts, 'skipped');
      return;
    case 'update-crm':
    case 'update-google':
    case 'merge':
      updates.push({ state: state!, current: person });
      return;
    case 'google-deleted':
      await googleDeleted(job, state!, out, action.policy);
      return;
    case 'withdraw':
      out.requeued.add(action.contactId);
      out.finish(action.contactId, 'skipped');
      return;
    case 'withdraw-copy':
      copies.push({ state: state!, current: person, reason: 'private' });
      return;
    case 'relink':
      job.matcher.claim(action.contactId);
      out.note(action.contactId, 'relinked', { resourceName: person.resourceName });
      count(job.counts, 'relinked');
      updates.push({ state: { ...state!, link: linkTo(job, action.contactId, person, link) }, current: person });
      return;
    case 'duplicate':
    case 'orphan':
      out.note(action.contactId, action.kind, { resourceName: person.resourceName });
      count(job.counts, action.kind);
      return;
    case 'import-auto':
    case 'import-candidate':
      fresh.push(person);
  }
}

/**
 * People carrying our id of a private contact that no link holds: deleted (after the backup) when the module
 * created them, else stripped of what it added — as the push withdraws a linked one. Their contact has no link
 * to lose (or only one waiting for its create, which this settles).
 */
async function withdrawCopies(job: PullJob, copies: readonly RemovalItem[], changes: MembershipChanges, out: BatchOutcome): Promise<void> {
  const created = (item: RemovalItem) => isCreatedByModule(item.current, null, job.settings.instance);
  await pushDeletes(job, copies.filter(created), out);
  await pushStrips(job, copies.filter((item) => !created(item)), changes, out);
}

/**
 * The link a person gets when it is (re)linked: an earlier one's uid and base are kept (a lost create's base is the
 * card it sent). The person's own uid is kept only when it is ours for this contact (a lost create relinked): one
 * from another CRM, or anything else in clientData, is Google data like any other (it may not even fit the column).
 */
function linkTo(job: AccountJob, contactId: number, person: Person, previous: Link | null): Link {
  const carried = readClientData(person);
  const ownUid = carried.instance === job.settings.instance && carried.contactId === contactId && carried.uid !== null && carried.uid.length <= 64 ? carried.uid : null;
  return {
    accountId: job.account.id,
    contactId,
    resourceName: person.resourceName!,
    etag: person.etag ?? null,
    clientUid: previous?.clientUid ?? ownUid ?? job.sync.uid(),
    crmHash: previous?.crmHash ?? null,
    googleHash: previous?.googleHash ?? null,
    baseCard: previous?.baseCard ?? null,
    state: 'linked',
    syncedAt: null,
  };
}

/** People new to the account: matched to a CRM contact, imported, or kept as candidates. Returns the updates that link them. */
async function linkNew(job: PullJob, people: readonly Person[], out: BatchOutcome, candidates: ImportCandidate[]): Promise<UpdateItem[]> {
  const toLink = new Map<number, Person>();
  for (const person of people) {
    const card = personToCard(person);
    const inContainer = job.containerGroup !== null && isInGroup(person, job.containerGroup);
    const candidate = (reason: ImportCandidate['reason'], contactIds: number[] = []): ImportCandidate => ({
      accountId: job.account.id, resourceName: person.resourceName!, displayName: displayName(card, person), inContainer, inMyContacts: isInGroup(person, MY_CONTACTS), reason, contactIds, card,
    });
    const match = await job.matcher.match(card);
    if (match.kind === 'matched') {
      job.matcher.claim(match.contactId);
      toLink.set(match.contactId, person);
      out.note(match.contactId, 'linked', { resourceName: person.resourceName, by: match.by, ...(match.sharingEmail.length > 0 ? { sharingEmail: match.sharingEmail } : {}) });
      count(job.counts, 'linked');
    } else if (match.kind === 'already-linked') {
      out.note(match.contactId, 'duplicate', { resourceName: person.resourceName, by: match.by });
      count(job.counts, 'duplicate');
    } else if (match.kind === 'ambiguous') {
      candidates.push(candidate('ambiguous', match.contactIds));
      count(job.counts, 'ambiguous');
    } else {
      const imported = inContainer && autoImports(job) && !(await job.matcher.isKeptOut(card)) ? await importPerson(job, person, card, out) : null;
      if (imported !== null) toLink.set(imported, person);
      else {
        candidates.push(candidate('new'));
        count(job.counts, 'candidate');
      }
    }
  }
  return linkUpdates(job, toLink, out);
}

/**
 * The updates that link people to CRM contacts (matched, imported, or chosen on the Import page): each takes the
 * push's update path with no base, so Google gets our clientData and groups and the next pulls find them by link.
 */
export async function linkUpdates(job: AccountJob, toLink: ReadonlyMap<number, Person>, out: BatchOutcome): Promise<UpdateItem[]> {
  if (toLink.size === 0) return [];
  const states = await loadStates(job.sync, job.account, job.settings, [...toLink.keys()], await job.sync.stores.links.forContacts(job.account.id, [...toLink.keys()]));
  return states.flatMap((state) => {
    const person = toLink.get(state.contactId)!;
    if (state.error) {
      out.fail(state.contactId, state.error);
      return [];
    }
    return [{ state: { ...state, link: linkTo(job, state.contactId, person, state.link?.state === 'unlinked' ? null : state.link) }, current: person }];
  });
}

/**
 * Whether the container's new people become CRM contacts. Not for a sales rep's account: an imported contact has
 * no third party yet, so it would be outside that rep's scope and the next push would take it out of the group
 * the phone user put it in — the Import page, which assigns the third party, is the way there.
 */
function autoImports(job: PullJob): boolean {
  return job.settings.autoImportContainer && job.account.scope.kind === 'all';
}

/**
 * A phone user's new contact in the container group, as a CRM contact. Its link is written at once, before
 * anything else can fail: a pull that dies after the create then finds the person linked instead of importing it
 * a second time.
 */
async function importPerson(job: PullJob, person: Person, card: Card, out: BatchOutcome): Promise<number | null> {
  let input;
  try {
    input = cardToNewContact(card);
  } catch (e) {
    if (!isGContactsError(e, 'BAD_INPUT')) throw e;
    return null; // nothing to call it in the CRM: left to the Import page
  }
  let contact;
  try {
    contact = await createLinked(job, person, card, input, { origin: 'gcontacts' });
  } catch (e) {
    // A value the CRM's rules refuse (a note longer than it takes, a phone it cannot read): thrown, it would fail
    // the page at every pull and hold the account's pull up for good. A person on the Import page can fix it.
    if ((e as { code?: string } | null)?.code !== 'BAD_INPUT') throw e;
    job.sync.host.log.warn('gcontacts: the CRM refused a contact from the container group; it waits on the Import page', { account: job.account.email, resourceName: person.resourceName, error: (e as Error).message });
    return null;
  }
  job.matcher.claim(contact.id);
  out.finish(contact.id, 'imported', { resourceName: person.resourceName });
  // Counted as created: the write that then gives Google our clientData is part of the import.
  out.counted.add(contact.id);
  return contact.id;
}

/**
 * A CRM contact made from a Google person, linked to it at once, before anything else can fail: a run that dies
 * after the create then finds the person linked instead of importing it a second time, and a push that runs
 * meanwhile finds the link instead of creating a second Google contact.
 */
export async function createLinked(job: AccountJob, person: Person, card: Card, input: ContactInput & { lastname: string }, options: WriteOptions): Promise<CrmContact> {
  const contact = await job.sync.host.contacts.create(input, options);
  const crmCard = contactToCard(contact, null);
  const { compare } = job.settings;
  await job.sync.stores.links.saveLinked(job.account.id, [{
    contactId: contact.id, resourceName: person.resourceName!, etag: person.etag ?? '', clientUid: job.sync.uid(),
    crmHash: hashCard(crmCard, compare), googleHash: hashCard(card, compare), baseCard: crmCard, state: 'linked',
  }]);
  return contact;
}

/** How the Import page lists a candidate: its name, else what identifies it. */
export function displayName(card: Card, person: Person): string {
  const name = [card.givenName, card.familyName].filter(Boolean).join(' ');
  return name || card.emailWork || card.emailHome || card.phoneMobile || card.phoneWork || card.phoneHome || person.resourceName!;
}
