/**
 * The first pass of a pull: what the listing would take away from the account, before anything is applied, so the
 * mass-deletion guard can stop the pull while it has changed nothing. Removals are linked people the listing says
 * were deleted (incremental) or no longer lists at all (full). A listing of one page — the usual incremental pull —
 * is kept and applied as it is, without a second request; a longer one is walked again to be applied.
 */
import type { Person } from '../google/gateway';
import { livesOn, type PullJob } from './pull-page';
import { listPage, type Checkpoint } from './pull-listing';

export interface Scan {
  people: number;
  /** Contact ids of the links the listing removes. */
  removals: number[];
  /** The listing when it was a single page: applied as it is. */
  onlyPage: { people: Person[]; nextSyncToken: string | null } | null;
}

export async function scanListing(job: PullJob, at: Checkpoint): Promise<Scan> {
  const seen = new Set<string>();
  const deleted: string[] = [];
  let people = 0;
  let pageToken: string | null = null;
  let first = true;
  let onlyPage: Scan['onlyPage'] = null;
  do {
    const page = await listPage(job, at, pageToken);
    people += page.people.length;
    for (const person of page.people) {
      const names = [person.resourceName!, ...(person.metadata?.previousResourceNames ?? [])];
      if (person.metadata?.deleted) deleted.push(...names);
      else {
        for (const name of person.metadata?.previousResourceNames ?? []) job.renamed.set(name, person.resourceName!);
        if (at.mode === 'full') for (const name of names) seen.add(name);
      }
    }
    if (first && !page.nextPageToken) onlyPage = { people: page.people, nextSyncToken: page.nextSyncToken };
    first = false;
    pageToken = page.nextPageToken;
  } while (pageToken);
  const removals = at.mode === 'full' ? await unlisted(job, seen) : await linkedAmong(job, deleted);
  return { people, removals, onlyPage };
}

/** Links to deleted names, but for a name a live person carries on (renamed, merged): that is no removal. */
async function linkedAmong(job: PullJob, resourceNames: readonly string[]): Promise<number[]> {
  const survivors = resourceNames.map((name) => job.renamed.get(name)).filter((n): n is string => n !== undefined);
  const links = await job.sync.stores.links.byResourceNames(job.account.id, [...resourceNames, ...survivors]);
  const removed = resourceNames.filter((name) => !livesOn(job, name, links)).map((name) => links.get(name));
  return [...new Set(removed.filter((l) => l !== undefined && (l.state === 'linked' || l.state === 'conflict')).map((l) => l!.contactId))];
}

/** Links to a person a full listing did not bring: Google no longer has it. */
async function unlisted(job: PullJob, seen: ReadonlySet<string>): Promise<number[]> {
  const out: number[] = [];
  for (let after = 0; ; ) {
    const page = await job.sync.stores.links.page(job.account.id, after, 1000);
    if (page.length === 0) break;
    for (const link of page) {
      if ((link.state === 'linked' || link.state === 'conflict') && link.resourceName && !seen.has(link.resourceName)) out.push(link.contactId);
    }
    after = page[page.length - 1]!.contactId;
  }
  return out;
}
