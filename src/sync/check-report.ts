/**
 * A Check synchro report in words: the top N items of every non-empty category, each line through the lang files.
 * The CLI prints these lines; the Setup page shows the same sections, so both say the same thing.
 */
import type { Listed } from '../core/check';
import type { CheckReport } from './check';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export type CheckCategory = Exclude<keyof NonNullable<CheckReport['compared']>, 'crmContacts' | 'crmInScope' | 'googleContacts' | 'links' | 'inSync'> | 'pendingOutbox' | 'failedOutbox' | 'failedRuns';

export interface CheckSection {
  category: CheckCategory;
  /** "Different: 3" */
  title: string;
  /** The first `top` items, one line each. */
  lines: string[];
  /** How many items the lines leave out. */
  more: number;
}

/** Each category's lines, in the order a reader acts on them: differences first, the backlog and errors last. */
export function checkSections(report: CheckReport, t: Translate, top: number): CheckSection[] {
  const ids = (list: readonly number[]) => list.map((id) => `#${id}`).join(', ');
  const outbox = (item: CheckReport['pendingOutbox']['items'][number]) => t('check.item.outbox', { id: item.contactId, op: item.op, attempts: item.attempts, next: item.nextAttemptAt });
  const failed = (item: CheckReport['failedOutbox']['items'][number]) => `${outbox(item)} ${t('check.item.last_error', { error: item.lastError ?? '' })}`;
  const c = report.compared;
  const sections: CheckSection[] = [];
  const add = <T>(category: CheckCategory, listed: Listed<T> | undefined, line: (item: T) => string) => {
    if (!listed || listed.count === 0) return;
    const lines = listed.items.slice(0, top).map(line);
    sections.push({ category, title: t(`check.section.${category}`, { count: listed.count }), lines, more: listed.count - lines.length });
  };
  add('different', c?.different, (i) => {
    const fields = i.fields.map((field) => t(`check.field.${field}`)).join(', ');
    return t(i.state === 'conflict' ? 'check.item.different_conflict' : 'check.item.different', { id: i.contactId, name: i.name, resource: i.resourceName, fields });
  });
  add('onlyInCrm', c?.onlyInCrm, (i) => t('check.item.only_in_crm', { id: i.contactId, name: i.name, reason: t(`check.reason.${i.reason}`) }));
  add('onlyInGoogle', c?.onlyInGoogle, (i) => {
    const line = t('check.item.only_in_google', { resource: i.resourceName, name: i.name, email: i.email ?? '' }).trimEnd();
    return i.crmId === null ? line : `${line} ${t('check.item.carries_crm_id', { id: i.crmId })}`;
  });
  add('orphanLinks', c?.orphanLinks, (i) => t('check.item.orphan', { id: i.contactId, resource: i.resourceName ?? '—', reason: t(`check.reason.${i.reason}`) }));
  add('duplicateEmails', c?.duplicateEmails, (i) => t('check.item.duplicate_email', { email: i.email, ids: ids(i.contactIds) }));
  add('sharedCrmIds', c?.sharedCrmIds, (i) => t('check.item.shared_crm_id', { id: i.crmId, resources: i.resourceNames.join(', ') }));
  add('invalid', c?.invalid, (i) => t('check.item.invalid', { id: i.contactId, name: i.name, error: i.error }));
  add('pendingOutbox', report.pendingOutbox, outbox);
  add('failedOutbox', report.failedOutbox, failed);
  add('failedRuns', report.failedRuns, (i) => t('check.item.failed_run', { id: i.runId, kind: i.kind, started: i.startedAt, error: i.error ?? '' }));
  return sections;
}

/** The whole report as text lines: a header, the totals, then each section indented under its title. */
export function renderCheck(report: CheckReport, t: Translate, top: number): string[] {
  const { account } = report;
  const lines = [t('check.header', { email: account.email, run: report.runId })];
  if (account.status !== 'active' || account.lastError) lines.push(t('check.account_error', { status: account.status, error: account.lastError ?? '' }).trimEnd());
  if (report.error) lines.push(t('check.failed', { error: report.error }));
  const c = report.compared;
  if (c) lines.push(t('check.totals', { crm: c.crmInScope, google: c.googleContacts, links: c.links, inSync: c.inSync }));
  const sections = checkSections(report, t, top);
  for (const section of sections) {
    lines.push(`  ${section.title}`, ...section.lines.map((line) => `    ${line}`));
    if (section.more > 0) lines.push(`    ${t('check.more', { count: section.more })}`);
  }
  if (c && sections.length === 0) lines.push(`  ${t('check.all_good')}`);
  return lines;
}
