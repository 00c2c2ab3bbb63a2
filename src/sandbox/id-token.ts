import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export const ID_TOKEN_ISSUER = 'https://accounts.google.com';

/**
 * Signs OpenID Connect id_tokens the way Google does (RS256, `kid` in the header) and publishes the public key at
 * the two certificate URLs google-auth-library reads (`oauth2FederatedSignonPemCertsUrl` / `...JwkCertsUrl`), so
 * `verifyIdToken` works against the sandbox. The key lives as long as the process: id_tokens are short-lived.
 */
export class IdTokenSigner {
  readonly kid = randomBytes(20).toString('hex');
  private pair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

  /** Made on first use: RSA key generation costs tens of milliseconds, and most sandboxes never sign in with openid. */
  private get keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    this.pair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.pair;
  }

  sign(claims: Record<string, unknown>): string {
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const data = `${b64({ alg: 'RS256', kid: this.kid, typ: 'JWT' })}.${b64(claims)}`;
    return `${data}.${createSign('RSA-SHA256').update(data).sign(this.keys.privateKey).toString('base64url')}`;
  }

  /** Shape of https://www.googleapis.com/oauth2/v1/certs: kid → PEM. */
  pems(): Record<string, string> {
    return { [this.kid]: this.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  /** Shape of https://www.googleapis.com/oauth2/v3/certs: a JWK set. */
  jwks(): { keys: Array<Record<string, unknown>> } {
    return { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }
}
