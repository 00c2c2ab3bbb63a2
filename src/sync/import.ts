/**
 * "Import selected" on the Import page (issue 11): each chosen Google person becomes a CRM contact (made through
 * the host contract, with the module's origin) or is linked to the CRM contact a person picked among its likely
 * duplicates; then the push's update path gives the Google person our clientData and groups (container group, the
 * rep's group, My Contacts per setting), exactly as for a person the pull links.
 *
 * Rules:
 * - A row whose CRM create fails is reported and its Google side is left untouched: the Google write comes after
 *   the create, and only for contacts the create made.
 * - Each main account's rows run holding that account's lease, so the every-minute push cannot create a second
 *   Google copy of a contact made here before its link is written (createLinked writes it right after the create).
 * - An import-only account (read-only scope) is never written: its people become CRM contacts, the candidate row
 *   remembers which, and the normal push then brings them to the main accounts.
 * - A contact that will not belong to the account (private, sync flag off, another rep's) is created unlinked.
 * - One run takes at most `import_max_rows` rows; the rest is reported, never silently dropped.
 */
import { contactScope } from '../core/scope';
import { cardToNewContact } from '../core/crm-card';
import { personToCard } from '../core/person-read';
import type { Card } from '../core/card';
import { GContactsError, isGContactsError } from '../errors';
import type { ContactInput, CrmContact } from '../host-contract';
import { LIMITS, type Person } from '../google/gateway';
import type { Account } from '../store/accounts';
import type { StoredCandidate } from '../store/candidates';
import { chunks } from '../store/db';
import type { LogEntry } from '../store/log';
import type { RunCounts } from '../store/runs';
import { count, openAccountJob, type AccountJob } from './account-job';
import { BatchOutcome } from './batch-outcome';
import type { SyncContext } from './context';
import { withLease } from './lease';
import { MembershipChanges } from './membership-changes';
import { PERSON_FIELDS } from './person-fields';
import { createLinked, linkUpdates } from './pull-page';
import { pushUpdates } from './push-updates';
import { readSettings, type SyncSettings } from './settings';

export type ThirdPartyStatus = 'prospect' | 'customer' | 'supplier';

export type ThirdPartyChoice = { kind: 'none' } | { kind: 'new'; status: ThirdPartyStatus } | { kind: 'existing'; id: number };

export interface ImportRow {
  accountId: number;
  resourceName: string;
  action: { kind: 'create' } | { kind: 'link'; contactId: number };
  thirdParty: ThirdPartyChoice;
  salesRepId: number | null;
  private: boolean;
  syncFlag: boolean;
  /** The last name typed (or confirmed) on the page for a person who has none. */
  lastname: string | null;
}

/** Why a row failed, as a key of the module's lang files (shown translated on the page). */
export type RowError = 'gone' | 'needs_last_name' | 'crm_refused' | 'contact_gone' | 'already_linked' | 'out_of_scope' | 'google' | 'not_candidate';

/** Log actions of an import run: one entry per row. */
export const ROW_ACTIONS = ['import-created', 'import-linked', 'import-failed'] as const;

class RowFailure extends Error {
  constructor(readonly reason: RowError) {
    super(reason);
  }
}

interface RunState {
  sync: SyncContext;
  runId: number;
  userId: number;
  settings: SyncSettings;
  counts: RunCounts;
  done: number;
  total: number;
  log: LogEntry[];
  /** New third parties made in this run, by name: two people of one company share one. */
  madeThirdParties: Map<string, number>;
  onProgress: ((done: number, total: number) => void) | undefined;
}

/** Records the run; the caller awaits `runImport` or lets it go on in the background. */
export async function startImport(sync: SyncContext, userId: number, total: number): Promise<number> {
  return sync.stores.runs.start({ accountId: null, kind: 'import', trigger: 'web', userId, total });
}

/** Runs the import; `onProgress` hears after each batch. Resolves with the run's counts. */
export async function runImport(sync: SyncContext, runId: number, userId: number, rows: readonly ImportRow[], onProgress?: (done: number, total: number) => void): Promise<RunCounts> {
  const state: RunState = { sync, runId, userId, settings: await readSettings(sync.host), counts: {}, done: 0, total: rows.length, log: [], madeThirdParties: new Map(), onProgress };
  let error: string | null = null;
  try {
    const byAccount = new Map<number, ImportRow[]>();
    for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);
    for (const [accountId, accountRows] of byAccount) {
      const account = await sync.stores.accounts.get(accountId);
      if (!account) {
        await failRows(state, accountRows, 'not_candidate');
        continue;
      }
      if (account.importOnly) await importFromReadOnly(state, account, accountRows);
      else {
        const ran = await withLease(sync, account, true, () => importIntoAccount(state, account, accountRows));
        if (ran === 'busy') await failRows(state, accountRows, 'google');
      }
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    sync.host.log.error('gcontacts: an import run stopped', { run: runId, error });
  }
  await sync.stores.runs.finish(runId, error ? 'failed' : 'done', state.counts, error);
  if (error) throw new GContactsError('INTERNAL', error);
  return state.counts;
}

async function failRows(state: RunState, rows: readonly ImportRow[], reason: RowError): Promise<void> {
  for (const row of rows) note(state, row, null, 'import-failed', reason);
  await progress(state, rows.length);
}

function note(state: RunState, row: ImportRow, contactId: number | null, action: (typeof ROW_ACTIONS)[number], error?: RowError): void {
  state.log.push({ accountId: row.accountId, contactId, runId: state.runId, action, detail: { resourceName: row.resourceName, ...(error ? { error } : {}) } });
  count(state.counts, action === 'import-failed' ? 'notImported' : action === 'import-linked' ? 'linkedToContact' : 'imported');
}

async function progress(state: RunState, n: number): Promise<void> {
  state.done += n;
  const entries = state.log.splice(0);
  await state.sync.stores.log.add(entries);
  await state.sync.stores.runs.progress(state.runId, state.done, state.total, state.counts);
  state.onProgress?.(state.done, state.total);
}

/** An import-only account: CRM contacts only, from the cards read when the page opened. Google is never written. */
async function importFromReadOnly(state: RunState, account: Account, rows: readonly ImportRow[]): Promise<void> {
  for (const part of chunks(rows, LIMITS.batchGet)) {
    const candidates = new Map((await state.sync.stores.candidates.get(account.id, part.map((r) => r.resourceName))).map((c) => [c.resourceName, c]));
    for (const row of part) {
      const candidate = candidates.get(row.resourceName);
      try {
        if (!candidate || candidate.importedContactId !== null) throw new RowFailure('not_candidate');
        const contactId = row.action.kind === 'link' ? (await existingContact(state, row.action.contactId)).id : (await createContact(state, row, candidate.card)).id;
        await state.sync.stores.candidates.markImported(account.id, row.resourceName, contactId);
        note(state, row, contactId, row.action.kind === 'link' ? 'import-linked' : 'import-created');
      } catch (e) {
        note(state, row, null, 'import-failed', rowError(e));
      }
    }
    await progress(state, part.length);
  }
}

/** A main account: creates and links, then Google gets our clientData and groups through the push's update path. */
async function importIntoAccount(state: RunState, account: Account, rows: readonly ImportRow[]): Promise<void> {
  const job = await openAccountJob(state.sync, account, state.settings, state.runId, {});
  for (const part of chunks(rows, LIMITS.batchGet)) {
    const candidates = new Map((await state.sync.stores.candidates.get(account.id, part.map((r) => r.resourceName))).map((c) => [c.resourceName, c]));
    let people: Map<string, Person | null>;
    try {
      people = await job.gateway.batchGet(part.map((r) => r.resourceName), PERSON_FIELDS);
    } catch (e) {
      // Google unreachable: nothing was created, so nothing is half done; each row says so.
      state.sync.host.log.warn('gcontacts: import could not read Google', { account: account.email, error: (e as Error).message });
      await failRows(state, part, 'google');
      continue;
    }
    const out = new BatchOutcome(job);
    const toLink = new Map<number, Person>();
    const rowOf = new Map<number, ImportRow>();
    for (const row of part) {
      const person = people.get(row.resourceName) ?? null;
      try {
        const contactId = await importRow(state, job, row, candidates.get(row.resourceName), person);
        if (contactId === null) continue;
        toLink.set(contactId, person!);
        rowOf.set(contactId, row);
      } catch (e) {
        note(state, row, null, 'import-failed', rowError(e));
      }
    }
    await linkRows(state, job, out, toLink, rowOf);
    await progress(state, part.length);
  }
}

/** One row of a main account: the contact to link, or null when it is done already (created unlinked). */
async function importRow(state: RunState, job: AccountJob, row: ImportRow, candidate: StoredCandidate | undefined, person: Person | null): Promise<number | null> {
  if (!candidate || candidate.importedContactId !== null) throw new RowFailure('not_candidate');
  if (!person) throw new RowFailure('gone');
  const { stores } = state.sync;
  if (row.action.kind === 'link') {
    const contact = await existingContact(state, row.action.contactId);
    const link = (await stores.links.forContacts(job.account.id, [contact.id])).get(contact.id);
    if (link && link.state !== 'unlinked') throw new RowFailure('already_linked');
    return contact.id;
  }
  const card = personToCard(person);
  if (!(await belongsToAccount(state, job.account, row))) {
    const contact = await createContact(state, row, card);
    await stores.candidates.markImported(job.account.id, row.resourceName, contact.id);
    note(state, row, contact.id, 'import-created');
    return null;
  }
  return (await createContact(state, row, card, (input) => createLinked(job, person, card, input, { origin: 'gcontacts', actorId: state.userId }))).id;
}

/**
 * Links the batch's contacts and writes Google. When Google fails part-way the contacts created here stay created
 * and linked (the next push or pull finishes their Google side); a link to an existing contact is reported failed.
 */
async function linkRows(state: RunState, job: AccountJob, out: BatchOutcome, toLink: Map<number, Person>, rowOf: Map<number, ImportRow>): Promise<void> {
  let failure: unknown = null;
  const kept = new Set<number>();
  try {
    const items = await linkUpdates(job, toLink, out);
    // A contact picked as the duplicate must belong to this account, or the push would take the person out again.
    for (const item of items) if (item.state.scope?.inScope) kept.add(item.state.contactId);
    const changes = new MembershipChanges();
    await pushUpdates(job, items.filter((item) => kept.has(item.state.contactId)), changes, out);
    await changes.apply(job.gateway);
    out.settle();
  } catch (e) {
    failure = e;
    state.sync.host.log.warn('gcontacts: import could not write Google; the push finishes the contacts it created', { account: job.account.email, error: (e as Error).message });
  }
  const done = (contactId: number, row: ImportRow) => (failure === null ? kept.has(contactId) : row.action.kind === 'create');
  await out.commit([], failure, async (tx) => {
    for (const [contactId, row] of rowOf) if (done(contactId, row)) await tx.candidates.markImported(row.accountId, row.resourceName, contactId);
  });
  for (const [contactId, row] of rowOf) {
    if (done(contactId, row)) note(state, row, contactId, row.action.kind === 'link' ? 'import-linked' : 'import-created');
    else note(state, row, null, 'import-failed', failure === null ? 'out_of_scope' : 'google');
  }
}

async function existingContact(state: RunState, contactId: number): Promise<CrmContact> {
  const contact = await state.sync.host.contacts.get(contactId);
  // A private contact of someone else is not offered as a duplicate; one sent anyway is as good as missing.
  if (!contact || (contact.private && contact.createdBy !== state.userId)) throw new RowFailure('contact_gone');
  return contact;
}

/** Whether the contact made from this row will belong to the account (and so be linked in it). */
async function belongsToAccount(state: RunState, account: Account, row: ImportRow): Promise<boolean> {
  if (account.scope.kind === 'salesrep' && row.thirdParty.kind === 'none') return false;
  const reps = row.thirdParty.kind === 'existing' ? (await state.sync.host.contacts.salesReps(row.thirdParty.id)).map((u) => u.id) : [];
  if (row.salesRepId !== null) reps.push(row.salesRepId);
  return contactScope({ private: row.private, status: 1 }, { account: account.scope, syncFlag: row.syncFlag, defaultSyncFlag: state.settings.defaultSyncFlag, salesRepIds: reps }).inScope;
}

/** The CRM contact of a row: its third party first (new or existing, with the chosen sales rep), then the contact. */
async function createContact(
  state: RunState,
  row: ImportRow,
  card: Card,
  create: (input: ContactInput & { lastname: string }) => Promise<CrmContact> = (input) => state.sync.host.contacts.create(input, { origin: 'gcontacts', actorId: state.userId }),
): Promise<CrmContact> {
  const lastname = row.lastname?.trim() || card.familyName;
  if (!lastname) throw new RowFailure('needs_last_name');
  const input = { ...cardToNewContact({ ...card, familyName: lastname }), private: row.private, thirdPartyId: await thirdPartyOf(state, row, card) };
  const contact = await create(input);
  if (row.syncFlag !== state.settings.defaultSyncFlag) await state.sync.stores.flags.set(contact.id, row.syncFlag, state.userId);
  return contact;
}

async function thirdPartyOf(state: RunState, row: ImportRow, card: Card): Promise<number | null> {
  const { contacts } = state.sync.host;
  const choice = row.thirdParty;
  if (choice.kind === 'none') return null;
  let id: number;
  if (choice.kind === 'existing') {
    const found = await contacts.thirdParty(choice.id);
    if (!found) throw new RowFailure('crm_refused');
    id = found.id;
  } else {
    const name = card.organisation;
    if (!name) return null;
    const made = state.madeThirdParties.get(name);
    if (made !== undefined) id = made;
    else {
      id = (await contacts.createThirdParty({ name, prospect: choice.status === 'prospect', client: choice.status === 'customer', supplier: choice.status === 'supplier' }, { origin: 'gcontacts', actorId: state.userId })).id;
      state.madeThirdParties.set(name, id);
    }
  }
  if (row.salesRepId !== null) {
    const reps = (await contacts.salesReps(id)).map((u) => u.id);
    if (!reps.includes(row.salesRepId)) await contacts.setSalesReps(id, [...reps, row.salesRepId], { origin: 'gcontacts', actorId: state.userId });
  }
  return id;
}

/** A row's failure; anything else (the database gone) stops the run. */
function rowError(e: unknown): RowError {
  if (e instanceof RowFailure) return e.reason;
  if (isGContactsError(e)) return e.code === 'BAD_INPUT' ? 'crm_refused' : 'google';
  // The CRM's own rules (a field too long, a value it cannot read, a user gone): the row can be fixed and tried again.
  if (typeof (e as { code?: unknown } | null)?.code === 'string') return 'crm_refused';
  throw e;
}
