/**
 * The GContacts setup page (admins) and a user's own Google account page (sync right): connect Google accounts,
 * see each account's sync health, run Sync now / Export all / Check synchro / Cleanup with live progress, edit
 * every setting, read the run history. Both pages are one view: the own page shows only the reader's accounts.
 */
import { Router, type Request, type Response } from 'express';
import { GContactsError } from '../errors';
import { googleEndpoints } from '../google/endpoints';
import type { Host, SettingValue } from '../host-contract';
import type { SettingDefinition } from '../module-manifest';
import type { Account } from '../store/accounts';
import type { Run } from '../store/runs';
import { startOperation } from '../sync/operation';
import { brokenAccountsFor, connectFields, OWN_PAGE, ownedBy, SETUP_PAGE, syncedAccountFor } from './account-access';
import { accountCards } from './account-cards';
import { ACCOUNT_OPERATIONS, resultPages, runAccountOperation, runConfirm, type AccountOperation } from './account-operations';
import { resolveConflict } from '../sync/conflict-resolve';
import { ACCOUNT_RIGHTS, CONNECT_ANY_RIGHTS, idParam, requireAnyRight, requireRight } from './guard';
import { lazySync } from './lazy-sync';
import { CONNECT_FAILURES } from './oauth-router';
import { renderView } from './render';
import { answerStart, busyAccount, followedRun } from './runs-router';
import { checkSettings, settingChanges, settingFields, valueWording, type Posted } from './settings-form';
import type { Wording } from '../sync/operation';
import { queueGroupRename } from '../sync/settings-change';
import { cleanupPreview } from '../sync/cleanup';
import { readSettings } from '../sync/settings';
import { peopleToVCards } from '../core/vcard';
import { countLines } from './words';

const RUNS_SHOWN = 20;
const CHANGES_SHOWN = 10;

export function setupRouter(host: Host, definitions: readonly SettingDefinition[]): Router {
  const router = Router();
  const sync = lazySync(host);
  const defs = new Map(definitions.map((d) => [d.key, d]));
  const tr = (req: Request) => {
    const locale = host.ui.locale(req);
    return (key: string, params?: Record<string, string | number>) => host.i18n.t(locale, key, params);
  };
  const say = (req: Request, w: Wording | string) => (typeof w === 'string' ? w : tr(req)(w.key, w.params));

  async function render(req: Request, res: Response, own: boolean, form?: { posted: Posted; errors: Record<string, Wording> }): Promise<void> {
    const { stores, backups } = sync();
    const user = host.ui.user(req);
    const all = await stores.accounts.list({ importOnly: 'include' });
    const shown = own ? all.filter((a) => ownedBy(a, user)) : all;
    const [cards, broken, stored, runs, changes, users, backupList, mayConnect] = await Promise.all([
      accountCards(sync(), host, req, shown.filter((a) => !a.importOnly)),
      brokenAccountsFor(sync(), host, req, all),
      host.settings.all(),
      own ? Promise.resolve([]) : stores.runs.recent(RUNS_SHOWN),
      own ? Promise.resolve([]) : stores.log.recentOf('setting', CHANGES_SHOWN),
      host.contacts.users(),
      own ? Promise.resolve([]) : backups.list(),
      connectRights(req),
    ]);
    const t = tr(req);
    const emails = new Map(all.map((a) => [a.id, a.email]));
    const names = new Map(users.map((u) => [u.id, [u.firstname, u.lastname].filter(Boolean).join(' ') || u.login]));
    const body = await renderView(host, req, 'setup', {
      own,
      pageBase: `${req.baseUrl}${own ? OWN_PAGE : SETUP_PAGE}`,
      google: { sandbox: googleEndpoints(host.env).sandbox },
      notices: notices(req, all),
      run: await followedRun(host, req),
      busy: busyAccount(req),
      broken,
      accounts: cards,
      importOnly: shown.filter((a) => a.importOnly).map((a) => ({ id: a.id, email: a.email, createdAt: a.createdAt, broken: a.status === 'reconnect', connectFields: connectFields(a, user) })),
      mayConnect,
      reps: users.filter((u) => u.active).map((u) => ({ id: u.id, name: names.get(u.id)! })),
      fields: own ? [] : settingFields(definitions, stored, form?.posted ?? null, form?.errors ?? {}),
      formFailed: Boolean(form),
      changes: changes.map((c) => {
        const d = c.detail as { key: string; from: SettingValue; to: SettingValue; by: number | null };
        const def = defs.get(d.key);
        return { at: c.createdAt, who: d.by === null ? '—' : (names.get(d.by) ?? `#${d.by}`), label: def ? t(def.labelKey) : d.key, from: say(req, valueWording(def, d.from)), to: say(req, valueWording(def, d.to)) };
      }),
      runs: runs.map((r) => runRow(r, emails, names, t)),
      backups: backupList,
    });
    host.ui.page(req, res, { title: t(own ? 'account.title' : 'setup.title'), body, ...(form ? { status: 400 } : {}) });
  }

  function notices(req: Request, accounts: readonly Account[]): { kind: 'ok' | 'error'; text: string }[] {
    const t = tr(req);
    const q = req.query;
    const out: { kind: 'ok' | 'error'; text: string }[] = [];
    const connected = accounts.find((a) => String(a.id) === q.connected);
    if (connected) out.push({ kind: 'ok', text: t(connected.importOnly ? 'oauth.connected_import_only' : 'oauth.connected', { email: connected.email }) });
    if (typeof q.oauth_error === 'string' && (CONNECT_FAILURES as readonly string[]).includes(q.oauth_error)) out.push({ kind: 'error', text: t(`oauth.error.${q.oauth_error}`) });
    if (q.disconnected === '1') out.push({ kind: 'ok', text: t('disconnect.done') });
    if (q.saved === '1') out.push({ kind: 'ok', text: t('settings.saved') });
    if (busyAccount(req) !== null) out.push({ kind: 'error', text: t('runs.error.BUSY') });
    return out;
  }

  router.get(SETUP_PAGE, requireRight(host, 'gcontacts.admin'), (req, res) => render(req, res, false));
  router.get(OWN_PAGE, requireAnyRight(host, CONNECT_ANY_RIGHTS), (req, res) => render(req, res, true));

  /** Which connections the reader may start: syncing (sync right) and import only (import right); an admin both. */
  async function connectRights(req: Request): Promise<{ sync: boolean; importOnly: boolean }> {
    const user = host.ui.user(req);
    const [admin, syncRight, importRight] = await Promise.all(['gcontacts.admin', 'gcontacts.sync', 'gcontacts.import'].map((r) => host.rights.check(user, r)));
    return { sync: Boolean(admin || syncRight), importOnly: Boolean(admin || importRight) };
  }

  router.post(`${SETUP_PAGE}/settings`, requireRight(host, 'gcontacts.admin'), async (req, res) => {
    const posted = (req.body ?? {}) as Posted;
    const { values, errors } = checkSettings(definitions, posted);
    if (Object.keys(errors).length > 0) return render(req, res, false, { posted, errors });
    const stored = await host.settings.all();
    const changes = settingChanges(stored, values);
    for (const { key, to } of changes) await host.settings.set(key, to);
    const user = host.ui.user(req);
    await sync().stores.log.add(changes.map(({ key, from, to }) => ({ accountId: null, contactId: null, runId: null, action: 'setting', detail: { key, from, to, by: user.id } })));
    if (changes.some((c) => c.key === 'container_group')) await queueGroupRename(sync());
    host.log.info('gcontacts: settings changed', { by: user.login, keys: changes.map((c) => c.key) });
    res.redirect(303, `${req.baseUrl}${SETUP_PAGE}?saved=1`);
  });

  router.post('/accounts/:id/:operation', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const kind = String(req.params.operation);
    if (!(ACCOUNT_OPERATIONS as readonly string[]).includes(kind)) throw new GContactsError('NOT_FOUND', tr(req)('error.page_not_found'));
    const account = await manageable(req);
    const user = host.ui.user(req);
    const back = `${req.baseUrl}${await backPage(req)}`;
    const pages = resultPages(req.baseUrl);
    await answerStart(host, req, res, startOperation(sync(), {
      kind, account, userId: user.id,
      work: (control) => runAccountOperation(sync(), account, kind as AccountOperation, control, pages),
    }), back, account.id);
  });

  // Cleanup asks first: what it will delete (read from Google now) and a vCard backup of it to download.
  router.get('/accounts/:id/cleanup', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const account = await manageable(req);
    const preview = await cleanupPreview(sync(), account, await readSettings(host));
    const body = await renderView(host, req, 'cleanup', { account, counts: { contacts: preview.people.length, groups: preview.groups }, back: await backPage(req) });
    host.ui.page(req, res, { title: tr(req)('cleanup.title', { email: account.email }), body });
  });

  router.get('/accounts/:id/backup.vcf', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const account = await manageable(req);
    const { people } = await cleanupPreview(sync(), account, await readSettings(host));
    const stamp = host.clock.now().toISOString().slice(0, 10);
    res.attachment(`gcontacts-${account.id}-${stamp}.vcf`).set({ 'Content-Type': 'text/vcard; charset=utf-8', 'Cache-Control': 'no-store' }).send(peopleToVCards(people));
  });

  // A pull stopped by the mass-deletion guard: what it would remove, then the admin's confirmation applies it.
  router.get('/runs/:runId/confirm', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const { run, account } = await stoppedRun(req);
    const t = tr(req);
    const body = await renderView(host, req, 'confirm', { run, account, removals: run.counts['pending-removals'] ?? 0, waiting: run.status === 'needs_confirmation', kind: t(`runs.kind.${run.kind}`), back: await backPage(req) });
    host.ui.page(req, res, { title: t('confirm.title'), body });
  });

  router.post('/runs/:runId/confirm', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const { run, account } = await stoppedRun(req);
    const pages = resultPages(req.baseUrl);
    await answerStart(host, req, res, startOperation(sync(), {
      kind: 'confirm', account, userId: host.ui.user(req).id,
      work: (control) => runConfirm(sync(), run.id, control, pages),
    }), `${req.baseUrl}${await backPage(req)}`, account.id);
  });

  // Conflicts waiting under the 'ask' policy: each field's two values, and the side to keep.
  router.get('/accounts/:id/conflicts', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const account = await manageable(req);
    const t = tr(req);
    const conflicts = await sync().stores.conflicts.unresolvedOf(account.id, 200);
    const contacts = new Map((await host.contacts.getMany([...new Set(conflicts.map((c) => c.contactId))])).map((c) => [c.id, c]));
    const shown = conflicts.map((c) => {
      const contact = contacts.get(c.contactId);
      return { id: c.id, contactId: c.contactId, name: contact ? [contact.firstname, contact.lastname].filter(Boolean).join(' ') : `#${c.contactId}`, field: t(`check.field.${c.field}`), crm: valueText(c.crm), google: valueText(c.google) };
    });
    const body = await renderView(host, req, 'conflicts', { account, conflicts: shown, back: await backPage(req) });
    host.ui.page(req, res, { title: t('conflicts.title', { email: account.email }), body });
  });

  router.post('/conflicts/:id', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const conflict = await sync().stores.conflicts.get(idParam(host, req));
    if (!conflict || conflict.resolution !== null) throw new GContactsError('NOT_FOUND', tr(req)('conflicts.gone'));
    const account = await manageable(req, conflict.accountId);
    const choice = (req.body as Record<string, unknown> | undefined)?.keep;
    if (choice !== 'crm' && choice !== 'google') throw new GContactsError('BAD_INPUT', tr(req)('conflicts.choose'));
    await resolveConflict(sync(), conflict.id, choice, host.ui.user(req).id);
    res.redirect(303, `${req.baseUrl}/accounts/${account.id}/conflicts`);
  });

  async function stoppedRun(req: Request): Promise<{ run: Run; account: Account }> {
    const run = await sync().stores.runs.get(idParam(host, req, 'runId'));
    if (!run || run.accountId === null || (run.status !== 'needs_confirmation' && run.status !== 'confirmed')) throw new GContactsError('NOT_FOUND', tr(req)('confirm.gone'));
    return { run, account: await manageable(req, run.accountId) };
  }

  async function backPage(req: Request): Promise<string> {
    return (await host.rights.check(host.ui.user(req), 'gcontacts.admin')) ? SETUP_PAGE : OWN_PAGE;
  }

  /** Every route here is a sync operation: an import-only account is refused (account-access.ts). */
  function manageable(req: Request, id = idParam(host, req)): Promise<Account> {
    return syncedAccountFor(sync(), host, req, id);
  }

  return router;
}

/** A card field's value as a person reads it (a birthday, a list of phones): text, never JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).filter((v) => v !== null && v !== '').map(valueText).join(' ');
  return String(value);
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

function runRow(r: Run, emails: Map<number, string>, names: Map<number, string>, t: Translate) {
  return {
    startedAt: r.startedAt,
    kind: t(`runs.kind.${r.kind}`),
    trigger: r.userId !== null && r.trigger === 'web' ? t('setup.trigger.web_by', { name: names.get(r.userId) ?? `#${r.userId}` }) : t(`setup.trigger.${r.trigger}`),
    email: r.accountId === null ? null : (emails.get(r.accountId) ?? null),
    status: t(`runs.status.${r.status}`),
    failed: r.status === 'failed',
    error: r.error,
    lines: countLines(r.counts, t),
  };
}
