/**
 * Connecting a Google account (issue 4 item 1, until the setup page exists). Against the sandbox the consent is
 * completed over HTTP without a browser; against Google the admin opens the authorisation URL, allows access, and
 * passes the code Google hands back. The refresh token goes straight into the encrypted column.
 */
import { randomBytes } from 'node:crypto';
import type { AccountScope } from '../core/scope';
import { oauthClientConfig } from '../google/endpoints';
import { createGoogleOAuth } from '../google/oauth';
import type { Account } from '../store/accounts';
import type { SyncContext } from './context';

export type ConnectOutcome = { kind: 'connected'; account: Account } | { kind: 'authorize'; url: string };

export interface ConnectInput {
  email: string;
  scope: AccountScope;
  /** The code Google gave after consent (real Google only). */
  code?: string;
  /** Read-only, for the Import page only (issue 11): the module never writes to this account. */
  importOnly?: boolean;
}

/** Where Google sends the admin back: the module's OAuth callback on this CRM (its address bar holds the code). */
export function redirectUri(env: SyncContext['host']['env']): string {
  return `${(env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/m/gcontacts/oauth2/callback`;
}

export async function connectAccount(sync: SyncContext, input: ConnectInput): Promise<ConnectOutcome> {
  const config = oauthClientConfig(sync.host.env);
  const oauth = createGoogleOAuth(config);
  const access = input.importOnly ? 'read-only' : 'read-write';
  let granted;
  if (config.endpoints.sandbox) granted = await oauth.connectWithoutBrowser(input.email, access);
  else if (input.code) granted = await oauth.exchangeCode(input.code, redirectUri(sync.host.env), access);
  else return { kind: 'authorize', url: oauth.authorizationUrl(randomBytes(16).toString('hex'), redirectUri(sync.host.env), input.email, access) };
  // Google's answer names the account really consented, which is the one to store.
  const account = await sync.stores.accounts.connect({ email: granted.email, refreshToken: granted.refreshToken, scope: input.scope, importOnly: input.importOnly ?? false });
  return { kind: 'connected', account };
}
