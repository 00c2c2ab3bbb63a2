/**
 * Check synchro (issue 5 item 7): a read-only reconciliation report per connected Google account. Three streamed
 * passes feed core/check.ts — the account's links, Google's connections (a page of up to 1000 people at a time),
 * then the CRM's contacts (a page at a time, with their current scope and card, as the push reads them) — so
 * neither address book is ever held whole. It writes nothing but its own run (kind 'check'): no lease (it
 * changes nothing a push could race), no group is created or forgotten, no account is marked for reconnection.
 * A push running meanwhile may show as a passing difference; the next check tells.
 */
import { CheckTally, type ContactFacts, type Listed, type Reconciliation } from '../core/check';
import { isInGroup } from '../core/memberships';
import { ourContactId } from '../core/person-items';
import { personToCard } from '../core/person-read';
import type { CrmContact } from '../host-contract';
import { LIMITS } from '../google/gateway';
import type { Account, AccountStatus } from '../store/accounts';
import { knexCheckReads, type FailedRunItem, type OutboxItem } from '../store/check-reads';
import { openAccountJob, type AccountJob } from './account-job';
import { loadStates } from './batch-state';
import type { SyncContext } from './context';
import { contactPages } from './crm-pages';
import { PERSON_FIELDS } from './person-fields';
import { RunRecorder, type RunOptions } from './run-recorder';
import { readSettings } from './settings';

export interface CheckOptions extends Pick<RunOptions, 'trigger' | 'userId' | 'onProgress'> {
  /** Items kept per category (counts are always complete). Default 100. */
  limit?: number;
  /** People and contacts read per request. Default 1000, Google's maximum. */
  pageSize?: number;
}

export interface CheckReport {
  account: { id: number; email: string; status: AccountStatus; lastError: string | null };
  runId: number;
  status: 'done' | 'failed';
  /** Why the check stopped (Google unreachable, authorisation refused…). */
  error: string | null;
  /** The container group's resource name; null before the first push made it. */
  containerGroup: string | null;
  /** The CRM and Google compared; null when the check failed before the end. */
  compared: Reconciliation | null;
  pendingOutbox: Listed<OutboxItem>;
  failedOutbox: Listed<OutboxItem>;
  failedRuns: Listed<FailedRunItem>;
}

export const CHECK_DEFAULTS = { limit: 100, pageSize: LIMITS.pageSize } as const;
const LINK_PAGE = 1000;

/** Checks every connected account, one after the other, those waiting for a reconnection included. */
export async function checkAccounts(sync: SyncContext, options: CheckOptions): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const account of await sync.stores.accounts.list()) reports.push(await checkAccount(sync, account, options));
  return reports;
}

export async function checkAccount(sync: SyncContext, account: Account, options: CheckOptions): Promise<CheckReport> {
  const limit = options.limit ?? CHECK_DEFAULTS.limit;
  const settings = await readSettings(sync.host);
  const reads = knexCheckReads({ db: sync.host.db, now: () => sync.host.clock.now().toISOString() });
  const container = (await sync.stores.groups.list(account.id)).find((group) => group.kind === 'container')?.resourceName ?? null;
  // What the database alone tells, reported even when Google cannot be read.
  const backlog = {
    pendingOutbox: await reads.pendingOutbox(account.id, limit),
    failedOutbox: await reads.failedOutbox(account.id, limit),
    failedRuns: await reads.failedRuns(account.id, limit),
  };
  const run = await RunRecorder.start(sync, 'check', account, options, null);
  const report: CheckReport = {
    account: { id: account.id, email: account.email, status: account.status, lastError: account.lastError },
    runId: run.id,
    status: 'done',
    error: null,
    containerGroup: container,
    compared: null,
    ...backlog,
  };
  let requests = () => 0;
  try {
    const job = await openAccountJob(sync, account, settings, run.id, run.counts);
    requests = () => job.gateway.requestCount;
    report.compared = await compare(job, run, container, limit, options.pageSize ?? CHECK_DEFAULTS.pageSize);
  } catch (e) {
    report.status = 'failed';
    report.error = e instanceof Error ? e.message : String(e);
  }
  Object.assign(run.counts, runCounts(report));
  await run.finish(report.status, report.error, requests());
  return report;
}

async function compare(job: AccountJob, run: RunRecorder, container: string | null, limit: number, pageSize: number): Promise<Reconciliation> {
  const { sync, account, settings } = job;
  const tally = new CheckTally(limit, settings.compare);
  for (let after = 0; ; ) {
    const page = await sync.stores.links.page(account.id, after, LINK_PAGE);
    if (page.length === 0) break;
    for (const { contactId, resourceName, state } of page) tally.addLink({ contactId, resourceName, state });
    after = page[page.length - 1]!.contactId;
  }
  // Read before the CRM, so the third party is not known yet: the person's items are recognised by the label the
  // module last wrote (clientData), which is the third party's name unless it was renamed since the last push.
  let pageToken: string | null = null;
  do {
    const page = await job.gateway.listConnections({ personFields: PERSON_FIELDS, pageSize, pageToken });
    for (const person of page.people) {
      const inContainer = container !== null && isInGroup(person, container);
      const name = person.names?.[0]?.displayName ?? '';
      const email = person.emailAddresses?.[0]?.value ?? null;
      tally.addPerson({ resourceName: person.resourceName!, name, email, card: personToCard(person), crmId: ourContactId(person, settings.instance), inContainer });
    }
    await run.progress(page.people.length);
    pageToken = page.nextPageToken;
  } while (pageToken);
  for await (const page of contactPages(sync.host, {}, pageSize)) {
    // Scope and card exactly as the push computes them (sync flags, sales reps, third party); it reads the page's
    // contacts again by id, one query a page, rather than computing scope a second way.
    for (const state of await loadStates(sync, account, settings, page.map((contact) => contact.id), new Map())) {
      if (state.contact) tally.addContact(contactFacts(state.contact, state.scope?.inScope ?? false, state));
    }
    await run.progress(page.length);
  }
  return tally.result();
}

function contactFacts(contact: CrmContact, inScope: boolean, mapped: Pick<ContactFacts, 'card' | 'error'>): ContactFacts {
  const name = [contact.firstname, contact.lastname].filter((part) => part).join(' ');
  return { contactId: contact.id, name, inScope, card: mapped.card, error: mapped.error };
}

/** The run's counts: every category's size. */
export function runCounts(report: CheckReport): Record<string, number> {
  const c = report.compared;
  const compared: Record<string, number> = c
    ? {
        crmContacts: c.crmContacts,
        crmInScope: c.crmInScope,
        googleContacts: c.googleContacts,
        links: c.links,
        inSync: c.inSync,
        different: c.different.count,
        onlyInCrm: c.onlyInCrm.count,
        onlyInGoogle: c.onlyInGoogle.count,
        orphanLinks: c.orphanLinks.count,
        duplicateEmails: c.duplicateEmails.count,
        sharedCrmIds: c.sharedCrmIds.count,
        invalid: c.invalid.count,
      }
    : {};
  return { ...compared, pendingOutbox: report.pendingOutbox.count, failedOutbox: report.failedOutbox.count, failedRuns: report.failedRuns.count };
}
