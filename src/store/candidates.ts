/**
 * Import candidates (sql/003_pull, sql/005_import_page): Google contacts of an account that are not in the CRM, for
 * the Import page. `reason` says why a person is here: 'new' (nothing in the CRM fits it) or 'ambiguous' (several
 * CRM contacts fit, `contactIds` names them: a person decides, the pull never guesses).
 *
 * The page pages, searches and filters here, on the server: searched text is kept lower-cased and without accents
 * in its own column, so 10,000 candidates never come back to the process to be filtered.
 */
import type { Card } from '../core/card';
import { chunks, parseJson, toBool, type StoreContext } from './db';

export type CandidateReason = 'new' | 'ambiguous';
export type CandidateGroup = 'container' | 'myContacts' | 'other';

export interface ImportCandidate {
  accountId: number;
  resourceName: string;
  displayName: string;
  inContainer: boolean;
  /** In Google's "My Contacts" (and not in the container group). */
  inMyContacts?: boolean;
  reason: CandidateReason;
  contactIds: number[];
  card: Card;
}

/** A candidate as the Import page lists it, with the marks a person set on it. */
export interface StoredCandidate extends ImportCandidate {
  group: CandidateGroup;
  hasLastName: boolean;
  ignored: boolean;
  importedContactId: number | null;
  firstSeenAt: string;
}

export interface CandidateQuery {
  accountIds: readonly number[];
  /** Words that must all appear in the name, an email, a phone or the organisation. */
  search?: string;
  group?: CandidateGroup;
  /** Only the ignored ones (true) or only the others (false). */
  ignored: boolean;
  /** Only people without a last name. */
  missingLastName?: boolean;
  offset: number;
  limit: number;
}

export interface CandidateStore {
  /** Stores the candidates of one page and drops the page's other people (linked, deleted, imported meanwhile). */
  replace(accountId: number, pageResourceNames: readonly string[], candidates: readonly ImportCandidate[]): Promise<void>;
  /** Candidates in display-name order after `after` (keyset: the last row's name and resource name). */
  list(accountId: number, options: { limit: number; after?: { displayName: string; resourceName: string } }): Promise<ImportCandidate[]>;
  count(accountId: number): Promise<number>;
  /** One page of the Import page, and how many match in all. Imported ones are never listed. */
  page(query: CandidateQuery): Promise<{ items: StoredCandidate[]; total: number }>;
  get(accountId: number, resourceNames: readonly string[]): Promise<StoredCandidate[]>;
  setIgnored(accountId: number, resourceNames: readonly string[], ignored: boolean): Promise<void>;
  markImported(accountId: number, resourceName: string, contactId: number): Promise<void>;
  /** Drops the account's candidates a full listing that started at `before` did not bring. */
  dropUnseen(accountId: number, before: string): Promise<void>;
}

const T = 'gcontacts_import_candidate';

/** Lower case, no accents: what the search column holds and what a search is compared in. */
export function searchable(value: string): string {
  return value.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

function searchText(c: ImportCandidate): string {
  const { card } = c;
  const values = [c.displayName, card.givenName, card.familyName, card.emailWork, card.emailHome, card.phoneWork, card.phoneHome, card.phoneMobile, card.organisation];
  return searchable(values.filter(Boolean).join(' '));
}

function groupOf(c: ImportCandidate): CandidateGroup {
  return c.inContainer ? 'container' : c.inMyContacts ? 'myContacts' : 'other';
}

function fromRow(row: Record<string, unknown>): StoredCandidate {
  const group = String(row.group_kind) as CandidateGroup;
  return {
    accountId: Number(row.account_id),
    resourceName: String(row.resource_name),
    displayName: String(row.display_name),
    inContainer: toBool(row.in_container),
    inMyContacts: group === 'myContacts',
    reason: row.reason as CandidateReason,
    contactIds: parseJson<number[]>(row.contact_ids) ?? [],
    card: parseJson<Card>(row.card)!,
    group,
    hasLastName: toBool(row.has_last_name),
    ignored: toBool(row.ignored),
    importedContactId: row.imported_contact_id == null ? null : Number(row.imported_contact_id),
    firstSeenAt: String(row.first_seen_at ?? row.seen_at),
  };
}

/** LIKE wildcards typed by a person are literal text. */
const likeEscape = (word: string) => word.replace(/[!%_]/g, (ch) => `!${ch}`);

export function knexCandidateStore(ctx: StoreContext): CandidateStore {
  const { db } = ctx;
  return {
    async replace(accountId, pageResourceNames, candidates) {
      const kept = new Set(candidates.map((c) => c.resourceName));
      const gone = pageResourceNames.filter((name) => !kept.has(name));
      for (const names of chunks(gone)) await db(T).where('account_id', accountId).whereIn('resource_name', names).delete();
      const now = ctx.now();
      for (const part of chunks(candidates)) {
        const rows = part.map((c) => ({
          account_id: accountId,
          resource_name: c.resourceName,
          display_name: c.displayName.slice(0, 255),
          in_container: c.inContainer,
          group_kind: groupOf(c),
          has_last_name: c.card.familyName !== null,
          search_text: searchText(c),
          reason: c.reason,
          contact_ids: JSON.stringify(c.contactIds),
          card: JSON.stringify(c.card),
          seen_at: now,
          first_seen_at: now,
        }));
        // The marks a person set (ignored, imported) and when the person was first seen survive a refresh.
        const refreshed = ['display_name', 'in_container', 'group_kind', 'has_last_name', 'search_text', 'reason', 'contact_ids', 'card', 'seen_at'];
        await db(T).insert(rows).onConflict(['account_id', 'resource_name']).merge(refreshed);
      }
    },
    async list(accountId, { limit, after }) {
      const query = db(T).where('account_id', accountId);
      if (after) {
        query.andWhere((q) =>
          q.where('display_name', '>', after.displayName).orWhere((q2) => q2.where('display_name', after.displayName).andWhere('resource_name', '>', after.resourceName)),
        );
      }
      return (await query.orderBy(['display_name', 'resource_name']).limit(limit)).map(fromRow);
    },
    async count(accountId) {
      const row = await db(T).where('account_id', accountId).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async page(q) {
      const query = db(T).whereIn('account_id', [...q.accountIds]).where('ignored', q.ignored).whereNull('imported_contact_id');
      if (q.group) query.where('group_kind', q.group);
      if (q.missingLastName) query.where('has_last_name', false);
      for (const word of searchable(q.search ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
        query.whereRaw("search_text like ? escape '!'", [`%${likeEscape(word)}%`]);
      }
      const [row, rows] = await Promise.all([
        query.clone().count({ n: '*' }).first(),
        query.clone().orderBy(['display_name', 'resource_name']).offset(q.offset).limit(q.limit),
      ]);
      return { items: rows.map(fromRow), total: Number(row?.n ?? 0) };
    },
    async get(accountId, resourceNames) {
      const out: StoredCandidate[] = [];
      for (const names of chunks(resourceNames)) out.push(...(await db(T).where('account_id', accountId).whereIn('resource_name', names)).map(fromRow));
      return out;
    },
    async setIgnored(accountId, resourceNames, ignored) {
      for (const names of chunks(resourceNames)) await db(T).where('account_id', accountId).whereIn('resource_name', names).update({ ignored });
    },
    async dropUnseen(accountId, before) {
      await db(T).where('account_id', accountId).where('seen_at', '<', before).delete();
    },
    async markImported(accountId, resourceName, contactId) {
      await db(T).where({ account_id: accountId, resource_name: resourceName }).update({ imported_contact_id: contactId });
    },
  };
}
