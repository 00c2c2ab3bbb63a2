/**
 * Import candidates (sql/003_pull): Google contacts of an account that are not in the CRM, for the Import page.
 * `reason` says why a person is here: 'new' (nothing in the CRM fits it) or 'ambiguous' (several CRM contacts fit,
 * `contactIds` names them: a person decides, the pull never guesses).
 */
import type { Card } from '../core/card';
import { chunks, parseJson, toBool, type StoreContext } from './db';

export type CandidateReason = 'new' | 'ambiguous';

export interface ImportCandidate {
  accountId: number;
  resourceName: string;
  displayName: string;
  inContainer: boolean;
  reason: CandidateReason;
  contactIds: number[];
  card: Card;
}

export interface CandidateStore {
  /** Stores the candidates of one page and drops the page's other people (linked, deleted, imported meanwhile). */
  replace(accountId: number, pageResourceNames: readonly string[], candidates: readonly ImportCandidate[]): Promise<void>;
  /** Candidates in display-name order after `after` (keyset: the last row's name and resource name). */
  list(accountId: number, options: { limit: number; after?: { displayName: string; resourceName: string } }): Promise<ImportCandidate[]>;
  count(accountId: number): Promise<number>;
}

const T = 'gcontacts_import_candidate';

function fromRow(row: Record<string, unknown>): ImportCandidate {
  return {
    accountId: Number(row.account_id),
    resourceName: String(row.resource_name),
    displayName: String(row.display_name),
    inContainer: toBool(row.in_container),
    reason: row.reason as CandidateReason,
    contactIds: parseJson<number[]>(row.contact_ids) ?? [],
    card: parseJson<Card>(row.card)!,
  };
}

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
          reason: c.reason,
          contact_ids: JSON.stringify(c.contactIds),
          card: JSON.stringify(c.card),
          seen_at: now,
        }));
        await db(T).insert(rows).onConflict(['account_id', 'resource_name']).merge();
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
  };
}
