import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { personToCard } from '../../../src/core/person-read';
import { card } from './fixtures';

describe('core/person-read', () => {
  it('reads every mapped item', () => {
    const person: people_v1.Schema$Person = {
      names: [{ givenName: 'Hélène', familyName: "d'Artagnan", honorificPrefix: 'Mme', displayName: 'Hélène d’Artagnan' }],
      emailAddresses: [
        { type: 'work', value: 'helene@acme.fr' },
        { type: 'home', value: 'helene@gmail.com' },
      ],
      phoneNumbers: [
        { type: 'work', value: '01 23 45 67 89' },
        { type: 'home', value: '04 11 22 33 44' },
        { type: 'mobile', value: '06 12 34 56 78', canonicalForm: '+33612345678' },
        { type: 'workFax', value: '01 23 45 67 00' },
      ],
      addresses: [{ type: 'home', streetAddress: '12 rue de la Paix', postalCode: '75002', city: 'Paris', region: 'IDF', country: 'France', formattedValue: '…' }],
      organizations: [{ name: 'Acme', title: 'CEO', department: 'Board' }],
      biographies: [{ value: 'Met at the fair', contentType: 'TEXT_PLAIN' }],
      birthdays: [{ date: { year: 1980, month: 5, day: 12 }, text: '12/05/1980' }],
    };
    expect(personToCard(person)).to.deep.equal({
      civility: 'MME',
      givenName: 'Hélène',
      familyName: "d'Artagnan",
      emailWork: 'helene@acme.fr',
      emailHome: 'helene@gmail.com',
      phoneWork: '01 23 45 67 89',
      phoneHome: '04 11 22 33 44',
      phoneMobile: '06 12 34 56 78',
      fax: '01 23 45 67 00',
      homeAddress: { street: '12 rue de la Paix', zip: '75002', town: 'Paris', state: 'IDF', country: 'France' },
      organisation: 'Acme',
      jobTitle: 'CEO',
      birthday: '1980-05-12',
      note: 'Met at the fair',
    });
  });

  it('reads an empty person as an empty card', () => {
    expect(personToCard({})).to.deep.equal(card());
  });

  it('ignores items the module does not map (other types, extra items, photos, custom fields)', () => {
    const person: people_v1.Schema$Person = {
      emailAddresses: [
        { type: 'other', value: 'other@x.fr' },
        { type: 'Perso', formattedType: 'Perso', value: 'custom@x.fr' },
        { type: 'work', value: 'first@acme.fr' },
        { type: 'work', value: 'second@acme.fr' },
      ],
      phoneNumbers: [{ type: 'pager', value: '01 00 00 00 00' }, { type: 'main', value: '01 11 11 11 11' }],
      addresses: [{ type: 'work', city: 'Lyon' }],
      photos: [{ url: 'https://example.com/p.jpg' }],
      userDefined: [{ key: 'Badge', value: '42' }],
    };
    expect(personToCard(person)).to.deep.equal(card({ emailWork: 'first@acme.fr' }));
  });

  it("ignores the third party's items: the CRM's own projection, recognised by clientData or the current name", () => {
    const person: people_v1.Schema$Person = {
      clientData: [{ key: CLIENT_DATA_KEYS.thirdPartyLabel, value: 'Acme' }],
      emailAddresses: [{ type: 'Acme', value: 'contact@acme.fr' }],
      phoneNumbers: [
        { type: 'Acme', value: '01 99 99 99 99' },
        { type: 'Acme Group', value: '01 88 88 88 88' },
        { type: 'work', value: '01 23 45 67 89' },
      ],
      addresses: [{ type: 'Acme', city: 'Lyon' }],
    };
    expect(personToCard(person)).to.deep.equal(card({ phoneWork: '01 23 45 67 89' }));
  });

  it('keeps apart a third party named like a type ("Home") and the contact\'s home item', () => {
    const person: people_v1.Schema$Person = {
      emailAddresses: [
        { type: 'Home', value: 'shop@home.fr' },
        { type: 'home', value: 'me@gmail.com' },
      ],
    };
    expect(personToCard(person, { thirdPartyName: 'Home' }).emailHome).to.equal('me@gmail.com');
  });

  it('reads a birthday without a year', () => {
    expect(personToCard({ birthdays: [{ date: { month: 2, day: 29 } }] }).birthday).to.equal('--02-29');
    expect(personToCard({ birthdays: [{ date: { year: 0, month: 12, day: 1 } }] }).birthday).to.equal('--12-01');
  });

  it('reads a text-only birthday when it is a date, and ignores it otherwise', () => {
    expect(personToCard({ birthdays: [{ text: '1980-05-12' }] }).birthday).to.equal('1980-05-12');
    expect(personToCard({ birthdays: [{ text: 'spring 1980' }] }).birthday).to.equal(null);
  });

  it('reads a civility it does not know as typed', () => {
    expect(personToCard({ names: [{ honorificPrefix: 'Prof.', familyName: 'Tournesol' }] }).civility).to.equal('Prof.');
  });

  it('reads an organisation with only a title', () => {
    expect(personToCard({ organizations: [{ title: 'Freelance' }] })).to.deep.equal(card({ jobTitle: 'Freelance' }));
  });

  it('composes decomposed accents sent by iOS', () => {
    expect(personToCard({ names: [{ givenName: 'Zoe\u0308' }] }).givenName).to.equal('Zoë');
  });

  it("reads the contact's own items, not those of a linked Google profile", () => {
    const profile = { source: { type: 'PROFILE', id: 'p1' } };
    const contact = { source: { type: 'CONTACT', id: 'c1' } };
    const person: people_v1.Schema$Person = {
      names: [
        { givenName: 'J.', familyName: 'Dupont (profile)', metadata: profile },
        { givenName: 'Jean', familyName: 'Dupont', metadata: contact },
      ],
      emailAddresses: [
        { type: 'work', value: 'profile@gmail.com', metadata: profile },
        { type: 'work', value: 'jean@acme.fr', metadata: contact },
      ],
      biographies: [{ value: 'profile tagline', metadata: profile }],
    };
    expect(personToCard(person)).to.deep.equal(card({ givenName: 'Jean', familyName: 'Dupont', emailWork: 'jean@acme.fr' }));
  });
});
