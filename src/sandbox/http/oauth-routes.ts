import express, { type Request, type Response } from 'express';
import { idTokenJwks, idTokenPems } from '../id-token';
import type { SandboxState } from '../state';
import { chooserPage, consentPage, errorPage, type AuthRequest } from './oauth-pages';
import { formOf } from './params';
import { applyFault, sendError, sendJson } from './respond';

/** OAuth errors are plain `{error, error_description}` objects, not the API envelope. */
function oauthError(res: Response, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

function readAuthRequest(src: Record<string, unknown>): AuthRequest {
  const s = (k: string): string | undefined => (typeof src[k] === 'string' ? (src[k] as string) : undefined);
  return {
    client_id: s('client_id') ?? '', redirect_uri: s('redirect_uri') ?? '', response_type: s('response_type') ?? '',
    scope: s('scope') ?? '', state: s('state'), access_type: s('access_type'), prompt: s('prompt'), login_hint: s('login_hint'),
  };
}

/** Checks what Google checks before showing any page; answers the error page itself and returns false when invalid. */
function validAuthRequest(state: SandboxState, req: AuthRequest, res: Response): boolean {
  const fail = (code: number, error: string, detail: string): false => {
    res.status(code).type('html').send(errorPage(code, error, detail));
    return false;
  };
  if (req.client_id !== state.clientId) return fail(401, 'invalid_client', 'The OAuth client was not found.');
  // Like Google: only an exact match of a URI registered for the client; anything else stops here, before any sign-in.
  if (!state.redirectUris.has(req.redirect_uri)) {
    return fail(400, 'redirect_uri_mismatch', `The redirect URI in the request, ${req.redirect_uri}, does not match the ones authorized for the OAuth client.`);
  }
  if (req.response_type !== 'code') return fail(400, 'unsupported_response_type', `Unsupported response_type: ${req.response_type}`);
  if (req.scope.trim() === '') return fail(400, 'invalid_request', 'Missing required parameter: scope');
  return true;
}

function redirectWith(res: Response, target: string, params: Record<string, string | undefined>): void {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

/** Client authentication: client_secret_post or client_secret_basic, as google-auth-library and passport send it. */
function clientCredentials(req: Request): { id?: string; secret?: string } {
  const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: id ? decodeURIComponent(id) : undefined, secret: secret ? decodeURIComponent(secret) : undefined };
  }
  const body = (req.body ?? {}) as Record<string, string | undefined>;
  return { id: body.client_id, secret: body.client_secret };
}

export function oauthRouter(state: SandboxState): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false });
  const registry = state.registry;

  router.get('/o/oauth2/v2/auth', (req, res) => {
    const ar = readAuthRequest(req.query as Record<string, unknown>);
    if (!validAuthRequest(state, ar, res)) return;
    res.type('html').send(chooserPage(ar, [...registry.accounts.values()]));
  });

  router.post('/o/oauth2/v2/auth/choose', form, (req, res) => {
    const body = formOf(req);
    const ar = readAuthRequest(body);
    if (!validAuthRequest(state, ar, res)) return;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      res.status(400).type('html').send(errorPage(400, 'invalid_request', 'Enter a valid email address.'));
      return;
    }
    // Signing in with a new address creates that sandbox account: there is no password to know.
    res.type('html').send(consentPage(ar, registry.ensureAccount(email)));
  });

  router.post('/o/oauth2/v2/auth/consent', form, (req, res) => {
    const body = formOf(req);
    const ar = readAuthRequest(body);
    if (!validAuthRequest(state, ar, res)) return;
    const account = registry.accounts.get(String(body.email ?? '').toLowerCase());
    if (!account || body.decision !== 'allow') {
      redirectWith(res, ar.redirect_uri, { error: 'access_denied', state: ar.state });
      return;
    }
    // Like Google: a refresh token comes with offline access on first consent, or again when prompt=consent.
    const offline = ar.access_type === 'offline';
    const issueRefresh = offline && ((ar.prompt ?? '').split(' ').includes('consent') || !registry.hasLiveGrant(account, ar.client_id));
    const grant = registry.grant(account, ar.client_id, ar.scope);
    const code = registry.issueCode(grant, ar.redirect_uri, issueRefresh);
    redirectWith(res, ar.redirect_uri, { code, scope: grant.scope, state: ar.state, authuser: '0', prompt: 'consent' });
  });

  router.post('/token', form, express.json(), (req, res) => {
    if (applyFault(state.faults, 'oauth.token', req, res)) return;
    const { id, secret } = clientCredentials(req);
    if (id !== state.clientId) return oauthError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    if (secret !== state.clientSecret) return oauthError(res, 401, 'invalid_client', 'Unauthorized');
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type === 'authorization_code') {
      const out = registry.redeemCode(body.code ?? '', id, body.redirect_uri);
      if (out === 'invalid_grant') return oauthError(res, 400, 'invalid_grant', 'Malformed auth code.');
      if (out === 'redirect_uri_mismatch') return oauthError(res, 400, 'redirect_uri_mismatch', 'Bad Request');
      return sendJson(res, 200, out);
    }
    if (body.grant_type === 'refresh_token') {
      const out = registry.refresh(body.refresh_token ?? '', id);
      if (!out) return oauthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
      return sendJson(res, 200, out);
    }
    return oauthError(res, 400, 'unsupported_grant_type', `Invalid grant_type: ${body.grant_type ?? ''}`);
  });

  router.get('/oauth2/v3/userinfo', (req, res) => {
    if (applyFault(state.faults, 'oauth.userinfo', req, res)) return;
    let who;
    try {
      who = registry.authenticate(req.headers.authorization, req.query.access_token);
    } catch {
      return oauthError(res, 401, 'invalid_request', 'Invalid Credentials');
    }
    // Like Google, the claims follow the granted scopes: `sub` always, the rest only with profile / email.
    const { account, grant } = who;
    const scopes = grant.scope.split(' ');
    const has = (...names: string[]): boolean => names.some((n) => scopes.includes(n));
    const [given, ...rest] = account.name.split(' ');
    sendJson(res, 200, {
      sub: account.id,
      ...(has('profile', 'https://www.googleapis.com/auth/userinfo.profile')
        ? { name: account.name, given_name: given, family_name: rest.join(' ') || undefined } : {}),
      ...(has('email', 'https://www.googleapis.com/auth/userinfo.email') ? { email: account.email, email_verified: true } : {}),
    });
  });

  // Public keys for id_tokens, at the paths Google serves them (google-auth-library's certificate endpoints).
  router.get('/oauth2/v1/certs', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(idTokenPems());
  });
  router.get('/oauth2/v3/certs', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(idTokenJwks());
  });

  const revoke = (req: Request, res: Response): void => {
    if (applyFault(state.faults, 'oauth.revoke', req, res)) return;
    const token = typeof req.query.token === 'string' ? req.query.token : (req.body as Record<string, string> | undefined)?.token;
    if (!token || !registry.revoke(token)) return oauthError(res, 400, 'invalid_token', 'Token expired or revoked');
    sendJson(res, 200, {});
  };
  router.post('/revoke', form, revoke);
  router.get('/revoke', revoke);
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => sendError(res, err));
  return router;
}
