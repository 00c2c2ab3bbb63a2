/**
 * Connecting a Google account (issue 4 item 1, until the setup page exists). Against the sandbox the consent is
 * completed over HTTP without a browser; against Google the admin opens the authorisation URL, allows access, and
 * passes the code and the state Google hands back (a code also goes this way against the sandbox). The refresh token goes straight into the encrypted column.
 */
import type { AccountScope } from '../core/scope';
import { GContactsError } from '../errors';
import { oauthClientConfig } from '../google/endpoints';
import { createGoogleOAuth, SANDBOX_REDIRECT_URI, type ConnectedAccount } from '../google/oauth';
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';
import { checkState, issueState } from './oauth-state';

export type ConnectOutcome = { kind: 'connected'; account: Account } | { kind: 'authorize'; url: string };

export interface ConnectInput {
  email: string;
  scope: AccountScope;
  /** The code Google gave after consent (real Google only), with the state that came back beside it. */
  code?: string;
  /** Read-only, for the Import page only (issue 11): the module never writes to this account. */
  importOnly?: boolean;
  state?: string;
}

/** Where Google sends the admin back: the module's OAuth callback on this CRM (its address bar holds the code). */
export function redirectUri(env: SyncContext['host']['env']): string {
  return `${(env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/m/gcontacts/oauth2/callback`;
}

/**
 * Every redirect URI the module sends Google's consent back to: this CRM's callback, and the address the CLI's
 * browserless sandbox sign-in reads. They are what an admin registers for the OAuth client (and the demo registers
 * on its sandbox).
 */
export function moduleRedirectUris(env: SyncContext['host']['env']): string[] {
  return [redirectUri(env), SANDBOX_REDIRECT_URI];
}

/**
 * Stores what a consent granted. The same Google account again (re-consent) gets its new token and keeps its id,
 * so its links stay. A user connecting their own Gmail may not take over an account connected for someone else
 * (the CRM's shared account, another rep's): that answers 'taken' and changes nothing. A read-only grant for an
 * account the module syncs answers 'downgrade' and changes nothing: storing it would silently stop the sync (and
 * its token is left alone, since revoking it would end the sync account's grant too). A full grant for an
 * import-only account makes it a sync account, which is what was asked for.
 */
export async function saveGrant(sync: SyncContext, granted: ConnectedAccount, scope: AccountScope, mayReassign: boolean, importOnly = false): Promise<Account | 'taken' | 'downgrade'> {
  const existing = await sync.stores.accounts.byEmail(granted.email);
  if (existing && !mayReassign && !sameScope(existing.scope, scope)) return 'taken';
  if (existing && importOnly && !existing.importOnly) return 'downgrade';
  return sync.stores.accounts.connect({ email: granted.email, refreshToken: granted.refreshToken, scope, importOnly });
}

function sameScope(a: AccountScope, b: AccountScope): boolean {
  return a.kind === b.kind && (a.kind === 'all' || (b.kind === 'salesrep' && a.userId === b.userId));
}

/**
 * Disconnects the account: the grant ends at Google first (a token Google no longer knows counts as revoked), then
 * the module forgets the account. When Google cannot be reached nothing is forgotten, so the admin can try again.
 * The Google contacts stay in the account (a Cleanup before, if asked for, took the module's out).
 */
export async function disconnectAccount(sync: SyncContext, account: Account): Promise<void> {
  const token = await sync.stores.accounts.refreshToken(account.id);
  if (token) await createGoogleOAuth(oauthClientConfig(sync.host.env)).revoke(token);
  await sync.stores.accounts.remove(account.id);
}

export async function connectAccount(sync: SyncContext, input: ConnectInput): Promise<ConnectOutcome> {
  const config = oauthClientConfig(sync.host.env);
  const oauth = createGoogleOAuth(config);
  const access = input.importOnly ? 'read-only' : 'read-write';
  let granted;
  if (input.code) {
    // The code must come back from a consent this CRM asked for, for this email (the state binds them).
    if (!input.state) throw new GContactsError('BAD_INPUT', 'the OAuth state that came back with the code is missing', { reason: 'missing' });
    checkState(sync, input.state, input.email);
    granted = await oauth.exchangeCode(input.code, redirectUri(sync.host.env), access);
  } else if (config.endpoints.sandbox) granted = await oauth.connectWithoutBrowser(input.email, access);
  else return { kind: 'authorize', url: oauth.authorizationUrl(issueState(sync, input.email), redirectUri(sync.host.env), input.email, access) };
  // Google's answer names the account really consented, which is the one to store.
  const account = await saveGrant(sync, granted, input.scope, true, input.importOnly ?? false);
  // The CLI may reassign, so the one refusal left is a read-only grant for an account the module syncs.
  if (typeof account === 'string') throw new GContactsError('CONFLICT', `${granted.email} is connected for sync: connecting it for import only would stop its sync; disconnect it first`, { reason: account });
  return { kind: 'connected', account };
}
