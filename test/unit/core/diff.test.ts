import { expect } from 'chai';
import { CARD_FIELDS } from '../../../src/core/card';
import { compareCards, diffCards, fieldKey, sameCard, sameField } from '../../../src/core/diff';
import { card, FR } from './fixtures';

describe('core/diff', () => {
  it('finds no difference between equal cards', () => {
    const a = card({ givenName: 'Jean', familyName: 'Dupont', emailWork: 'jean@example.com' });
    expect(diffCards(a, { ...a }, FR)).to.deep.equal([]);
    expect(sameCard(a, { ...a }, FR)).to.equal(true);
  });

  it('lists differing fields in the order of the tab', () => {
    const a = card({ givenName: 'Jean', note: 'a', phoneWork: '01 23 45 67 89' });
    const b = card({ givenName: 'Jeanne', note: 'b', phoneWork: '01 23 45 67 89' });
    expect(diffCards(a, b, FR)).to.deep.equal(['givenName', 'note']);
  });

  it('compares phones as E.164', () => {
    const a = card({ phoneMobile: '06 12 34 56 78', fax: '01 23 45 67 89' });
    const b = card({ phoneMobile: '+33612345678', fax: '+33 1 23 45 67 89' });
    expect(diffCards(a, b, FR)).to.deep.equal([]);
    expect(sameField(a, card({ phoneMobile: '06 12 34 56 79' }), 'phoneMobile', FR)).to.equal(false);
  });

  it('compares phones in the region given', () => {
    const a = card({ phoneWork: '(212) 555-1234' });
    const b = card({ phoneWork: '+1 212 555 1234' });
    expect(sameField(a, b, 'phoneWork', { region: 'US' })).to.equal(true);
    expect(sameField(a, b, 'phoneWork', FR)).to.equal(false);
  });

  it('compares emails without case', () => {
    expect(diffCards(card({ emailHome: 'Jean@Example.com' }), card({ emailHome: 'jean@example.COM' }), FR)).to.deep.equal([]);
  });

  it('compares names with case and accents: they are real edits', () => {
    expect(diffCards(card({ familyName: 'Dupont' }), card({ familyName: 'DUPONT' }), FR)).to.deep.equal(['familyName']);
    expect(diffCards(card({ givenName: 'Helene' }), card({ givenName: 'Hélène' }), FR)).to.deep.equal(['givenName']);
  });

  it('treats composed and decomposed accents as the same name', () => {
    expect(diffCards(card({ givenName: 'Hélène' }), card({ givenName: 'He\u0301le\u0300ne' }), FR)).to.deep.equal([]);
  });

  it('compares addresses without case and spacing, and a missing address with an empty one', () => {
    const a = card({ homeAddress: { street: '12 rue de la Paix', zip: '75002', town: 'Paris', state: null, country: 'France' } });
    const b = card({ homeAddress: { street: '12 Rue de la  Paix', zip: '75002', town: 'PARIS', state: null, country: 'france' } });
    expect(diffCards(a, b, FR)).to.deep.equal([]);
    const empty = card({ homeAddress: { street: null, zip: null, town: ' ', state: null, country: null } });
    expect(diffCards(empty, card(), FR)).to.deep.equal([]);
  });

  it('compares civilities by code', () => {
    expect(diffCards(card({ civility: 'MR' }), card({ civility: 'Mr' }), FR)).to.deep.equal([]);
    expect(diffCards(card({ civility: 'MR' }), card({ civility: 'MME' }), FR)).to.deep.equal(['civility']);
  });

  it('has a key for every field, null for empty values', () => {
    for (const field of CARD_FIELDS) expect(fieldKey(card(), field, FR)).to.equal(null);
  });

  it('gives the tab one row per field, CRM beside Google, differences flagged', () => {
    const rows = compareCards(card({ givenName: 'Jean', phoneMobile: '06 12 34 56 78' }), card({ givenName: 'Jeanne', phoneMobile: '+33612345678' }), FR);
    expect(rows.map((row) => row.field)).to.deep.equal([...CARD_FIELDS]);
    expect(rows.find((row) => row.field === 'givenName')).to.deep.equal({ field: 'givenName', crm: 'Jean', google: 'Jeanne', same: false });
    expect(rows.find((row) => row.field === 'phoneMobile')).to.deep.equal({ field: 'phoneMobile', crm: '06 12 34 56 78', google: '+33612345678', same: true });
  });
});
