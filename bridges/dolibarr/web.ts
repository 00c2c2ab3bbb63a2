/**
 * The sidecar's web side: Dolibarr's webhook endpoint, sign-in with a Dolibarr account, and the module's pages
 * (setup, contact tab) in a small layout. Sessions are a signed, expiring cookie (nothing to store server-side);
 * every POST of a page carries the session's CSRF token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { HostError } from '../../host/errors';
import { DEFAULT_LOCALE, LOCALES, type Translator } from '../../host/i18n';
import type { CrmUser, HostLog, PageOptions } from '../../src/host-contract';
import type { EventBus } from '../../host/services/events';
import type { DolibarrApi } from './api';
import type { DolibarrDirectory } from './directory';
import type { Inbox } from './inbox';
import { parseDelivery } from './inbox';
import { idOf, userFromDolibarr, type DolibarrObject } from './mapping';
import type { DolibarrRights } from './rights';
import type { SalesRepTable } from './salesreps';
import { canSee } from './visibility';

const COOKIE = 'gcontacts_dolibarr';
const SESSION_HOURS = 8;

interface Session {
  user: CrmUser;
  seesAll: boolean;
  csrf: string;
  exp: number;
}

export interface WebDeps {
  api: DolibarrApi;
  directory: DolibarrDirectory;
  reps: SalesRepTable;
  rights: DolibarrRights;
  inbox: Inbox;
  events: EventBus;
  translator: Translator;
  log: HostLog;
  secret: string;
  webhookSecret: string;
  secureCookies: boolean;
  moduleRouter: () => Router | null;
  now: () => Date;
}

const SESSION = Symbol('bridge-session');

function session(req: Request): Session | null {
  return (req as unknown as Record<symbol, Session | null>)[SESSION] ?? null;
}

export function localeOf(req: Request): string {
  const wanted = (req.get('accept-language') ?? '').split(',')[0]?.trim().replace('-', '_').slice(0, 2);
  return LOCALES.find((l) => l.startsWith(wanted ?? '')) ?? DEFAULT_LOCALE;
}

export class BridgeWeb {
  constructor(private readonly deps: WebDeps) {}

  user(req: Request): CrmUser {
    const s = session(req);
    if (!s) throw new HostError('UNAUTHENTICATED', 'error.login_required');
    return s.user;
  }

  csrfToken(req: Request): string {
    return session(req)?.csrf ?? '';
  }

  /** The module's pages in the sidecar's layout; the setup link only for those who may open it. */
  page(req: Request, res: Response, options: PageOptions): void {
    const locale = localeOf(req);
    const t = (key: string, params?: Record<string, string | number>) => this.deps.translator.t(locale, key, params);
    const s = session(req);
    void (async () => {
      const admin = s ? await this.deps.rights.check(s.user, 'gcontacts.admin') : false;
      // A tab is shown under its contact's name, as on Dolibarr's contact card; other pages bring their heading.
      const contact = options.contactTab ? await this.deps.directory.get(options.contactTab.contactId) : null;
      const heading = contact ? `<h1>${esc([contact.firstname, contact.lastname].filter(Boolean).join(' '))}</h1>` : '';
      const nav = s
        ? `<nav class="bridge-nav">${admin ? `<a href="/m/gcontacts/setup">${esc(t('bridge.menu.setup'))}</a>` : ''}<span>${esc(t('bridge.signed_in_as', { login: s.user.login }))}</span>` +
          `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(s.csrf)}"><button type="submit">${esc(t('bridge.signout'))}</button></form></nav>`
        : '';
      res
        .status(options.status ?? 200)
        .type('html')
        .send(
          `<!doctype html><html lang="${locale.slice(0, 2)}"><head><meta charset="utf-8"><title>${esc(options.title)} · ${esc(t('bridge.title'))}</title>` +
            `<link rel="stylesheet" href="/static/crm.css"><link rel="stylesheet" href="/bridge/bridge.css"></head><body><header><strong>${esc(t('bridge.title'))}</strong>${nav}</header>` +
            `<main>${heading}${options.body}</main></body></html>`,
        );
    })().catch((e: unknown) => req.next?.(e));
  }

  app(): Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', 'loopback');
    app.use(securityHeaders);
    // Before any session or CSRF check: Dolibarr calls it, and authenticates by the secret in the path.
    app.post('/dolibarr/webhook/:secret', express.json({ limit: '2mb' }), (req, res) => this.webhook(req, res));
    app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    app.use('/static', express.static(new URL('../../host/static', import.meta.url).pathname, { maxAge: '1h' }));
    app.use('/bridge', express.static(new URL('./static', import.meta.url).pathname, { maxAge: '1h' }));
    app.use(express.urlencoded({ extended: false, limit: '1mb' }));
    app.use((req, _res, next) => {
      (req as unknown as Record<symbol, Session | null>)[SESSION] = this.readCookie(req);
      next();
    });
    app.get('/login', (req, res) => this.signInPage(req, res, null, 200));
    app.post('/login', (req, res, next) => void this.signIn(req, res).catch(next));
    app.post('/logout', this.csrf, (_req, res) => {
      res.clearCookie(COOKIE);
      res.redirect('/login');
    });
    app.get('/', (req, res) => res.redirect(session(req) ? '/m/gcontacts/setup' : '/login'));
    app.use('/m/gcontacts', this.signedIn, this.csrf, (req, _res, next) => void this.tabGuard(req, next).catch(next), (req, res, next) => {
      const router = this.deps.moduleRouter();
      if (!router) return next(new HostError('NOT_FOUND', 'error.page_not_found'));
      router(req, res, next);
    });
    app.use((_req, _res, next) => next(new HostError('NOT_FOUND', 'error.page_not_found')));
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => this.error(err, req, res));
    return app;
  }

  private webhook(req: Request, res: Response): void {
    if (!sameSecret(String(req.params.secret ?? ''), this.deps.webhookSecret)) {
      res.status(404).end();
      return;
    }
    const delivery = parseDelivery(req.body);
    // Answered before anything is read: Dolibarr waits for us inside its transaction (FACTS §4).
    res.status(200).json({ ok: true });
    if (delivery) this.deps.inbox.accept(delivery);
  }

  private readonly signedIn = (req: Request, res: Response, next: NextFunction): void => {
    if (session(req)) return next();
    if (req.method === 'GET') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    next(new HostError('UNAUTHENTICATED', 'error.login_required'));
  };

  private readonly csrf = (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    const s = session(req);
    if (s && typeof sent === 'string' && sameSecret(sent, s.csrf)) return next();
    next(new HostError('FORBIDDEN', 'error.csrf'));
  };

  /** The contact tab takes a Dolibarr contact id; the reader must be allowed to see that contact. */
  private async tabGuard(req: Request, next: NextFunction): Promise<void> {
    const m = /^\/contact\/(\d+)$/.exec(req.path);
    if (!m) return next();
    const s = session(req)!;
    const contact = await this.deps.directory.get(Number(m[1]));
    const viewer = { user: s.user, seesAll: s.seesAll, thirdParties: s.seesAll ? [] : await this.deps.reps.thirdPartiesOf(s.user.id) };
    if (!contact || !canSee(viewer, contact)) return next(new HostError('NOT_FOUND', 'error.contact_not_found'));
    next();
  }

  private signInPage(req: Request, res: Response, error: string | null, status: number): void {
    const locale = localeOf(req);
    const t = (key: string) => this.deps.translator.t(locale, key);
    const nextUrl = typeof req.query.next === 'string' && req.query.next.startsWith('/m/') ? req.query.next : '';
    const body =
      `<h1>${esc(t('bridge.signin.title'))}</h1><form method="post" action="/login${nextUrl ? `?next=${encodeURIComponent(nextUrl)}` : ''}" class="signin">` +
      (error ? `<p class="alert" role="alert">${esc(error)}</p>` : '') +
      `<label>${esc(t('bridge.signin.login'))} <input name="login" autocomplete="username"></label>` +
      `<label>${esc(t('bridge.signin.password'))} <input name="password" type="password" autocomplete="current-password"></label>` +
      `<label>${esc(t('bridge.signin.apikey'))} <input name="apikey" type="password" autocomplete="off"></label>` +
      `<button type="submit">${esc(t('bridge.signin.submit'))}</button></form>`;
    this.page(req, res, { title: t('bridge.signin.title'), body, status });
  }

  /**
   * Login and password are checked by Dolibarr's /login, which answers the user's API key; an instance with that
   * endpoint off takes the personal API key instead. Either way the key only serves to read who the user is and
   * which third parties they are sales rep of (FACTS §8), and is not kept.
   */
  private async signIn(req: Request, res: Response): Promise<void> {
    const locale = localeOf(req);
    const form = req.body as Record<string, string | undefined>;
    const login = form.login?.trim() ?? '';
    const password = form.password ?? '';
    let key = form.apikey?.trim() ?? '';
    if (!key && (!login || !password)) return this.signInPage(req, res, this.deps.translator.t(locale, 'bridge.signin.required'), 400);
    try {
      if (!key) {
        const answer = await this.deps.api.as('').post<{ success?: { token?: unknown } }>('/login', { login, password });
        key = typeof answer?.success?.token === 'string' ? answer.success.token : '';
      }
      const info = key ? await this.deps.api.as(key).get('/users/info', { includepermissions: 1 }) : null;
      const user = info ? userFromDolibarr(info) : null;
      if (!info || !user?.active) throw new HostError('UNAUTHENTICATED', 'bridge.signin.failed');
      const seesAll = user.admin || Boolean(((info.rights as Record<string, Record<string, Record<string, unknown>>> | undefined)?.societe?.client ?? {}).voir);
      if (!seesAll) await this.refreshMembership(user.id, key);
      this.writeCookie(res, { user, seesAll, csrf: randomBytes(24).toString('base64url'), exp: this.deps.now().getTime() + SESSION_HOURS * 3600_000 });
      const nextUrl = typeof req.query.next === 'string' && req.query.next.startsWith('/m/') ? req.query.next : '/';
      res.redirect(nextUrl);
    } catch (e) {
      if (e instanceof HostError && e.status < 500) return this.signInPage(req, res, this.deps.translator.t(locale, 'bridge.signin.failed'), 401);
      throw e;
    }
  }

  /** A rep's own /thirdparties listing is exactly their customers (FACTS §8): the membership table follows it. */
  private async refreshMembership(userId: number, key: string): Promise<void> {
    const own = await this.deps.api.as(key).all<DolibarrObject>('/thirdparties', { properties: 'id' });
    const ids = own.map((o) => idOf(o.id)).filter((id): id is number => id !== null);
    const changed = await this.deps.reps.replaceFor(userId, ids);
    for (const thirdPartyId of changed) {
      const after = (await this.deps.reps.repsOf([thirdPartyId])).get(thirdPartyId) ?? [];
      const before = ids.includes(thirdPartyId) ? after.filter((id) => id !== userId) : [...after, userId].sort((a, b) => a - b);
      await this.deps.events.emit('thirdparty.salesreps.changed', { thirdPartyId, before, after });
    }
  }

  private writeCookie(res: Response, s: Session): void {
    const payload = Buffer.from(JSON.stringify(s)).toString('base64url');
    res.cookie(COOKIE, `${payload}.${this.sign(payload)}`, { httpOnly: true, sameSite: 'lax', secure: this.deps.secureCookies, maxAge: SESSION_HOURS * 3600_000 });
  }

  private readCookie(req: Request): Session | null {
    const raw = (req.get('cookie') ?? '').split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    if (!raw) return null;
    const [payload, signature] = decodeURIComponent(raw).split('.');
    if (!payload || !signature || !sameSecret(signature, this.sign(payload))) return null;
    try {
      const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
      return s.exp > this.deps.now().getTime() ? s : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.deps.secret).update(payload).digest('base64url');
  }

  private error(err: unknown, req: Request, res: Response): void {
    // By name and status, not instanceof: the module's files may be loaded twice (ESM and CJS) by a test runner.
    const coded = err as { name?: unknown; status?: unknown; message?: unknown };
    const status = typeof coded.status === 'number' ? coded.status : 500;
    const moduleError = coded.name === 'GContactsError';
    if (status === 401 && req.method === 'GET') return res.redirect('/login');
    const locale = localeOf(req);
    const t = (key: string) => this.deps.translator.t(locale, key);
    if (status >= 500) this.deps.log.error('request failed', { path: req.path, error: (err as Error).message });
    // A module error below 500 is already in the reader's language; the bridge's own say which key to show.
    const message =
      moduleError && status < 500
        ? String(coded.message)
        : status === 404
          ? t('bridge.error.not_found')
          : status === 403
            ? t(coded.message === 'error.csrf' ? 'bridge.error.csrf' : 'bridge.error.forbidden')
            : status === 400
              ? t('bridge.error.bad_input')
              : t('bridge.error.generic');
    this.page(req, res, { title: t('bridge.error.title'), body: `<h1>${esc(t('bridge.error.title'))}</h1><p class="alert" role="alert">${esc(message)}</p>`, status });
  }
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    // Framable by Dolibarr's "External site" menu (same site), never by others.
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'",
  });
  next();
}
