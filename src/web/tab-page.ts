/**
 * The locals of views/tab.ejs: the view of tab-view.ts turned into what the page says — states and reasons as
 * lang keys, times as UTC text, which buttons this reader gets (and why not), the sentence beside the "Sync with
 * Google" control. No decision is taken in the template.
 */
import type { Request } from 'express';
import { CIVILITY_CODES } from '../core/civility';
import { flagOutcomeKey, type ComparisonRow } from '../core/tab-compare';
import type { Host } from '../host-contract';
import { utc, type Translate } from './words';
import type { SyncContext } from '../sync/context';
import type { AccountView, TabView } from '../sync/tab-view';
import { brokenAccountsFor } from './account-access';

export interface TabMessage {
  kind: 'ok' | 'info' | 'error';
  text: string;
}

export async function tabPage(host: Host, sync: SyncContext, req: Request, view: TabView, messages: readonly TabMessage[]) {
  const user = host.ui.user(req);
  const locale = host.ui.locale(req);
  const t: Translate = (key, params) => host.i18n.t(locale, key, params);
  const time = (iso: string | null | undefined) => (iso ? utc(iso, t) : null);
  // A civility is a dictionary code (MME): shown in the reader's words; a prefix typed on a phone stays as typed.
  const civility = (value: string | null) => (value !== null && CIVILITY_CODES.includes(value) ? host.i18n.t(locale, `tab.civility.${value}`) : value);
  const words = (rows: ComparisonRow[]) =>
    rows.map((r) => (r.field === 'civility' ? { ...r, crm: civility(r.crm), google: civility(r.google), base: civility(r.base) } : r));
  const canSync = await host.rights.check(user, 'gcontacts.sync');
  // Setup's banner: "Reconnect" for whoever may reconnect each broken account (an admin, or its owner).
  const broken = await brokenAccountsFor(sync, host, req, view.accounts.map((a) => a.account));
  const { contact, settings } = view;
  const inGoogle = view.accounts.some((a) => a.link?.resourceName);
  return {
    contact,
    messages,
    fingerprint: view.fingerprint,
    canSync,
    broken,
    canReconnect: (email: string) => broken.some((b) => b.email === email),
    isPrivate: contact.private,
    syncFlag: view.syncFlag,
    flagOutcomeKey: flagOutcomeKey({ private: contact.private, active: contact.status === 1, flag: view.syncFlag, outOfScopeAction: settings.push.outOfScopeAction, inGoogle }),
    policyKey: `tab.policy.${settings.conflictPolicy}`,
    accounts: view.accounts.map((a) => ({ ...accountLocals(a, time), rows: words(a.rows) })),
    overwritten: view.overwritten.map((o) => ({
      id: o.id,
      field: o.field,
      lost: show(o.lost),
      kept: show(o.kept),
      lostSide: o.lostSide,
      policyKey: `tab.policy.${o.policy}`,
      at: time(o.createdAt),
      restoredAt: time(o.restoredAt),
    })),
    base: `/m/gcontacts/contact/${contact.id}`,
  };
}

function accountLocals(a: AccountView, time: (iso: string | null | undefined) => string | null) {
  const live = a.google.kind === 'live';
  return {
    id: a.account.id,
    email: a.account.email,
    state: a.state,
    syncedAt: time(a.link?.syncedAt ?? null),
    scopeReason: a.scope.inScope ? null : a.scope.reason,
    queuedError: a.queued?.lastError ? { attempts: a.queued.attempts, next: time(a.queued.nextAttemptAt) } : null,
    google: a.google.kind === 'unreachable' ? `unreachable_${a.google.reason}` : a.google.kind,
    live,
    rows: a.rows,
    differing: a.rows.filter((r) => r.state !== 'same').length,
    conflicts: a.conflicts.map((c) => ({ id: c.id, field: c.field, crm: show(c.crm), google: show(c.google), base: show(c.base), since: time(c.createdAt) })),
    // Field actions need Google's value as it is now, and a merge base to move.
    actionable: live && a.link?.baseCard != null && a.state !== 'account-broken',
  };
}

/** A conflict's stored value (a card field: text or an address object) as one line. */
function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return Object.values(value as Record<string, unknown>).filter((v) => typeof v === 'string' && v !== '').join(', ') || null;
}
