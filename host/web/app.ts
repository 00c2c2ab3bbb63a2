/** The host's Express app: sessions, identity, CSRF, pages, JSON API, module mount points, errors. */
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import type { Knex } from 'knex';
import { HostError } from '../errors';
import type { Translator } from '../i18n';
import type { ModuleRegistry } from '../modules/registry';
import type { ContactService } from '../services/contacts';
import type { ThirdPartyService } from '../services/thirdparties';
import type { UserService } from '../services/users';
import { AuthThrottle } from '../services/auth-throttle';
import type { Scheduler } from '../services/scheduler';
import { apiRouter } from './api';
import { authRouter, identify, noStoreWhenSignedIn, requireUser } from './auth';
import { checkCsrf } from './context';
import { errorHandler } from './errors';
import { pagesRouter } from './pages';
import type { PageRenderer } from './render';
import { KnexSessionStore } from './session-store';

export interface AppDeps {
  db: Knex;
  contacts: ContactService;
  thirdParties: ThirdPartyService;
  users: UserService;
  modules: ModuleRegistry;
  scheduler: Scheduler;
  translator: Translator;
  renderer: PageRenderer;
  sessionSecret: string;
  secureCookies: boolean;
  now: () => Date;
  isReady: () => boolean;
  logError: (message: string, fields?: Record<string, unknown>) => void;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // First, so every answer carries them, errors of the body parsers included.
  app.use(securityHeaders);
  app.get('/healthz', (_req, res) => {
    if (deps.isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });
  const staticDir = new URL('../static', import.meta.url).pathname;
  app.use('/static', express.static(staticDir, { maxAge: '1h' }));
  // Browsers ask for /favicon.ico on every page whatever the layout links: the same icon, not a 404 in every log.
  app.get('/favicon.ico', (_req, res) => res.type('image/svg+xml').sendFile(join(staticDir, 'favicon.svg'), { maxAge: '1d' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ limit: '1mb' }));
  app.use(
    session({
      store: new KnexSessionStore(deps.db),
      secret: deps.sessionSecret,
      name: 'crm.sid',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 8 * 3600 * 1000 },
    }),
  );
  const throttle = new AuthThrottle(deps.db, deps.now);
  app.use(identify(deps.users, throttle));
  app.use(noStoreWhenSignedIn);
  app.use(checkCsrf);
  app.use(authRouter(deps.users, throttle, deps.renderer));
  app.use('/api', requireUser, apiRouter(deps.contacts, deps.thirdParties));
  app.use('/m/:moduleId', requireUser, moduleDispatch(deps.modules));
  app.use(requireUser, pagesRouter(deps));
  app.use((_req, _res, next) => next(new HostError('NOT_FOUND', 'error.page_not_found')));
  app.use(errorHandler(deps.translator, deps.renderer, deps.logError));
  return app;
}

/** Routes /m/<id>/... to an enabled module's router; a disabled module's pages are gone. */
function moduleDispatch(modules: ModuleRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const mod = modules.enabled(String(req.params.moduleId));
    const router = mod?.handle.router;
    if (!router) return next(new HostError('NOT_FOUND', 'error.page_not_found'));
    router(req, res, next);
  };
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  });
  next();
}
