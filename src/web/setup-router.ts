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
import { accountFor, brokenAccountsFor, mayManage, OWN_PAGE, ownedBy, SETUP_PAGE } from './account-access';
import { accountCards } from './account-cards';
import { ACCOUNT_OPERATIONS, resultPages, runAccountOperation, type AccountOperation } from './account-operations';
import { idParam, requireRight } from './guard';
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
    const all = await stores.accounts.list();
    const accounts = own ? all.filter((a) => ownedBy(a, user)) : all;
    const [cards, broken, stored, runs, changes, users, backupList] = await Promise.all([
      accountCards(sync(), host, req, accounts),
      brokenAccountsFor(sync(), host, req),
      host.settings.all(),
      own ? Promise.resolve([]) : stores.runs.recent(RUNS_SHOWN),
      own ? Promise.resolve([]) : stores.log.recentOf('setting', CHANGES_SHOWN),
      host.contacts.users(),
      own ? Promise.resolve([]) : backups.list(),
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
    if (connected) out.push({ kind: 'ok', text: t('oauth.connected', { email: connected.email }) });
    if (typeof q.oauth_error === 'string' && (CONNECT_FAILURES as readonly string[]).includes(q.oauth_error)) out.push({ kind: 'error', text: t(`oauth.error.${q.oauth_error}`) });
    if (q.disconnected === '1') out.push({ kind: 'ok', text: t('disconnect.done') });
    if (q.saved === '1') out.push({ kind: 'ok', text: t('settings.saved') });
    if (busyAccount(req) !== null) out.push({ kind: 'error', text: t('runs.error.BUSY') });
    return out;
  }

  router.get(SETUP_PAGE, requireRight(host, 'gcontacts.admin'), (req, res) => render(req, res, false));
  router.get(OWN_PAGE, requireRight(host, 'gcontacts.sync'), (req, res) => render(req, res, true));

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

  router.post('/accounts/:id/:operation', requireRight(host, 'gcontacts.sync'), async (req, res) => {
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
  router.get('/accounts/:id/cleanup', requireRight(host, 'gcontacts.sync'), async (req, res) => {
    const account = await manageable(req);
    const preview = await cleanupPreview(sync(), account, await readSettings(host));
    const body = await renderView(host, req, 'cleanup', { account, counts: { contacts: preview.people.length, groups: preview.groups }, back: await backPage(req) });
    host.ui.page(req, res, { title: tr(req)('cleanup.title', { email: account.email }), body });
  });

  router.get('/accounts/:id/backup.vcf', requireRight(host, 'gcontacts.sync'), async (req, res) => {
    const account = await manageable(req);
    const { people } = await cleanupPreview(sync(), account, await readSettings(host));
    const stamp = host.clock.now().toISOString().slice(0, 10);
    res.attachment(`gcontacts-${account.id}-${stamp}.vcf`).set({ 'Content-Type': 'text/vcard; charset=utf-8', 'Cache-Control': 'no-store' }).send(peopleToVCards(people));
  });

  async function backPage(req: Request): Promise<string> {
    return (await host.rights.check(host.ui.user(req), 'gcontacts.admin')) ? SETUP_PAGE : OWN_PAGE;
  }

  async function manageable(req: Request): Promise<Account> {
    const account = await accountFor(sync(), host, req, idParam(host, req));
    if (!(await mayManage(host, req, account))) throw new GContactsError('NOT_FOUND', tr(req)('error.account_not_found'));
    return account;
  }

  return router;
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
