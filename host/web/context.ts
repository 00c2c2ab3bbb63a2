/** What every request of the host carries once authenticated: the user, the locale and the CSRF token. */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HostError } from '../errors';
import { pickLocale } from '../i18n';
import type { UserRecord } from '../services/users';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** The user's authVersion at sign-in: a password change since then ends this session. */
    authVersion?: number;
    csrf?: string;
    flash?: { kind: 'ok' | 'error'; message: string };
  }
}

export interface RequestContext {
  user: UserRecord | null;
  locale: string;
  /** Set when the request authenticated with DOLAPIKEY: no cookie, so no CSRF check. */
  viaApiKey: boolean;
}

const CONTEXT = Symbol('gcontacts-host-context');

export function setContext(req: Request, ctx: RequestContext): void {
  (req as unknown as Record<symbol, RequestContext>)[CONTEXT] = ctx;
}

export function context(req: Request): RequestContext {
  return (req as unknown as Record<symbol, RequestContext | undefined>)[CONTEXT] ?? { user: null, locale: pickLocale(null), viaApiKey: false };
}

export function currentUser(req: Request): UserRecord {
  const user = context(req).user;
  if (!user) throw new HostError('UNAUTHENTICATED', 'error.login_required');
  return user;
}

export function csrfToken(req: Request): string {
  if (!req.session.csrf) req.session.csrf = randomBytes(24).toString('base64url');
  return req.session.csrf;
}

/** Every state-changing request from a browser must carry the session's token (form field `_csrf` or header). */
export function checkCsrf(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || context(req).viaApiKey) return next();
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (typeof sent === 'string' && req.session.csrf && sent === req.session.csrf) return next();
  next(new HostError('FORBIDDEN', 'error.csrf'));
}

export function flash(req: Request, kind: 'ok' | 'error', message: string): void {
  req.session.flash = { kind, message };
}
