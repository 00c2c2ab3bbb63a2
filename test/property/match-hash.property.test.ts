import { expect } from 'chai';
import fc from 'fast-check';
import { sameCard } from '../../src/core/diff';
import { hashCard } from '../../src/core/hash';
import { indexContacts, matchPerson } from '../../src/core/match';
import { emailKey, nameKey, phoneKey, type CompareOptions } from '../../src/core/normalise';
import type { Card } from '../../src/core/card';
import { cardArb } from './arbitraries';

const FR: CompareOptions = { region: 'FR' };
const emailsOf = (card: Card) => [card.emailWork, card.emailHome].map(emailKey).filter((key) => key !== null);
const phonesOf = (card: Card) => [card.phoneWork, card.phoneHome, card.phoneMobile].map((p) => phoneKey(p, 'FR')).filter((key) => key !== null);

describe('property: hash and matching', () => {
  it('two cards hash the same exactly when diff calls them the same', () => {
    fc.assert(
      fc.property(cardArb, cardArb, (a, b) => {
        expect(hashCard(a, FR) === hashCard(b, FR)).to.equal(sameCard(a, b, FR));
      }),
    );
  });

  it('never guesses: every match rests on a shared email (first contact with it) or a shared phone and name', () => {
    const contactsArb = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 1000 }), card: cardArb }), { selector: (c) => c.id, maxLength: 15 });
    fc.assert(
      fc.property(contactsArb, cardArb, (contacts, card) => {
        const index = indexContacts(contacts, FR);
        const result = matchPerson(index, { ourContactId: null, card }, new Set(), FR);
        if (result.kind === 'ambiguous') expect(result.contactIds.length).to.be.greaterThan(1);
        if (result.kind !== 'matched') return;
        const contact = contacts.find((c) => c.id === result.contactId)!;
        if (result.by === 'email') {
          const shared = emailsOf(card).filter((key) => emailsOf(contact.card).includes(key));
          expect(shared).not.to.be.empty;
          for (const key of shared) {
            const lowest = Math.min(...contacts.filter((c) => emailsOf(c.card).includes(key)).map((c) => c.id));
            expect(lowest).to.equal(contact.id);
          }
        } else {
          expect(emailsOf(card).some((key) => contacts.some((c) => emailsOf(c.card).includes(key)))).to.equal(false);
          expect(nameKey(contact.card.givenName, contact.card.familyName)).to.equal(nameKey(card.givenName, card.familyName));
          expect(phonesOf(card).some((p) => phonesOf(contact.card).includes(p))).to.equal(true);
        }
      }),
    );
  });

  it("finds a contact from its own card, unless another contact's evidence makes it ambiguous or shares its email", () => {
    const contactsArb = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 1000 }), card: cardArb }), { selector: (c) => c.id, minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(contactsArb, fc.nat(), (contacts, pick) => {
        const target = contacts[pick % contacts.length]!;
        const result = matchPerson(indexContacts(contacts, FR), { ourContactId: null, card: target.card }, new Set(), FR);
        const hasEvidence = emailsOf(target.card).length > 0 || (phonesOf(target.card).length > 0 && nameKey(target.card.givenName, target.card.familyName) !== null);
        if (!hasEvidence) {
          expect(result.kind).to.equal('unmatched');
          return;
        }
        expect(result.kind).not.to.equal('unmatched');
        if (result.kind === 'matched') expect(result.contactId === target.id || result.by === 'email').to.equal(true);
        if (result.kind === 'matched' && result.contactId !== target.id) expect(result.sharingEmail).to.include(target.id);
        if (result.kind === 'ambiguous' && result.by === 'phone-name') expect(result.contactIds).to.include(target.id);
      }),
    );
  });

  it('a person carrying our id always finds that contact', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }), cardArb, fc.nat(), (ids, card, pick) => {
        const id = ids[pick % ids.length]!;
        const index = indexContacts(ids.map((i) => ({ id: i, card })), FR);
        expect(matchPerson(index, { ourContactId: id, card }, new Set(), FR)).to.deep.equal({ kind: 'matched', contactId: id, by: 'client-data', sharingEmail: [] });
      }),
    );
  });
});
