/**
 * What the Import page shows, built from the stores and the host: one page of candidates with their likely CRM
 * duplicates (scored in memory, core/duplicates.ts), the choices offered, and the outcome of the import run the
 * page came back from. Text only: the EJS view escapes all of it (Google names are hostile input).
 */
import type { Request } from 'express';
import { preselectedLink, suggestLastName, type DuplicateIndex, type DuplicateReason } from '../core/duplicates';
import type { CrmUser, Host } from '../host-contract';
import type { Account } from '../store/accounts';
import type { CandidateGroup, StoredCandidate } from '../store/candidates';
import type { SyncContext } from '../sync/context';
import { ROW_ACTIONS, type RowError } from '../sync/import';
import type { SyncSettings } from '../sync/settings';
import { rowKey } from './import-form';
import { candidateQuery, GROUPS, pageUrl, RESULTS_PARAM, type PageFilters } from './import-filters';

export interface DuplicateView {
  id: number;
  name: string;
  score: number;
  reasons: DuplicateReason[];
}

export interface RowView {
  index: number;
  key: string;
  name: string;
  emails: string[];
  phones: string[];
  organisation: string | null;
  account: string;
  group: string;
  added: string;
  hasLastName: boolean;
  suggestedLastName: string;
  duplicates: DuplicateView[];
  preselected: number | null;
  /** A third party named exactly like the person's organisation: offered (and chosen) instead of a new one. */
  sameNameThirdParty: { id: number; name: string } | null;
  error: RowError | null;
}

export interface RunView {
  status: string;
  done: number;
  total: number;
  created: number;
  linked: number;
  failed: number;
  failures: { name: string; error: RowError }[];
  left: number;
}

interface PageInput {
  user: CrmUser;
  accounts: Account[];
  settings: SyncSettings;
  filters: PageFilters;
  index: DuplicateIndex;
  pageSize: number;
}

export async function importPage(host: Host, sync: SyncContext, req: Request, input: PageInput) {
  const { user, accounts, settings, filters, index, pageSize } = input;
  const locale = host.ui.locale(req);
  const t = (key: string, params?: Record<string, string | number>) => host.i18n.t(locale, key, params);
  const { items, total } = await sync.stores.candidates.page(candidateQuery(filters, accounts, (filters.page - 1) * pageSize, pageSize));
  const run = await runView(sync, req, user.id);
  const errors = new Map((run?.rows ?? []).map((r) => [r.key, r.error]));

  const found = items.map((c) => index.find(c.card, user.id));
  const shownIds = [...new Set(found.flat().map((d) => d.contactId))];
  // Read, not trusted from the index: a contact deleted since the index last saw it is not offered.
  const names = new Map((await host.contacts.getMany(shownIds)).map((c) => [c.id, [c.firstname, c.lastname].filter(Boolean).join(' ')]));
  const sameName = await thirdPartiesNamed(host, items.map((c) => c.card.organisation));
  const accountLabel = new Map(accounts.map((a) => [a.id, a.importOnly ? t('import.account.import_only', { email: a.email }) : a.email]));
  const groupLabel = (g: CandidateGroup) => (g === 'container' ? t('import.group.container', { name: settings.groups.container }) : t(`import.group.${g}`));

  const rows: RowView[] = items.map((c, i) => {
    const duplicates = found[i]!.filter((d) => names.has(d.contactId)).map((d) => ({ id: d.contactId, name: names.get(d.contactId)!, score: Math.round(d.score * 100), reasons: d.reasons }));
    const key = rowKey(c.accountId, c.resourceName);
    return {
      index: i,
      key,
      name: c.displayName,
      emails: [c.card.emailWork, c.card.emailHome].filter((v): v is string => Boolean(v)),
      phones: [c.card.phoneMobile, c.card.phoneWork, c.card.phoneHome].filter((v): v is string => Boolean(v)),
      organisation: c.card.organisation,
      account: accountLabel.get(c.accountId) ?? '',
      group: groupLabel(c.group),
      added: c.firstSeenAt.slice(0, 10),
      hasLastName: c.hasLastName,
      suggestedLastName: c.hasLastName ? '' : (suggestLastName(c.card) ?? ''),
      duplicates,
      preselected: preselectedLink(found[i]!.filter((d) => names.has(d.contactId))),
      sameNameThirdParty: c.card.organisation ? (sameName.get(c.card.organisation.toLowerCase()) ?? null) : null,
      error: errors.get(key) ?? null,
    };
  });

  const [thirdParties, users] = await Promise.all([host.contacts.searchThirdParties('', 50), host.contacts.users()]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const left = Number(req.query.left);
  const error = typeof req.query.error === 'string' && ['nothing_selected', 'bad_choice'].includes(req.query.error) ? req.query.error : null;
  return {
    filters,
    rows,
    total,
    page: filters.page,
    pages,
    prevUrl: filters.page > 1 ? pageUrl(filters, { p: filters.page - 1 }) : null,
    nextUrl: filters.page < pages ? pageUrl(filters, { p: filters.page + 1 }) : null,
    accounts: accounts.map((a) => ({ id: a.id, label: accountLabel.get(a.id)! })),
    groups: GROUPS.map((g) => ({ id: g, label: groupLabel(g) })),
    thirdParties: thirdParties.map((tp) => ({ id: tp.id, name: tp.name })),
    salesReps: users.filter((u) => u.active).map((u) => ({ id: u.id, name: [u.firstname, u.lastname].filter(Boolean).join(' ') || u.login })),
    me: user.id,
    maxRows: await host.settings.get<number>('import_max_rows'),
    run: run && { ...run.view, id: run.id, left: Number.isSafeInteger(left) && left > 0 ? left : 0 },
    error,
  };
}

/** The third parties named exactly like these organisations (case aside), by lower-cased name: one query a page. */
async function thirdPartiesNamed(host: Host, organisations: (string | null)[]): Promise<Map<string, { id: number; name: string }>> {
  const wanted = [...new Set(organisations.filter((o): o is string => Boolean(o)))];
  const out = new Map<string, { id: number; name: string }>();
  for (const tp of await host.contacts.thirdPartiesByName(wanted)) if (!out.has(tp.name.toLowerCase())) out.set(tp.name.toLowerCase(), { id: tp.id, name: tp.name });
  return out;
}

/** The import run the page came back from (`?run=`), the importing user's own only. */
async function runView(sync: SyncContext, req: Request, userId: number) {
  const id = Number(req.query[RESULTS_PARAM]);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const run = await sync.stores.runs.get(id);
  if (!run || run.kind !== 'import' || run.userId !== userId) return null;
  const entries = await sync.stores.log.forRun(id, ROW_ACTIONS);
  const failedEntries = entries.filter((e) => e.action === 'import-failed' && e.accountId !== null);
  const rows = failedEntries.map((e) => ({ accountId: e.accountId!, resourceName: String(e.detail?.resourceName ?? ''), error: e.detail?.error as RowError }));
  const candidates = new Map<string, StoredCandidate>();
  for (const accountId of new Set(rows.map((r) => r.accountId))) {
    for (const c of await sync.stores.candidates.get(accountId, rows.filter((r) => r.accountId === accountId).map((r) => r.resourceName))) candidates.set(rowKey(accountId, c.resourceName), c);
  }
  const keyed = rows.map((r) => ({ key: rowKey(r.accountId, r.resourceName), error: r.error }));
  const view: Omit<RunView, 'left'> = {
    status: run.status,
    done: run.progressDone,
    total: run.progressTotal ?? 0,
    created: entries.filter((e) => e.action === 'import-created').length,
    linked: entries.filter((e) => e.action === 'import-linked').length,
    failed: failedEntries.length,
    failures: keyed.map((r) => ({ name: candidates.get(r.key)?.displayName ?? '', error: r.error })),
  };
  return { view, rows: keyed, id };
}
