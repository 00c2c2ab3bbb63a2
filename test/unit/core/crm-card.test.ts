import { expect } from 'chai';
import { CARD_FIELDS } from '../../../src/core/card';
import { cardToContactPatch, cardToNewContact, contactToCard } from '../../../src/core/crm-card';
import { isGContactsError } from '../../../src/errors';
import { card, crmContact, thirdParty } from './fixtures';

describe('core/crm-card', () => {
  describe('contactToCard', () => {
    it('maps every CRM field, with the third party as the organisation', () => {
      const contact = crmContact({
        civility: 'MME',
        firstname: 'Hélène',
        lastname: "d'Artagnan-Lefèvre",
        jobTitle: 'Directrice',
        email: 'helene@acme.fr',
        personalEmail: 'helene@gmail.com',
        phoneWork: '01 23 45 67 89',
        phoneHome: '04 11 22 33 44',
        phoneMobile: '06 12 34 56 78',
        fax: '01 23 45 67 00',
        address: '12 rue de la Paix',
        zip: '75002',
        town: 'Paris',
        state: 'Île-de-France',
        country: 'France',
        birthday: '1980-05-12',
        note: 'Met at the fair',
      });
      expect(contactToCard(contact, thirdParty({ name: 'Acme SAS' }))).to.deep.equal({
        civility: 'MME',
        givenName: 'Hélène',
        familyName: "d'Artagnan-Lefèvre",
        emailWork: 'helene@acme.fr',
        emailHome: 'helene@gmail.com',
        phoneWork: '01 23 45 67 89',
        phoneHome: '04 11 22 33 44',
        phoneMobile: '06 12 34 56 78',
        fax: '01 23 45 67 00',
        homeAddress: { street: '12 rue de la Paix', zip: '75002', town: 'Paris', state: 'Île-de-France', country: 'France' },
        organisation: 'Acme SAS',
        jobTitle: 'Directrice',
        birthday: '1980-05-12',
        note: 'Met at the fair',
      });
    });

    it('turns empty strings into null and trims', () => {
      const result = contactToCard(crmContact({ firstname: ' ', email: '', phoneMobile: '  ', address: '', town: ' ', note: '\n' }), null);
      expect(result.givenName).to.equal(null);
      expect(result.emailWork).to.equal(null);
      expect(result.phoneMobile).to.equal(null);
      expect(result.homeAddress).to.equal(null);
      expect(result.note).to.equal(null);
    });

    it('has no organisation without a third party', () => {
      expect(contactToCard(crmContact(), null).organisation).to.equal(null);
    });

    it('reads a MySQL zero date as no birthday and a date-time as a date', () => {
      expect(contactToCard(crmContact({ birthday: '0000-00-00' }), null).birthday).to.equal(null);
      expect(contactToCard(crmContact({ birthday: '1980-05-12T00:00:00.000Z' }), null).birthday).to.equal('1980-05-12');
    });

    it('refuses a birthday it cannot read with BAD_INPUT', () => {
      expect(() => contactToCard(crmContact({ birthday: '12/05/1980' }), null)).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
    });

    it('keeps an address with only a town', () => {
      expect(contactToCard(crmContact({ town: 'Lyon' }), null).homeAddress).to.deep.equal({ street: null, zip: null, town: 'Lyon', state: null, country: null });
    });
  });

  describe('cardToContactPatch', () => {
    const full = card({
      civility: 'MR',
      givenName: 'Jean',
      familyName: 'Dupont',
      emailWork: 'jean@acme.fr',
      emailHome: 'jean@gmail.com',
      phoneWork: '01 23 45 67 89',
      phoneHome: '04 11 22 33 44',
      phoneMobile: '06 12 34 56 78',
      fax: '01 23 45 67 00',
      homeAddress: { street: '1 place Bellecour', zip: '69002', town: 'Lyon', state: null, country: 'France' },
      organisation: 'Other Corp',
      jobTitle: 'CTO',
      birthday: '1975-01-31',
      note: 'Likes tea',
    });

    it('writes the fields Google may change', () => {
      expect(cardToContactPatch(full, CARD_FIELDS)).to.deep.equal({
        civility: 'MR',
        firstname: 'Jean',
        lastname: 'Dupont',
        email: 'jean@acme.fr',
        personalEmail: 'jean@gmail.com',
        phoneWork: '01 23 45 67 89',
        phoneHome: '04 11 22 33 44',
        phoneMobile: '06 12 34 56 78',
        address: '1 place Bellecour',
        zip: '69002',
        town: 'Lyon',
        state: null,
        country: 'France',
        jobTitle: 'CTO',
        birthday: '1975-01-31',
        note: 'Likes tea',
      });
    });

    it('never writes the organisation (third party) nor the fax', () => {
      expect(cardToContactPatch(full, ['organisation', 'fax'])).to.deep.equal({});
    });

    it('writes only the fields asked for', () => {
      expect(cardToContactPatch(full, ['phoneMobile', 'note'])).to.deep.equal({ phoneMobile: '06 12 34 56 78', note: 'Likes tea' });
    });

    it('clears a field removed in Google', () => {
      expect(cardToContactPatch(card(), ['emailHome', 'homeAddress'])).to.deep.equal({
        personalEmail: null,
        address: null,
        zip: null,
        town: null,
        state: null,
        country: null,
      });
    });

    it('keeps the CRM last name when Google has none', () => {
      expect(cardToContactPatch(card({ givenName: 'Bob' }), ['givenName', 'familyName'])).to.deep.equal({ firstname: 'Bob' });
    });

    it('leaves out a birthday without a year (the CRM needs a full date)', () => {
      expect(cardToContactPatch(card({ birthday: '--05-12' }), ['birthday'])).to.deep.equal({});
      expect(cardToContactPatch(card({ birthday: null }), ['birthday'])).to.deep.equal({ birthday: null });
    });

    it('round-trips with contactToCard on the fields it writes', () => {
      const contact = crmContact({ lastname: 'X', ...cardToContactPatch(full, CARD_FIELDS) });
      const back = contactToCard(contact, thirdParty({ name: 'Other Corp' }));
      expect({ ...back, fax: full.fax }).to.deep.equal(full);
    });
  });

  describe('cardToNewContact', () => {
    it('uses the family name as last name', () => {
      expect(cardToNewContact(card({ givenName: 'Jean', familyName: 'Dupont' }))).to.include({ lastname: 'Dupont', firstname: 'Jean' });
    });

    it('uses the given name as last name when it is the only name (a phone contact "Bob")', () => {
      expect(cardToNewContact(card({ givenName: 'Bob', phoneMobile: '06 12 34 56 78' }))).to.include({ lastname: 'Bob', firstname: null, phoneMobile: '06 12 34 56 78' });
    });

    it('falls back to the email, then the phone', () => {
      expect(cardToNewContact(card({ emailHome: 'x@y.z' })).lastname).to.equal('x@y.z');
      expect(cardToNewContact(card({ phoneMobile: '0612345678' })).lastname).to.equal('0612345678');
    });

    it('refuses a card with nothing to call the contact', () => {
      expect(() => cardToNewContact(card({ note: 'who?' }))).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
    });
  });
});
