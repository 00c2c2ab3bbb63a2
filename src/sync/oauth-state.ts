/**
 * The OAuth `state` of a connection made by hand against Google (`accounts connect EMAIL`, then `--code` with the
 * code and state Google's redirect carries). The state is sealed with the module's key (AES-256-GCM, the refresh
 * tokens' key): only this CRM can have made it, for this email, within the last hour. A code brought back with a
 * state this CRM did not make — a code an attacker obtained for their own Google account — is refused before it is
 * exchanged.
 */
import { GContactsError } from '../errors';
import { secretBox, tokenKey } from '../store/secret-box';
import type { SyncContext } from './context';

/** Longer than a person needs to allow access and paste the code back; Google's codes live 10 minutes anyway. */
export const STATE_TTL_MS = 60 * 60 * 1000;

function box(sync: SyncContext) {
  return secretBox(tokenKey(sync.host.env, sync.host.dataDir));
}

/** A fresh state for a consent asked for `email`: URL-safe, so it reads the same in the address bar. */
export function issueState(sync: SyncContext, email: string): string {
  const expires = sync.host.clock.now().getTime() + STATE_TTL_MS;
  return Buffer.from(box(sync).seal(JSON.stringify({ email: email.toLowerCase(), expires }))).toString('base64url');
}

/** Throws a BAD_INPUT error (`reason`: 'invalid' | 'expired' | 'other_email') unless `state` is one this CRM issued for `email`, still valid. */
export function checkState(sync: SyncContext, state: string, email: string): void {
  let claims: { email?: unknown; expires?: unknown };
  try {
    claims = JSON.parse(box(sync).open(Buffer.from(state, 'base64url').toString('utf8'))) as typeof claims;
  } catch {
    throw new GContactsError('BAD_INPUT', 'the OAuth state was not issued by this CRM', { reason: 'invalid' });
  }
  if (typeof claims.expires !== 'number' || claims.expires < sync.host.clock.now().getTime()) {
    throw new GContactsError('BAD_INPUT', 'the OAuth state has expired', { reason: 'expired' });
  }
  if (claims.email !== email.toLowerCase()) throw new GContactsError('BAD_INPUT', 'the OAuth state was issued for another email', { reason: 'other_email' });
}
