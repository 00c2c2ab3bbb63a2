import { expect } from 'chai';
import { canonicalJson, hashCard } from '../../../src/core/hash';
import { card, FR } from './fixtures';

describe('core/hash', () => {
  it('is a sha256 hex digest', () => {
    expect(hashCard(card(), FR)).to.match(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of the card fields', () => {
    const a = card({ givenName: 'Jean', familyName: 'Dupont', note: 'x' });
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(hashCard(reordered, FR)).to.equal(hashCard(a, FR));
  });

  it('is the same for cards diff calls equal (formatting, case)', () => {
    const a = card({ phoneMobile: '06 12 34 56 78', emailWork: 'Jean@Example.com', civility: 'MR' });
    const b = card({ phoneMobile: '+33612345678', emailWork: 'jean@example.com', civility: 'Mr' });
    expect(hashCard(a, FR)).to.equal(hashCard(b, FR));
  });

  it('changes with any mapped value', () => {
    const a = card({ givenName: 'Jean' });
    expect(hashCard(a, FR)).not.to.equal(hashCard(card({ givenName: 'Jeanne' }), FR));
    expect(hashCard(a, FR)).not.to.equal(hashCard(card({ givenName: 'Jean', birthday: '--05-12' }), FR));
  });

  it('tells a value apart from the same value in another field', () => {
    expect(hashCard(card({ emailWork: 'a@b.c' }), FR)).not.to.equal(hashCard(card({ emailHome: 'a@b.c' }), FR));
  });

  describe('canonicalJson', () => {
    it('sorts keys at every level and drops undefined values', () => {
      expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).to.equal('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
    });

    it('keeps array order and nulls', () => {
      expect(canonicalJson([3, null, 1])).to.equal('[3,null,1]');
    });
  });
});
