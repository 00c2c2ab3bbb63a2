/** The secret box refuses what is not a whole sealed value: a truncated GCM tag would weaken the tampering check. */
import { tmpdir } from 'node:os';
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
});
