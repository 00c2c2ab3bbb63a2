/** Sign-in by session cookie (pages) or by the DOLAPIKEY header (scripts), as in Dolibarr's REST API. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { HostError } from '../errors';
import { pickLocale } from '../i18n';
import type { UserService } from '../services/users';
import { context, setContext } from './context';
import type { PageRenderer } from './render';

export function identify(users: UserService) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const apiKey = req.get('DOLAPIKEY');
    if (apiKey !== undefined) {
      const user = await users.byApiKey(apiKey);
      if (!user) return next(new HostError('UNAUTHENTICATED', 'error.bad_api_key'));
      setContext(req, { user, locale: pickLocale(user.lang), viaApiKey: true });
      return next();
    }
    const user = req.session.userId ? await users.get(req.session.userId) : null;
    const active = user?.active ? user : null;
    const browser = req.acceptsLanguages('en', 'fr') === 'fr' ? 'fr_FR' : 'en_US';
    setContext(req, { user: active, locale: pickLocale(active?.lang ?? browser), viaApiKey: false });
    next();
  };
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

export function authRouter(users: UserService, renderer: PageRenderer): Router {
  const router = Router();
  router.get('/login', async (req, res) => {
    await renderer.view(req, res, 'login', { next: safeNext(req.query.next), error: null, login: '' }, { title: renderer.t(req, 'login.title') });
  });
  router.post('/login', async (req, res, next) => {
    const body = req.body as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login : '';
    const user = await users.authenticate(login, typeof body.password === 'string' ? body.password : '');
    if (!user) {
      await renderer.view(req, res, 'login', { next: safeNext(body.next), error: 'error.bad_login_password', login }, { title: renderer.t(req, 'login.title'), status: 401 });
      return;
    }
    // A new session id at sign-in, so a session fixed before login is worthless.
    // A store failure goes to the error page: thrown from this callback it would answer nothing and bring the
    // process down with an unhandled rejection.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(safeNext(body.next))));
    });
  });
  router.post('/logout', (req, res, next) => {
    // Only a session really ended is a logout; otherwise the person must not believe they are signed out.
    req.session.destroy((err) => (err ? next(err) : res.redirect('/login')));
  });
  return router;
}
