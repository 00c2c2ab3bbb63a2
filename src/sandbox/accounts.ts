import { ApiError, errorInfo } from './api-error';
import { AddressBook } from './domain/address-book';
import { ID_TOKEN_ISSUER, signIdToken } from './id-token';
import { newAccountId, opaque } from './ids';

export const ACCESS_TOKEN_TTL_S = 3600;
const AUTH_CODE_TTL_MS = 10 * 60 * 1000;
const EXPIRED_GRACE_MS = 24 * 60 * 60 * 1000;
export const CONTACTS_SCOPE = 'https://www.googleapis.com/auth/contacts';
export const CONTACTS_READONLY_SCOPE = 'https://www.googleapis.com/auth/contacts.readonly';
/** What a control-API account gets: enough for the module (contacts) and for sign-in (userinfo). */
export const FULL_SCOPE = [CONTACTS_SCOPE, 'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile', 'openid'].join(' ');

export interface Account {
  id: string;             // the OIDC `sub`
  email: string;
  name: string;
  book: AddressBook;
}

/** One user's consent to one OAuth client: the refresh token names it, access tokens hang off it. */
export interface Grant {
  id: string;
  accountId: string;
  clientId: string;
  scope: string;
  refreshTokens: string[];   // Google allows several live refresh tokens per (user, client)
  revoked: boolean;
}

interface AccessToken { grantId: string; expiresAt: number }
interface AuthCode { grantId: string; redirectUri: string; issueRefresh: boolean; expiresAt: number; used: boolean }

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export class AccountRegistry {
  readonly accounts = new Map<string, Account>();   // by email (lower case)
  private readonly byId = new Map<string, Account>();
  readonly grants = new Map<string, Grant>();
  readonly accessTokens = new Map<string, AccessToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly now: () => number, private readonly onWrite: () => void) {}

  ensureAccount(email: string): Account {
    const key = email.trim().toLowerCase();
    let account = this.accounts.get(key);
    if (!account) {
      const local = key.split('@')[0] ?? key;
      const name = local.split(/[._-]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || key;
      account = { id: newAccountId(), email: key, name, book: new AddressBook(this.now(), this.onWrite) };
      this.adopt(account);
      this.onWrite();
    }
    return account;
  }

  /** Registers an account built elsewhere (a restored snapshot). */
  adopt(account: Account): void {
    this.accounts.set(account.email, account);
    this.byId.set(account.id, account);
  }

  accountById(id: string): Account | undefined {
    return this.byId.get(id);
  }

  /** Finds or opens the grant of (account, client). A fresh refresh token is minted only when asked to. */
  grant(account: Account, clientId: string, scope: string): Grant {
    for (const g of this.grants.values()) {
      if (g.accountId === account.id && g.clientId === clientId && !g.revoked) {
        g.scope = mergeScopes(g.scope, scope);
        return g;
      }
    }
    const g: Grant = { id: opaque('g', 9), accountId: account.id, clientId, scope, refreshTokens: [], revoked: false };
    this.grants.set(g.id, g);
    return g;
  }

  hasLiveGrant(account: Account, clientId: string): boolean {
    return [...this.grants.values()].some((g) =>
      g.accountId === account.id && g.clientId === clientId && !g.revoked && g.refreshTokens.length > 0);
  }

  issueTokens(grant: Grant, withRefresh: boolean): TokenResponse {
    this.forgetExpired();
    const access = opaque('ya29.sbx-', 36);
    this.accessTokens.set(access, { grantId: grant.id, expiresAt: this.now() + ACCESS_TOKEN_TTL_S * 1000 });
    const res: TokenResponse = { access_token: access, expires_in: ACCESS_TOKEN_TTL_S - 1, token_type: 'Bearer', scope: grant.scope };
    const idToken = this.idToken(grant);
    if (idToken) res.id_token = idToken;
    if (withRefresh) {
      const refresh = opaque('1//sbx-', 48);
      grant.refreshTokens.push(refresh);
      res.refresh_token = refresh;
    }
    this.onWrite();
    return res;
  }

  /** With the openid scope Google adds a signed id_token; its claims follow the granted scopes like userinfo's. */
  private idToken(grant: Grant): string | undefined {
    const scopes = grant.scope.split(' ');
    const account = this.byId.get(grant.accountId);
    if (!scopes.includes('openid') || !account) return undefined;
    const iat = Math.floor(this.now() / 1000);
    return signIdToken({
      iss: ID_TOKEN_ISSUER, azp: grant.clientId, aud: grant.clientId, sub: account.id, iat, exp: iat + ACCESS_TOKEN_TTL_S,
      ...(scopes.includes('email') || scopes.includes('https://www.googleapis.com/auth/userinfo.email')
        ? { email: account.email, email_verified: true } : {}),
      ...(scopes.includes('profile') || scopes.includes('https://www.googleapis.com/auth/userinfo.profile') ? { name: account.name } : {}),
    });
  }

  issueCode(grant: Grant, redirectUri: string, issueRefresh: boolean): string {
    this.forgetExpired();
    const code = opaque('4/sbx-', 30);
    this.codes.set(code, { grantId: grant.id, redirectUri, issueRefresh, expiresAt: this.now() + AUTH_CODE_TTL_MS, used: false });
    return code;
  }

  /** Exchanges a code once; a replayed code also revokes what it produced, as Google does. */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined): TokenResponse | 'invalid_grant' | 'redirect_uri_mismatch' {
    const c = this.codes.get(code);
    const grant = c ? this.grants.get(c.grantId) : undefined;
    if (!c || !grant || grant.clientId !== clientId || grant.revoked || c.expiresAt < this.now()) return 'invalid_grant';
    if (c.used) {
      this.revokeGrant(grant);
      return 'invalid_grant';
    }
    if (redirectUri !== c.redirectUri) return 'redirect_uri_mismatch';
    c.used = true;
    return this.issueTokens(grant, c.issueRefresh);
  }

  refresh(refreshToken: string, clientId: string): TokenResponse | undefined {
    for (const g of this.grants.values()) {
      if (g.refreshTokens.includes(refreshToken) && g.clientId === clientId && !g.revoked) return this.issueTokens(g, false);
    }
    return undefined;
  }

  /** Revoking either token of a grant ends the whole grant, like Google's /revoke. */
  revoke(token: string): boolean {
    const access = this.accessTokens.get(token);
    const grant = access ? this.grants.get(access.grantId) : [...this.grants.values()].find((g) => g.refreshTokens.includes(token));
    if (!grant || grant.revoked) return false;
    this.revokeGrant(grant);
    return true;
  }

  private revokeGrant(grant: Grant): void {
    grant.revoked = true;
    for (const [t, a] of this.accessTokens) if (a.grantId === grant.id) this.accessTokens.delete(t);
    this.onWrite();
  }

  /** Resolves a bearer token or answers 401 the way Google's front end does. */
  authenticate(header: string | undefined, queryToken: unknown): { account: Account; grant: Grant } {
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim()
      : typeof queryToken === 'string' ? queryToken : undefined;
    if (!token) {
      throw new ApiError('UNAUTHENTICATED', 'Request is missing required authentication credential. Expected OAuth 2 access token, ' +
        'login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      [errorInfo('CREDENTIALS_MISSING', 'googleapis.com', { service: 'people.googleapis.com' })], WWW_AUTH);
    }
    const access = this.accessTokens.get(token);
    const grant = access ? this.grants.get(access.grantId) : undefined;
    const account = grant ? this.accountById(grant.accountId) : undefined;
    if (!access || !grant || grant.revoked || !account || access.expiresAt <= this.now()) {
      const reason = access && access.expiresAt <= this.now() ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED';
      throw new ApiError('UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, ' +
        'login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      [errorInfo(reason, 'googleapis.com', { service: 'people.googleapis.com' })], WWW_AUTH);
    }
    return { account, grant };
  }

  /**
   * Long-expired access tokens and codes are dead weight in memory and in the data file. Tokens are kept a day past
   * expiry so a late caller still hears "expired" (ACCESS_TOKEN_EXPIRED) rather than "unknown".
   */
  private forgetExpired(): void {
    const now = this.now();
    for (const [t, a] of this.accessTokens) if (a.expiresAt + EXPIRED_GRACE_MS <= now) this.accessTokens.delete(t);
    for (const [c, code] of this.codes) if (code.expiresAt <= now) this.codes.delete(c);
  }

  reset(): void {
    this.byId.clear();
    this.accounts.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.codes.clear();
    this.onWrite();
  }
}

const WWW_AUTH = { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' };

function mergeScopes(a: string, b: string): string {
  return [...new Set([...a.split(' '), ...b.split(' ')].filter(Boolean))].join(' ');
}
