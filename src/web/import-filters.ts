/** The Import page's filters (search, account, group, ignored, missing last name, page), read from its address. */
import type { Account } from '../store/accounts';
import type { CandidateGroup, CandidateQuery } from '../store/candidates';

/** The page's parameter naming the import run whose per-row results it shows (`run` follows the live operation). */
export const RESULTS_PARAM = 'results';

export interface PageFilters {
  q: string;
  accountId: number | null;
  group: CandidateGroup | null;
  ignored: boolean;
  missingLastName: boolean;
  page: number;
}

export const GROUPS: readonly CandidateGroup[] = ['container', 'myContacts', 'other'];

/** The accounts a user imports from: CRM-wide ones, and those of one sales rep for that rep only. */
export function accountsFor(accounts: readonly Account[], userId: number): Account[] {
  return accounts.filter((a) => a.scope.kind === 'all' || a.scope.userId === userId);
}

export function readFilters(query: Record<string, unknown>, accounts: readonly Account[]): PageFilters {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
  const account = Number(text('account'));
  const page = Number(text('p'));
  return {
    q: text('q').slice(0, 200),
    accountId: accounts.some((a) => a.id === account) ? account : null,
    group: GROUPS.includes(text('group') as CandidateGroup) ? (text('group') as CandidateGroup) : null,
    ignored: text('show') === 'ignored',
    missingLastName: text('missing') === '1',
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

export function candidateQuery(filters: PageFilters, accounts: readonly Account[], offset: number, limit: number): CandidateQuery {
  return {
    accountIds: filters.accountId === null ? accounts.map((a) => a.id) : [filters.accountId],
    ...(filters.q ? { search: filters.q } : {}),
    ...(filters.group ? { group: filters.group } : {}),
    ignored: filters.ignored,
    missingLastName: filters.missingLastName,
    offset,
    limit,
  };
}

/** The page's address with these filters (and extra parameters), for redirects and the pager. */
export function pageUrl(filters: PageFilters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.accountId !== null) params.set('account', String(filters.accountId));
  if (filters.group) params.set('group', filters.group);
  if (filters.ignored) params.set('show', 'ignored');
  if (filters.missingLastName) params.set('missing', '1');
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  const query = params.toString();
  return `/m/gcontacts/import${query ? `?${query}` : ''}`;
}

