import { expect } from 'chai';
import fc from 'fast-check';
import type { people_v1 } from 'googleapis';
import { CARD_FIELDS, CRM_ONLY_FIELDS, type CardField } from '../../src/core/card';
import { cardToContactPatch, contactToCard } from '../../src/core/crm-card';
import { sameCard, sameField } from '../../src/core/diff';
import { hashCard } from '../../src/core/hash';
import type { CompareOptions } from '../../src/core/normalise';
import { personToCard } from '../../src/core/person-read';
import { personForCreate, personForUpdate, type PersonSource } from '../../src/core/person-write';
import { crmContact, thirdParty } from '../unit/core/fixtures';
import { cardArb } from './arbitraries';

const FR: CompareOptions = { region: 'FR' };
type Person = people_v1.Schema$Person;

const thirdPartyArb = fc.option(
  fc.record({
    name: fc.constantFrom('Acme', 'Acme SAS', 'Société Générale'),
    phone: fc.constantFrom(null, '01 23 45 67 89', '+33 4 00 00 00 00'),
    email: fc.constantFrom(null, 'info@shop.fr', 'contact@acme.fr'),
    url: fc.constantFrom(null, 'https://acme.fr'),
    town: fc.constantFrom(null, 'Lyon', 'Paris'),
  }),
  { nil: null },
);

/**
 * Items a phone user adds that the module does not map, which no update may remove. (A first "work" email would be
 * a change to the card's work email: the push merges it in before updating, see merge.ts.)
 */
const foreignArb = fc.record({
  emailAddresses: fc.array(fc.record({ type: fc.constantFrom('other', 'Perso'), value: fc.constantFrom('x@y.fr', 'perso@free.fr') }), { maxLength: 2 }),
  phoneNumbers: fc.array(fc.record({ type: fc.constantFrom('pager', 'main', 'googleVoice'), value: fc.constantFrom('01 00 00 00 00', '+1 650 253 0000') }), { maxLength: 2 }),
  photos: fc.constant<people_v1.Schema$Photo[]>([{ url: 'https://lh3.example/p.jpg' }]),
  userDefined: fc.constant<people_v1.Schema$UserDefined[]>([{ key: 'Badge', value: '42' }]),
});

const sourceOf = (card: PersonSource['card'], tp: Partial<PersonSource['thirdParty']> | null): PersonSource => ({
  card,
  thirdParty: tp && { ...thirdParty(), ...tp },
  instance: 'crm-1',
  contactId: 42,
});

const apply = (current: Person, update: ReturnType<typeof personForUpdate>): Person => (update ? { ...current, ...update.person, etag: `${current.etag}+` } : current);

describe('property: mapping round trips', () => {
  it('a created person reads back as the same card, with the same hash', () => {
    fc.assert(
      fc.property(cardArb, thirdPartyArb, (card, tp) => {
        const back = personToCard(personForCreate(sourceOf(card, tp), 'uid', FR));
        expect(sameCard(back, card, FR)).to.equal(true);
        expect(hashCard(back, FR)).to.equal(hashCard(card, FR));
      }),
    );
  });

  it('an update makes any person read back as the card, keeps foreign items, and a second update is null', () => {
    fc.assert(
      fc.property(cardArb, cardArb, thirdPartyArb, thirdPartyArb, foreignArb, (before, after, tpBefore, tpAfter, foreign) => {
        const created = personForCreate(sourceOf(before, tpBefore), 'uid', FR);
        const current: Person = {
          ...created,
          etag: 'e1',
          emailAddresses: [...(created.emailAddresses ?? []), ...foreign.emailAddresses],
          phoneNumbers: [...foreign.phoneNumbers, ...(created.phoneNumbers ?? [])],
          photos: foreign.photos,
          userDefined: foreign.userDefined,
        };
        const source = sourceOf(after, tpAfter);
        const updated = apply(current, personForUpdate(current, source, FR));
        expect(sameCard(personToCard(updated), after, FR)).to.equal(true);
        for (const item of foreign.emailAddresses) expect(updated.emailAddresses).to.include(item);
        for (const item of foreign.phoneNumbers) expect(updated.phoneNumbers).to.include(item);
        expect(updated.photos).to.equal(foreign.photos);
        expect(updated.userDefined).to.equal(foreign.userDefined);
        expect(personForUpdate(updated, source, FR)).to.equal(null);
      }),
    );
  });

  it('a CRM patch from a card reads back as that card on the fields Google may write', () => {
    const writable = CARD_FIELDS.filter((f) => !(CRM_ONLY_FIELDS as readonly CardField[]).includes(f) && f !== 'birthday' && f !== 'familyName');
    fc.assert(
      fc.property(cardArb, (card) => {
        const back = contactToCard(crmContact(cardToContactPatch(card, CARD_FIELDS)), null);
        for (const field of writable) expect(sameField(back, card, field, FR), field).to.equal(true);
      }),
    );
  });
});
