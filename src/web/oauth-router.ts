/**
 * Connecting and disconnecting Google accounts from the browser. An admin connects one for the whole CRM or for a
 * chosen sales rep; a user with the sync right connects their own Gmail (their third parties' contacts). Either may
 * instead connect an account for import only (read-only scope; a user with the import right, their own): the
 * Import page lists its contacts and nothing ever writes to it. Every
 * failure comes back to the page it started from as a reason the page translates; nothing is stored unless the
 * whole consent succeeded.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AccountScope } from '../core/scope';
import { GContactsError, isGContactsError } from '../errors';
import { oauthClientConfig } from '../google/endpoints';
import { grantsAccess, scopesFor, type ContactsAccess } from '../google/oauth';
import { createConnectPassport, failureOf, pendingBack, rememberIntent, sessionOf, STRATEGY, takeIntent, type ConnectFailure, type Granted } from '../google/passport';
import type { Host } from '../host-contract';
import type { Account } from '../store/accounts';
import { disconnectAccount, saveGrant } from '../sync/accounts';
import { cleanupAccount } from '../sync/cleanup';
import { resultOfRuns, startOperation } from '../sync/operation';
import { readSettings } from '../sync/settings';
import { accountFor, mayManage, OWN_PAGE, SETUP_PAGE } from './account-access';
import { CONNECT_ANY_RIGHTS, idParam, requireAnyRight } from './guard';
import { lazySync } from './lazy-sync';
import { renderView } from './render';
import { answerStart } from './runs-router';

/**
 * The reasons a connection fails, each with its words under `oauth.error.`: passport's, plus the account already
 * connected for someone else and a sales rep that does not exist. A page shows no other value it is sent.
 */
export const CONNECT_FAILURES = [
  'denied', 'state_missing', 'state_expired', 'state_wrong', 'no_refresh_token', 'scope_missing', 'no_email',
  'google_refused', 'unreachable', 'google_error', 'no_session', 'taken', 'no_rep', 'downgrade',
] as const satisfies readonly (ConnectFailure | 'taken' | 'no_rep' | 'downgrade')[];

/** Who may connect an account, by the access asked for: syncing needs the sync right, import only the import right. */
const CONNECT_RIGHTS: Record<ContactsAccess, string> = { 'read-write': 'gcontacts.sync', 'read-only': 'gcontacts.import' };

/** Where Google sends the browser back: this CRM's public address when configured, else the address in use. */
export function callbackUrl(host: Host, req: Request): string {
  const origin = host.env.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
  return `${origin}${req.baseUrl}/oauth2/callback`;
}

export function oauthRouter(host: Host): Router {
  const router = Router();
  const sync = lazySync(host);
  let passport: ReturnType<typeof createConnectPassport> | null = null;
  const connector = () => (passport ??= createConnectPassport(oauthClientConfig(host.env), () => host.clock.now().getTime()));
  const t = (req: Request, key: string, params?: Record<string, string | number>) => host.i18n.t(host.ui.locale(req), key, params);

  router.post('/oauth2/connect', requireAnyRight(host, CONNECT_ANY_RIGHTS), async (req, res, next) => {
    const user = host.ui.user(req);
    const admin = await host.rights.check(user, 'gcontacts.admin');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const access: ContactsAccess = body.access === 'import' ? 'read-only' : 'read-write';
    if (!admin && !(await host.rights.check(user, CONNECT_RIGHTS[access]))) throw new GContactsError('FORBIDDEN', t(req, 'error.forbidden'));
    const forWhom = String(body.for ?? 'mine');
    let scope: AccountScope;
    if (forWhom === 'mine') scope = { kind: 'salesrep', userId: user.id };
    else if (!admin) throw new GContactsError('FORBIDDEN', t(req, 'error.forbidden'));
    else if (forWhom === 'all') scope = { kind: 'all' };
    else {
      const rep = await host.contacts.user(Number(body.rep));
      if (!rep || !rep.active) return res.redirect(303, `${req.baseUrl}${SETUP_PAGE}?oauth_error=no_rep`);
      scope = { kind: 'salesrep', userId: rep.id };
    }
    const back = forWhom === 'mine' ? OWN_PAGE : SETUP_PAGE;
    if (!sessionOf(req)) return res.redirect(303, `${req.baseUrl}${back}?oauth_error=no_session`);
    rememberIntent(req, { userId: user.id, scope, back, access }, host.clock.now().getTime());
    const hint = typeof body.hint === 'string' && /^[^@\s]+@[^@\s]+$/.test(body.hint) ? { loginHint: body.hint } : {};
    connector().authenticate(STRATEGY, { session: false, callbackURL: callbackUrl(host, req), accessType: 'offline', prompt: 'consent', scope: scopesFor(access), ...hint } as object)(req, res, next);
  });

  router.get('/oauth2/callback', (req: Request, res: Response, next: NextFunction) => {
    const user = host.ui.user(req);
    const now = host.clock.now().getTime();
    const answered = async (err: unknown, granted: Granted | false, info?: { message?: string }) => {
      const started = pendingBack(req);
      const intent = takeIntent(req, req.query.state, user.id, now);
      const back = typeof intent === 'string' ? (started ?? OWN_PAGE) : intent.back;
      const fail = (reason: string) => res.redirect(303, `${req.baseUrl}${back}?oauth_error=${reason}`);
      // Google's own answers first: a refusal carries no code, so passport never reaches the state check.
      if (typeof req.query.error === 'string') return fail(req.query.error === 'access_denied' ? 'denied' : 'google_error');
      if (typeof intent === 'string') return fail(intent);
      if (err) {
        host.log.warn('gcontacts: connecting a Google account failed', { error: err instanceof Error ? err.message : String(err) });
        return fail(failureOf(err));
      }
      if (!granted) return fail((CONNECT_FAILURES as readonly string[]).includes(info?.message ?? '') ? info!.message! : 'state_wrong');
      if (!grantsAccess(granted.scope, intent.access)) return fail('scope_missing');
      const admin = await host.rights.check(user, 'gcontacts.admin');
      const saved = await saveGrant(sync(), granted, intent.scope, admin, intent.access === 'read-only');
      if (typeof saved === 'string') return fail(saved);
      host.log.info('gcontacts: Google account connected', { account: saved.email, by: user.login, scope: intent.scope.kind, importOnly: saved.importOnly });
      res.redirect(303, `${req.baseUrl}${back}?connected=${saved.id}`);
    };
    connector().authenticate(STRATEGY, { session: false, callbackURL: callbackUrl(host, req) } as object, (err: unknown, granted: Granted | false, info?: { message?: string }) => {
      answered(err, granted, info).catch(next);
    })(req, res, next);
  });

  // Disconnect: a confirmation page (keep the Google contacts, or Cleanup first), then the revocation.
  router.get('/accounts/:id/disconnect', requireAnyRight(host, CONNECT_ANY_RIGHTS), async (req, res) => {
    const account = await manageable(req);
    const body = await renderView(host, req, 'disconnect', { account, back: await backOf(req) });
    host.ui.page(req, res, { title: t(req, 'disconnect.title'), body });
  });

  router.post('/accounts/:id/disconnect', requireAnyRight(host, CONNECT_ANY_RIGHTS), async (req, res) => {
    const account = await manageable(req);
    const back = await backOf(req);
    const cleanupFirst = (req.body as Record<string, unknown> | undefined)?.contacts === 'cleanup';
    // The module put nothing in an import-only account, so there is nothing to clean up there.
    if (cleanupFirst && account.importOnly) throw new GContactsError('CONFLICT', t(req, 'error.import_only_account', { email: account.email }));
    if (!cleanupFirst) {
      const done = await disconnect(account);
      return res.redirect(303, `${req.baseUrl}${back}?${done ? 'disconnected=1' : 'oauth_error=unreachable'}`);
    }
    const settings = await readSettings(host);
    await answerStart(host, req, res, startOperation(sync(), {
      kind: 'disconnect', account, userId: host.ui.user(req).id,
      work: async (control) => {
        control.phase('cleanup');
        const cleaned = await cleanupAccount(sync(), account, settings, control.options);
        const result = await resultOfRuns(sync(), [cleaned], () => '');
        if (result.status !== 'done') return result;
        control.phase('disconnect');
        const done = await disconnect(account);
        return done ? { ...result, note: { key: 'disconnect.done_after_cleanup', params: { email: account.email } } } : { ...result, status: 'failed', error: { key: 'runs.error.GOOGLE_UNAVAILABLE' } };
      },
    }), `${req.baseUrl}${back}`, account.id);
  });

  async function manageable(req: Request): Promise<Account> {
    const account = await accountFor(sync(), host, req, idParam(host, req));
    if (!(await mayManage(host, req, account))) throw new GContactsError('NOT_FOUND', t(req, 'error.account_not_found'));
    return account;
  }

  async function backOf(req: Request): Promise<string> {
    return (await host.rights.check(host.ui.user(req), 'gcontacts.admin')) ? SETUP_PAGE : OWN_PAGE;
  }

  /** True when the account is gone; false when Google could not be reached (then nothing changed). */
  async function disconnect(account: Account): Promise<boolean> {
    try {
      await disconnectAccount(sync(), account);
      return true;
    } catch (e) {
      if (!isGContactsError(e) || !e.code.startsWith('GOOGLE_')) throw e;
      host.log.warn('gcontacts: revoking a Google account failed; it stays connected', { account: account.email, error: (e as Error).message });
      return false;
    }
  }

  return router;
}
