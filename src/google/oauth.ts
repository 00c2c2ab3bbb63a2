/**
 * Connecting a Google account: the authorisation URL, the code exchange (refresh token + the account's email),
 * revocation, and for the sandbox only a browserless consent for `gcontacts accounts connect`.
 */
import { randomBytes } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { GContactsError } from '../errors';
import { parseFailure, toGContactsError } from './error-parser';
import { CONTACTS_READONLY_SCOPE, CONTACTS_SCOPE, type OAuthClientConfig } from './gateway';
import { completeSandboxConsent } from './sandbox-consent';

/** Contacts, plus the account's email address (openid + email) so the module knows which account it linked. */
export const OAUTH_SCOPES = [CONTACTS_SCOPE, 'openid', 'email'] as const;

/** 'read-only': an account connected for import only (issue 11), which the module must never write to. */
export type ContactsAccess = 'read-write' | 'read-only';

/** The contacts scope a connection asks Google for. */
export const contactsScope = (access: ContactsAccess) => (access === 'read-only' ? CONTACTS_READONLY_SCOPE : CONTACTS_SCOPE);

/** Every scope a connection asks for: its contacts scope, then the account's email. */
export const scopesFor = (access: ContactsAccess): string[] => [contactsScope(access), ...OAUTH_SCOPES.slice(1)];

/**
 * Whether the scopes Google says it granted (space-separated) give the access asked for. Google's consent lets the
 * person untick a scope, and without contacts every sync would fail; full contacts access also serves an import.
 * No scope in the answer means the grant is what was asked for (OAuth 2.0, RFC 6749 §5.1).
 */
export function grantsAccess(granted: string | undefined | null, access: ContactsAccess): boolean {
  if (!granted) return true;
  const scopes = granted.split(' ');
  return scopes.includes(CONTACTS_SCOPE) || (access === 'read-only' && scopes.includes(CONTACTS_READONLY_SCOPE));
}

/** Where the sandbox consent "returns" in connectWithoutBrowser: read from the Location header, never contacted. */
export const SANDBOX_REDIRECT_URI = 'http://127.0.0.1/gcontacts/oauth2/callback';

const TIMEOUT_MS = 20_000;

export interface ConnectedAccount {
  refreshToken: string;
  email: string;
}

export interface GoogleOAuth {
  /** Offline access with prompt=consent, so Google sends a refresh token even on a second connection. */
  authorizationUrl(state: string, redirectUri: string, loginHint?: string, access?: ContactsAccess): string;
  exchangeCode(code: string, redirectUri: string, access?: ContactsAccess): Promise<ConnectedAccount>;
  /** Ends the grant at Google; a token Google no longer knows counts as revoked. */
  revoke(refreshToken: string): Promise<void>;
  /** Sandbox only: signs `email` in on the sandbox's own pages and allows the consent, over plain HTTP. */
  connectWithoutBrowser(email: string, access?: ContactsAccess): Promise<ConnectedAccount>;
}

export function createGoogleOAuth(config: OAuthClientConfig): GoogleOAuth {
  const { endpoints } = config;
  const client = (redirectUri?: string): OAuth2Client => new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: endpoints.authUrl, oauth2TokenUrl: endpoints.tokenUrl, oauth2RevokeUrl: endpoints.revokeUrl },
    // No hidden retries: replaying an authorisation code whose answer was lost makes Google revoke the grant;
    // a person connecting an account simply tries again.
    transporterOptions: { timeout: TIMEOUT_MS, retryConfig: { retry: 0, noResponseRetries: 0 } },
  });
  const googleError = (operation: string, e: unknown): GContactsError =>
    e instanceof GContactsError ? e : toGContactsError(parseFailure(e, { nowMs: Date.now(), tokenUrl: endpoints.tokenUrl }), { operation, ambiguous: false });

  const authorizationUrl: GoogleOAuth['authorizationUrl'] = (state, redirectUri, loginHint, access = 'read-write') =>
    client(redirectUri).generateAuthUrl({
      access_type: 'offline', prompt: 'consent', scope: scopesFor(access), state,
      ...(loginHint ? { login_hint: loginHint } : {}),
    });

  async function exchangeCode(code: string, redirectUri: string, access: ContactsAccess = 'read-write'): Promise<ConnectedAccount> {
    const auth = client(redirectUri);
    try {
      const { tokens } = await auth.getToken({ code, redirect_uri: redirectUri });
      if (!tokens.refresh_token) {
        throw new GContactsError('GOOGLE_AUTH', 'Google sent no refresh token; connect the account again', { reconnect: true });
      }
      if (!grantsAccess(tokens.scope, access)) {
        throw new GContactsError('GOOGLE_AUTH', 'Access to Google Contacts was not granted; connect again and allow it', { reconnect: true, missingScope: contactsScope(access) });
      }
      auth.setCredentials(tokens);
      const email = emailFromIdToken(tokens.id_token) ?? await emailFromUserInfo(auth, endpoints.userInfoUrl);
      return { refreshToken: tokens.refresh_token, email };
    } catch (e) {
      throw googleError('exchangeCode', e);
    }
  }

  async function revoke(refreshToken: string): Promise<void> {
    try {
      await client().revokeToken(refreshToken);
    } catch (e) {
      const f = parseFailure(e, { nowMs: Date.now(), tokenUrl: endpoints.tokenUrl });
      if (f.httpStatus === 400 && f.googleStatus === 'invalid_token') return;
      throw toGContactsError(f, { operation: 'revoke', ambiguous: false });
    }
  }

  async function connectWithoutBrowser(email: string, access: ContactsAccess = 'read-write'): Promise<ConnectedAccount> {
    if (!endpoints.sandbox) {
      throw new GContactsError('CONFIG', 'Connecting without a browser works only against the Google sandbox (GCONTACTS_GOOGLE_URL); ' +
        'connect a real Google account on the setup page');
    }
    const state = randomBytes(16).toString('hex');
    const back = await completeSandboxConsent(authorizationUrl(state, SANDBOX_REDIRECT_URI, email, access), email);
    if (back.origin + back.pathname !== SANDBOX_REDIRECT_URI || back.searchParams.get('state') !== state) {
      throw new GContactsError('GOOGLE_AUTH', 'sandbox sign-in: the consent came back to another address or with another state', { reconnect: true });
    }
    const code = back.searchParams.get('code');
    if (!code) {
      throw new GContactsError('GOOGLE_AUTH', `sandbox sign-in: consent refused (${back.searchParams.get('error') ?? 'no code'})`, { reconnect: true });
    }
    return exchangeCode(code, SANDBOX_REDIRECT_URI, access);
  }

  return { authorizationUrl, exchangeCode, revoke, connectWithoutBrowser };
}

/**
 * The id_token came straight from the token endpoint over TLS, so its issuer is already authenticated (OpenID
 * Connect Core 3.1.3.7): reading the payload without checking the signature is what the spec allows here.
 */
export function emailFromIdToken(idToken: string | null | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { email?: unknown };
    return typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

async function emailFromUserInfo(auth: OAuth2Client, url: string): Promise<string> {
  const { data } = await auth.request<{ email?: string }>({ url });
  if (typeof data.email !== 'string' || data.email === '') {
    throw new GContactsError('GOOGLE_AUTH', 'Google did not tell the account\'s email address; connect again and allow it', { reconnect: true });
  }
  return data.email.toLowerCase();
}
