import { createHash, randomBytes } from 'node:crypto';

/**
 * Identifier shapes copied from Google: contacts are `people/c<decimal>` with the same number in hex as the
 * CONTACT source id, user groups are `contactGroups/<hex>`, account ids are 21-digit numbers (the OIDC `sub`).
 */
export function newContactNumber(): bigint {
  // 63 bits keeps the decimal form the length Google uses (up to 19 digits) and never negative.
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

export function newGroupId(): string {
  return randomBytes(8).toString('hex');
}

export function newAccountId(): string {
  return '1' + Array.from(randomBytes(20), (b) => String(b % 10)).join('');
}

export function opaque(prefix: string, bytes = 24): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** A deterministic etag: the same state always yields the same tag, so persistence does not change etags. */
export function etagOf(prefix: string, ...parts: Array<string | number>): string {
  return prefix + createHash('sha256').update([prefix, ...parts].join('\u0000')).digest('base64url').slice(0, 24);
}
