/**
 * Connecting a Google account in the browser: passport with passport-google-oauth20, offline access, prompt=consent
 * (Google sends a refresh token again on a second connection), contacts + email scopes. Against the sandbox only
 * the authorization, token and profile URLs differ: the same code path as with the real Google.
 *
 * `state` is kept by a store of our own, bound to the signed-in session and to the user who started: it is
 * missing, expired or different → the callback fails with that reason, and what the admin chose (which scope, for
 * which sales rep) travels with it, so the callback never trusts the query string for it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import passportPkg from 'passport';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { Request, RequestHandler } from 'express';
import type { OAuthClientConfig } from './gateway';
import { OAUTH_SCOPES, type ContactsAccess } from './oauth';

export const STRATEGY = 'gcontacts-google';
/** A consent left open longer than this must be started again. */
export const STATE_TTL_MS = 15 * 60_000;
const SESSION_KEY = 'gcontactsOAuth';

/** What the person starting the connection chose; handed back to the callback with the verified state. */
export interface ConnectIntent {
  userId: number;
  scope: { kind: 'all' } | { kind: 'salesrep'; userId: number };
  /** Where to come back to (the setup page or the user's own account page), a path of the module. */
  back: string;
  /** 'read-only': an account connected for import only (the Import page reads it, nothing writes to it). */
  access: ContactsAccess;
}

interface Pending extends ConnectIntent {
  state: string;
  createdAt: number;
}

export type ConnectFailure =
  | 'denied' | 'state_missing' | 'state_expired' | 'state_wrong' | 'no_refresh_token' | 'scope_missing' | 'no_email'
  | 'google_refused' | 'unreachable' | 'google_error' | 'no_session';

export interface Granted {
  refreshToken: string;
  email: string;
  /** The scopes Google says it granted (space-separated), checked against the access asked for (grantsAccess). */
  scope?: string;
}

type Session = Record<string, unknown>;

/** The signed-in session of the request (express-session, which the host runs and passport relies on). */
export function sessionOf(req: Request): Session | null {
  const session = (req as Request & { session?: Session }).session;
  return session && typeof session === 'object' ? session : null;
}

/** Puts the intent in the session under a fresh state, before passport redirects to the consent. */
export function rememberIntent(req: Request, intent: ConnectIntent, now: number): void {
  const session = sessionOf(req);
  if (!session) throw new Error('no session');
  const pending: Pending = { ...intent, state: randomBytes(24).toString('base64url'), createdAt: now };
  session[SESSION_KEY] = pending;
}

/** Where the connection under way started from, to come back there even when it fails. */
export function pendingBack(req: Request): string | null {
  return (sessionOf(req)?.[SESSION_KEY] as Pending | undefined)?.back ?? null;
}

/** The intent the callback came back for, or why it cannot be trusted. Used once: it leaves the session. */
export function takeIntent(req: Request, sent: unknown, userId: number, now: number): ConnectIntent | ConnectFailure {
  const session = sessionOf(req);
  if (!session) return 'no_session';
  const pending = session[SESSION_KEY] as Pending | undefined;
  delete session[SESSION_KEY];
  const failure = checkState(pending, sent, now);
  if (failure) return failure;
  if (pending!.userId !== userId) return 'state_wrong';
  return { userId: pending!.userId, scope: pending!.scope, back: pending!.back, access: pending!.access };
}

function checkState(pending: Pending | undefined, sent: unknown, now: number): ConnectFailure | null {
  if (typeof sent !== 'string' || sent === '' || !pending) return 'state_missing';
  if (!sameText(sent, pending.state)) return 'state_wrong';
  if (now - pending.createdAt > STATE_TTL_MS) return 'state_expired';
  return null;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A passport instance of the module's own (the host may run its own passport for sign-in): the Google strategy,
 * whose state store reads the state rememberIntent put in the session. The callback checks it again with
 * takeIntent, which also says why it failed.
 */
export function createConnectPassport(config: OAuthClientConfig, now: () => number): passportPkg.Authenticator<RequestHandler, RequestHandler> {
  // The typings leave authenticate()'s result as `any`; under Express (the only framework here) it is middleware.
  const passport = new passportPkg.Passport() as passportPkg.Authenticator<RequestHandler, RequestHandler>;
  const store = {
    store(req: Request, _meta: unknown, done: (err: Error | null, state?: string) => void) {
      const pending = sessionOf(req)?.[SESSION_KEY] as Pending | undefined;
      done(pending ? null : new Error('no pending connection in the session'), pending?.state);
    },
    verify(req: Request, state: string, _meta: unknown, done: (err: Error | null, ok: boolean, info?: { message: ConnectFailure }) => void) {
      const failure = checkState(sessionOf(req)?.[SESSION_KEY] as Pending | undefined, state, now());
      if (failure) done(null, false, { message: failure });
      else done(null, true);
    },
  };
  const { endpoints } = config;
  passport.use(
    STRATEGY,
    new GoogleStrategy(
      {
        clientID: config.clientId,
        clientSecret: config.clientSecret,
        authorizationURL: endpoints.authUrl,
        tokenURL: endpoints.tokenUrl,
        userProfileURL: endpoints.userInfoUrl,
        store: store as never,
        scope: [...OAUTH_SCOPES],
      },
      (_accessToken: string, refreshToken: string, params: { scope?: string }, profile: Profile, done: (err: Error | null, user?: Granted | false, info?: { message: ConnectFailure }) => void) => {
        const email = profile.emails?.[0]?.value?.toLowerCase();
        if (!refreshToken) return done(null, false, { message: 'no_refresh_token' });
        if (!email) return done(null, false, { message: 'no_email' });
        // Which contacts scope was enough depends on what was asked for: the callback checks it with the intent.
        done(null, { refreshToken, email, ...(params.scope ? { scope: params.scope } : {}) });
      },
    ),
  );
  return passport;
}

/** The failure a passport error stands for: Google answered no (TokenError), or could not be reached. */
export function failureOf(err: unknown): ConnectFailure {
  const e = err as { name?: string; code?: string; oauthError?: { code?: string; statusCode?: number } } | null;
  if (e?.name === 'TokenError') return 'google_refused';
  const status = e?.oauthError?.statusCode;
  if (e?.oauthError?.code || (status !== undefined && status >= 500)) return 'unreachable';
  return 'google_error';
}
