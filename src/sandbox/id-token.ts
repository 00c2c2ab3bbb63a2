import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * OpenID Connect id_tokens signed the way Google signs them (RS256, `kid` in the header), with the public key served
 * at the two certificate URLs google-auth-library reads (`oauth2FederatedSignonPemCertsUrl` / `...JwkCertsUrl`), so
 * `verifyIdToken` works against the sandbox.
 */
export const ID_TOKEN_ISSUER = 'https://accounts.google.com';

interface SigningKey { kid: string; privateKey: KeyObject; publicKey: KeyObject }

/**
 * One key per process, made on first use: RSA generation costs ~100 ms and test suites start many sandboxes.
 * Every sandbox publishes it, so sharing it changes nothing a client can see; id_tokens are short-lived anyway.
 */
let processKey: SigningKey | undefined;
function key(): SigningKey {
  processKey ??= { kid: randomBytes(20).toString('hex'), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
  return processKey;
}

export function signIdToken(claims: Record<string, unknown>): string {
  const { kid, privateKey } = key();
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const data = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64(claims)}`;
  return `${data}.${createSign('RSA-SHA256').update(data).sign(privateKey).toString('base64url')}`;
}

/** Shape of https://www.googleapis.com/oauth2/v1/certs: kid → PEM. */
export function idTokenPems(): Record<string, string> {
  const { kid, publicKey } = key();
  return { [kid]: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Shape of https://www.googleapis.com/oauth2/v3/certs: a JWK set. */
export function idTokenJwks(): { keys: Array<Record<string, unknown>> } {
  const { kid, publicKey } = key();
  return { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };
}
