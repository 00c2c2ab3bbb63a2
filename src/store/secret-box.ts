/**
 * Refresh tokens at rest: AES-256-GCM, a fresh 12-byte IV per value, the tag checked on open (a tampered or
 * wrongly keyed value fails loudly instead of decrypting to garbage). The key comes from GCONTACTS_SECRET (any
 * length, stretched to 32 bytes with HKDF) or, without it, from a random key file created once with mode 0600 in
 * the module's data directory.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GContactsError } from '../errors';

const VERSION = 'v1';
const KEY_FILE = 'secret.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new GContactsError('CONFIG', 'the token key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const [version, data] = sealed.split(':');
      if (version !== VERSION || !data) throw new GContactsError('CONFIG', 'unknown refresh token format');
      const raw = Buffer.from(data, 'base64');
      try {
        // IV and a whole 16-byte tag: GCM would otherwise check a shorter tag, only the bytes it was given.
        if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (e) {
        throw new GContactsError('CONFIG', 'a refresh token cannot be decrypted: was GCONTACTS_SECRET or the key file changed?', undefined, { cause: e });
      }
    },
  };
}

/** The key: derived from GCONTACTS_SECRET when set, else read from (or created in) `<dataDir>/secret.key`. */
export function tokenKey(env: Readonly<Record<string, string | undefined>>, dataDir: string): Buffer {
  const secret = env.GCONTACTS_SECRET;
  if (secret) return Buffer.from(hkdfSync('sha256', secret, 'gcontacts', 'refresh-token-key', 32));
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    // 'wx': two processes starting together must not overwrite each other's key; the loser reads the winner's.
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  // A key file others can read (restored from a backup, copied by hand) is brought back to owner-only.
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new GContactsError('CONFIG', `${file} does not hold a 32-byte key`);
  return key;
}
