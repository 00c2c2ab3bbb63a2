/** The secret box refuses what is not a whole sealed value: a truncated GCM tag would weaken the tampering check. */
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { isGContactsError } from '../../../src/errors';
import { secretBox, tokenKey } from '../../../src/store/secret-box';

describe('secret box: only whole sealed values open', () => {
  const box = secretBox(tokenKey({ GCONTACTS_SECRET: 'unit' }, tmpdir()));

  const refused = (sealed: string) => {
    let error: unknown = null;
    try {
      box.open(sealed);
    } catch (e) {
      error = e;
    }
    expect(isGContactsError(error, 'CONFIG'), String(error)).to.equal(true);
  };

  it('refuses a value whose authentication tag was cut short (GCM would check only the bytes left)', () => {
    const raw = Buffer.from(box.seal('').slice(3), 'base64');
    expect(raw).to.have.length(28);
    // IV + the first 4 bytes of the real tag: an attacker guesses 4 bytes instead of 16.
    refused(`v1:${raw.subarray(0, 16).toString('base64')}`);
    refused(`v1:${raw.subarray(0, 20).toString('base64')}`);
  });

  it('refuses garbage with the CONFIG error, not a crypto library error', () => {
    refused('v1:AAAA');
    refused('v1:');
    refused('v2:AAAA');
  });

  it('tightens a key file found readable by others (restored from a backup, copied by hand) back to 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-key-loose-'));
    const file = join(dir, 'secret.key');
    writeFileSync(file, randomBytes(32).toString('base64'));
    chmodSync(file, 0o644);
    const key = tokenKey({}, dir);
    expect(key).to.have.length(32);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
  });
});
