/** Sign-in by session cookie (pages) or by the DOLAPIKEY header (scripts), as in Dolibarr's REST API. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { HostError } from '../errors';
import { pickLocale } from '../i18n';
import type { AuthThrottle, ThrottleKey } from '../services/auth-throttle';
import type { UserService } from '../services/users';
import { context, setContext } from './context';
import type { PageRenderer } from './render';

/** The client's address as Express reads it (behind a local proxy, from X-Forwarded-For: 'trust proxy'). */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}

/** A refusal for too many failures: Retry-After in seconds, the message in whole minutes. */
function tooManyAttempts(res: Response, seconds: number): HostError {
  res.set('Retry-After', String(seconds));
  return new HostError('TOO_MANY_ATTEMPTS', `error.too_many_attempts|${Math.ceil(seconds / 60)}`);
}

export function identify(users: UserService, throttle: AuthThrottle) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const apiKey = req.get('DOLAPIKEY');
    if (apiKey !== undefined) {
      // Checked before the key, so a client refused learns nothing more about the keys it tries.
      const keys: ThrottleKey[] = [{ kind: 'apikey', value: clientAddress(req) }];
      const wait = await throttle.retryAfter(keys);
      if (wait !== null) return next(tooManyAttempts(res, wait));
      const user = await users.byApiKey(apiKey);
      if (!user) {
        await throttle.failed(keys);
        return next(new HostError('UNAUTHENTICATED', 'error.bad_api_key'));
      }
      setContext(req, { user, locale: pickLocale(user.lang), viaApiKey: true });
      return next();
    }
    const user = req.session.userId ? await users.get(req.session.userId) : null;
    // A session signed in before the user's last password change is over, here and in every other process.
    const active = user?.active && user.authVersion === (req.session.authVersion ?? 0) ? user : null;
    if (user && !active) delete req.session.userId;
    const browser = req.acceptsLanguages('en', 'fr') === 'fr' ? 'fr_FR' : 'en_US';
    setContext(req, { user: active, locale: pickLocale(active?.lang ?? browser), viaApiKey: false });
    next();
  };
}

/** What a signed-in person sees must not stay in a shared browser's cache or a proxy's. */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (context(req).user) res.set('Cache-Control', 'no-store');
  next();
}

export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  next(context(req).user ? undefined : new HostError('UNAUTHENTICATED', 'error.login_required'));
}

export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  const user = context(req).user;
  next(!user ? new HostError('UNAUTHENTICATED', 'error.login_required') : user.admin ? undefined : new HostError('FORBIDDEN', 'error.forbidden'));
}

/** Only same-site relative paths are followed after sign-in (no open redirect). */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?!\/)[^\s\\]*$/.test(raw) ? raw : '/';
}

export function authRouter(users: UserService, throttle: AuthThrottle, renderer: PageRenderer): Router {
  const router = Router();
  router.get('/login', async (req, res) => {
    await renderer.view(req, res, 'login', { next: safeNext(req.query.next), error: null, login: '' }, { title: renderer.t(req, 'login.title') });
  });
  router.post('/login', async (req, res, next) => {
    const body = req.body as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login : '';
    const refuse = async (error: string, status: number) =>
      renderer.view(req, res, 'login', { next: safeNext(body.next), error, login }, { title: renderer.t(req, 'login.title'), status });
    const loginKey: ThrottleKey = { kind: 'login', value: login };
    const addressKey: ThrottleKey = { kind: 'address', value: clientAddress(req) };
    const wait = await throttle.attempt([loginKey, addressKey]);
    if (wait !== null) {
      const refusal = tooManyAttempts(res, wait);
      return refuse(refusal.message, refusal.status);
    }
    const user = await users.authenticate(login, typeof body.password === 'string' ? body.password : '');
    if (!user) return refuse('error.bad_login_password', 401);
    await throttle.succeeded(loginKey, [addressKey]);
    // A new session id at sign-in, so a session fixed before login is worthless.
    // A store failure goes to the error page: thrown from this callback it would answer nothing and bring the
    // process down with an unhandled rejection.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      req.session.authVersion = user.authVersion;
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(safeNext(body.next))));
    });
  });
  router.post('/logout', (req, res, next) => {
    // Only a session really ended is a logout; otherwise the person must not believe they are signed out.
    req.session.destroy((err) => (err ? next(err) : res.redirect('/login')));
  });
  return router;
}
