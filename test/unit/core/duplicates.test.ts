import { expect } from 'chai';
import { DuplicateIndex, nameReason, preselectedLink, quickPhoneKey, suggestLastName } from '../../../src/core/duplicates';
import { nameWords } from '../../../src/core/normalise';
import type { Card } from '../../../src/core/card';
import { card, FR } from './fixtures';

const VIEWER = 10;

function indexOf(...contacts: [number, Partial<Card>, number?][]): DuplicateIndex {
  const index = new DuplicateIndex(FR);
  for (const [id, values, visibleTo] of contacts) index.put({ id, card: card(values), visibleTo: visibleTo ?? null });
  return index;
}

describe('core/duplicates', () => {
  it('finds a contact by email without case, and pre-selects the link when only one contact has it', () => {
    const index = indexOf([1, { givenName: 'Jean', familyName: 'Dupont', emailWork: 'jean@acme.fr' }], [2, { familyName: 'Other' }]);
    const found = index.find(card({ givenName: 'Johnny', familyName: 'D', emailHome: 'JEAN@ACME.FR' }), VIEWER);
    expect(found).to.deep.equal([{ contactId: 1, reasons: ['email'], score: 0.6 }]);
    expect(preselectedLink(found)).to.equal(1);
  });

  it('does not pre-select when the email points at two contacts', () => {
    const index = indexOf([1, { familyName: 'A', emailWork: 'info@shop.fr' }], [2, { familyName: 'B', emailHome: 'info@shop.fr' }]);
    const found = index.find(card({ familyName: 'C', emailWork: 'info@shop.fr' }), VIEWER);
    expect(found.map((d) => d.contactId)).to.deep.equal([1, 2]);
    expect(preselectedLink(found)).to.equal(null);
  });

  it('finds a phone written another way (E.164)', () => {
    const index = indexOf([3, { familyName: 'Petit', phoneMobile: '06 12 34 56 78' }]);
    expect(index.find(card({ familyName: 'Grand', phoneWork: '+33612345678' }), VIEWER)).to.deep.equal([{ contactId: 3, reasons: ['phone'], score: 0.4 }]);
    expect(preselectedLink(index.find(card({ phoneWork: '+33612345678' }), VIEWER))).to.equal(null);
  });

  it('reads numbers in E.164 the quick way', () => {
    expect(['06 12 34 56 78', '+33 6 12 34 56 78', '0033 (0)6 12 34 56 78'.replace('(0)', ''), '+33612345678'].map((p) => quickPhoneKey(p, 'FR'))).to.deep.equal(Array(4).fill('+33612345678'));
    expect(quickPhoneKey('(212) 555-1234', 'US')).to.equal('+12125551234');
    expect(quickPhoneKey('1234', 'FR')).to.equal(null);
  });

  it('ignores very short numbers (extensions)', () => {
    const index = indexOf([3, { familyName: 'Petit', phoneWork: '12' }]);
    expect(index.find(card({ familyName: 'Grand', phoneWork: '12' }), VIEWER)).to.deep.equal([]);
  });

  it('matches names across accents, case, swapped first and last name, and initials', () => {
    const index = indexOf([1, { givenName: 'Hélène', familyName: "D'Artagnan" }], [2, { givenName: 'Jean-Pierre', familyName: 'Martin' }]);
    expect(index.find(card({ givenName: 'helene', familyName: 'DARTAGNAN' }), VIEWER)).to.deep.equal([{ contactId: 1, reasons: ['name'], score: 0.5 }]);
    expect(index.find(card({ givenName: 'Martin', familyName: 'Jean Pierre' }), VIEWER)).to.deep.equal([{ contactId: 2, reasons: ['name-swapped'], score: 0.45 }]);
    // An initial alone is too weak to be shown...
    expect(index.find(card({ givenName: 'J. P.', familyName: 'Martin' }), VIEWER)).to.deep.equal([]);
    // ...but adds to other evidence.
    index.put({ id: 3, card: card({ givenName: 'Jean', familyName: 'Martin', phoneMobile: '06 00 00 00 01' }), visibleTo: null });
    const found = index.find(card({ givenName: 'J.', familyName: 'martin', phoneMobile: '+33600000001' }), VIEWER);
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ contactId: 3 });
    expect(found[0]!.reasons).to.have.members(['phone', 'name-initials']);
    expect(found[0]!.score).to.be.closeTo(0.7, 1e-9);
  });

  it('sums the evidence, best first, capped at 1', () => {
    const index = indexOf([1, { givenName: 'Ana', familyName: 'Lima', emailWork: 'ana@x.io', phoneMobile: '0611111111' }], [2, { givenName: 'Ana', familyName: 'Lima' }]);
    const found = index.find(card({ givenName: 'Ana', familyName: 'Lima', emailWork: 'ana@x.io', phoneMobile: '+33 6 11 11 11 11' }), VIEWER);
    expect(found.map((d) => [d.contactId, d.score])).to.deep.equal([[1, 1], [2, 0.5]]);
  });

  it('hides a private contact from everyone but its creator', () => {
    const index = indexOf([5, { familyName: 'Secret', emailWork: 's@x.io' }, 99]);
    expect(index.find(card({ emailWork: 's@x.io' }), VIEWER)).to.deep.equal([]);
    expect(index.find(card({ emailWork: 's@x.io' }), 99)).to.have.length(1);
  });

  it('forgets a removed contact and follows a changed one', () => {
    const index = indexOf([1, { familyName: 'Old', emailWork: 'a@x.io' }]);
    index.put({ id: 1, card: card({ familyName: 'New', emailWork: 'b@x.io' }), visibleTo: null });
    expect(index.find(card({ emailWork: 'a@x.io' }), VIEWER)).to.deep.equal([]);
    expect(index.find(card({ emailWork: 'b@x.io' }), VIEWER)).to.have.length(1);
    index.remove(1);
    expect(index.find(card({ emailWork: 'b@x.io' }), VIEWER)).to.deep.equal([]);
    expect(index.size).to.equal(0);
  });

  it('compares names word by word', () => {
    expect(nameWords(' Jean-Pierre  O’Brien ')).to.deep.equal(['jean', 'pierre', 'obrien']);
    expect(nameReason({ given: [], family: ['x'] }, { given: [], family: [] })).to.equal(null);
  });

  it('suggests a last name: the organisation, else the email local part', () => {
    expect(suggestLastName(card({ givenName: 'Bob', organisation: 'Acme', emailWork: 'bob@acme.fr' }))).to.equal('Acme');
    expect(suggestLastName(card({ givenName: 'Bob', emailHome: 'bob.smith@gmail.com' }))).to.equal('bob.smith');
    expect(suggestLastName(card({ givenName: 'Bob' }))).to.equal(null);
  });
});
