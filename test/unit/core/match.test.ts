import { expect } from 'chai';
import { indexContacts, matchPerson, type ContactToMatch, type PersonToMatch } from '../../../src/core/match';
import type { Card } from '../../../src/core/card';
import { card, FR } from './fixtures';

const contact = (id: number, values: Partial<Card>): ContactToMatch => ({ id, card: card(values) });
const person = (values: Partial<Card>, ourContactId: number | null = null): PersonToMatch => ({ ourContactId, card: card(values) });
const none = new Set<number>();

describe('core/match', () => {
  const contacts = [
    contact(1, { givenName: 'Jean', familyName: 'Dupont', emailWork: 'jean@acme.fr', phoneMobile: '06 12 34 56 78' }),
    contact(2, { givenName: 'Hélène', familyName: "d'Artagnan", emailHome: 'Helene@Gmail.com', phoneWork: '01 23 45 67 89' }),
    // a shared mailbox used by two CRM contacts
    contact(4, { givenName: 'Paul', familyName: 'Martin', emailWork: 'info@shop.fr' }),
    contact(3, { givenName: 'Anne', familyName: 'Martin', emailWork: 'INFO@shop.fr' }),
    // two contacts with one switchboard number and one name
    contact(5, { givenName: 'Marc', familyName: 'Petit', phoneWork: '04 00 00 00 00' }),
    contact(6, { givenName: 'Marc', familyName: 'Petit', phoneMobile: '+33 4 00 00 00 00' }),
    contact(7, { givenName: 'Léa', familyName: 'Roux', phoneHome: '+1 212 555 1234' }),
  ];
  const index = indexContacts(contacts, FR);

  it('matches by our clientData id first, whatever the other values say', () => {
    expect(matchPerson(index, person({ emailWork: 'jean@acme.fr' }, 7), none, FR)).to.deep.equal({ kind: 'matched', contactId: 7, by: 'client-data', sharingEmail: [] });
  });

  it('falls through when the clientData id is not a contact of the index', () => {
    expect(matchPerson(index, person({ emailWork: 'jean@acme.fr' }, 99), none, FR)).to.deep.include({ kind: 'matched', contactId: 1, by: 'email' });
  });

  it('matches a work or personal email without case, across email kinds', () => {
    expect(matchPerson(index, person({ emailWork: 'JEAN@ACME.FR' }), none, FR)).to.deep.equal({ kind: 'matched', contactId: 1, by: 'email', sharingEmail: [] });
    expect(matchPerson(index, person({ emailWork: 'helene@gmail.com' }), none, FR)).to.deep.equal({ kind: 'matched', contactId: 2, by: 'email', sharingEmail: [] });
  });

  it('matches an email used by several contacts to the first (lowest id) and reports the others', () => {
    expect(matchPerson(index, person({ emailHome: 'info@shop.fr' }), none, FR)).to.deep.equal({ kind: 'matched', contactId: 3, by: 'email', sharingEmail: [4] });
  });

  it('never links the next contact of a shared email once the first is linked', () => {
    expect(matchPerson(index, person({ emailWork: 'info@shop.fr' }), new Set([3]), FR)).to.deep.equal({ kind: 'already-linked', contactId: 3, by: 'email' });
  });

  it('calls two emails pointing at two contacts ambiguous', () => {
    expect(matchPerson(index, person({ emailWork: 'jean@acme.fr', emailHome: 'helene@gmail.com' }), none, FR)).to.deep.equal({
      kind: 'ambiguous',
      by: 'email',
      contactIds: [1, 2],
    });
  });

  it('matches by phone and name, with other formats, accents, apostrophes and word order', () => {
    expect(matchPerson(index, person({ givenName: 'Helene', familyName: 'DArtagnan', phoneMobile: '+33 1 23 45 67 89' }), none, FR)).to.deep.equal({
      kind: 'matched',
      contactId: 2,
      by: 'phone-name',
      sharingEmail: [],
    });
    expect(matchPerson(index, person({ givenName: 'Roux', familyName: 'Léa', phoneWork: '+12125551234' }), none, FR)).to.deep.include({ contactId: 7, by: 'phone-name' });
  });

  it('does not match a phone alone, or a name alone', () => {
    expect(matchPerson(index, person({ phoneMobile: '06 12 34 56 78' }), none, FR)).to.deep.equal({ kind: 'unmatched' });
    expect(matchPerson(index, person({ givenName: 'Jean', familyName: 'Dupont' }), none, FR)).to.deep.equal({ kind: 'unmatched' });
    expect(matchPerson(index, person({ givenName: 'Jeanne', familyName: 'Dupont', phoneMobile: '06 12 34 56 78' }), none, FR)).to.deep.equal({ kind: 'unmatched' });
  });

  it('calls one phone and name shared by two contacts ambiguous', () => {
    expect(matchPerson(index, person({ givenName: 'Marc', familyName: 'Petit', phoneWork: '0400000000' }), none, FR)).to.deep.equal({
      kind: 'ambiguous',
      by: 'phone-name',
      contactIds: [5, 6],
    });
  });

  it('reports a contact already linked to another Google person', () => {
    expect(matchPerson(index, person({}, 7), new Set([7]), FR)).to.deep.equal({ kind: 'already-linked', contactId: 7, by: 'client-data' });
    expect(matchPerson(index, person({ givenName: 'Léa', familyName: 'Roux', phoneHome: '+1 212 555 1234' }), new Set([7]), FR)).to.deep.equal({
      kind: 'already-linked',
      contactId: 7,
      by: 'phone-name',
    });
  });

  it('leaves an unknown person unmatched', () => {
    expect(matchPerson(index, person({ givenName: 'Nobody', emailWork: 'nobody@x.fr', phoneMobile: '07 99 99 99 99' }), none, FR)).to.deep.equal({ kind: 'unmatched' });
    expect(matchPerson(index, person({}), none, FR)).to.deep.equal({ kind: 'unmatched' });
  });

  it('indexes a contact once even when its two emails are the same', () => {
    const single = indexContacts([contact(9, { emailWork: 'a@b.c', emailHome: 'A@B.C' })], FR);
    expect(single.byEmail.get('a@b.c')).to.deep.equal([9]);
  });

  it('indexes 20,000 contacts and matches 20,000 people quickly', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => contact(i + 1, { givenName: `G${i}`, familyName: `F${i}`, emailWork: `p${i}@x.fr`, phoneMobile: `06${String(i).padStart(8, '0')}` }));
    const started = performance.now();
    const big = indexContacts(many, FR);
    for (let i = 0; i < 20_000; i++) matchPerson(big, person({ givenName: `G${i}`, familyName: `F${i}`, phoneMobile: `+336${String(i).padStart(8, '0')}` }), none, FR);
    expect(performance.now() - started).to.be.below(5_000);
  });
});
