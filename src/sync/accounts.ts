/**
 * Connecting a Google account (issue 4 item 1, until the setup page exists). Against the sandbox the consent is
 * completed over HTTP without a browser; against Google the admin opens the authorisation URL, allows access, and
 * passes the code and the state Google hands back (a code also goes this way against the sandbox). The refresh token goes straight into the encrypted column.
 */
import type { AccountScope } from '../core/scope';
import { GContactsError } from '../errors';
import { oauthClientConfig } from '../google/endpoints';
import { createGoogleOAuth, SANDBOX_REDIRECT_URI } from '../google/oauth';
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';
import { checkState, issueState } from './oauth-state';

export type ConnectOutcome = { kind: 'connected'; account: Account } | { kind: 'authorize'; url: string };

export interface ConnectInput {
  email: string;
  scope: AccountScope;
  /** The code Google gave after consent (real Google only), with the state that came back beside it. */
  code?: string;
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

export async function connectAccount(sync: SyncContext, input: ConnectInput): Promise<ConnectOutcome> {
  const config = oauthClientConfig(sync.host.env);
  const oauth = createGoogleOAuth(config);
  let granted;
  if (input.code) {
    // The code must come back from a consent this CRM asked for, for this email (the state binds them).
    if (!input.state) throw new GContactsError('BAD_INPUT', 'the OAuth state that came back with the code is missing', { reason: 'missing' });
    checkState(sync, input.state, input.email);
    granted = await oauth.exchangeCode(input.code, redirectUri(sync.host.env));
  } else if (config.endpoints.sandbox) granted = await oauth.connectWithoutBrowser(input.email);
  else return { kind: 'authorize', url: oauth.authorizationUrl(issueState(sync, input.email), redirectUri(sync.host.env), input.email) };
  // Google's answer names the account really consented, which is the one to store.
  const account = await sync.stores.accounts.connect({ email: granted.email, refreshToken: granted.refreshToken, scope: input.scope });
  return { kind: 'connected', account };
}
