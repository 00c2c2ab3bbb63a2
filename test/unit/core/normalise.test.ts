import { expect } from 'chai';
import { isGContactsError } from '../../../src/errors';
import {
  address,
  addressKey,
  birthday,
  birthdayFromParts,
  birthdayParts,
  email,
  emailKey,
  nameKey,
  phone,
  phoneKey,
  singleLine,
  text,
} from '../../../src/core/normalise';

describe('core/normalise', () => {
  describe('text', () => {
    it('trims and turns empty text into null', () => {
      expect(text('  Dupont ')).to.equal('Dupont');
      expect(text('   ')).to.equal(null);
      expect(text('')).to.equal(null);
      expect(text(null)).to.equal(null);
      expect(text(undefined)).to.equal(null);
    });

    it('composes accents sent decomposed (iOS) so "é" equals "é"', () => {
      const decomposed = 'Ame\u0301lie';
      expect(text(decomposed)).to.equal('Amélie');
    });

    it('unifies line ends and keeps inner lines', () => {
      expect(text('line 1\r\nline 2\rline 3\n')).to.equal('line 1\nline 2\nline 3');
    });
  });

  describe('singleLine', () => {
    it('collapses whitespace and line breaks into one space', () => {
      expect(singleLine(' Jean \n  Pierre\t')).to.equal('Jean Pierre');
    });

    it('keeps apostrophes, hyphens and accents', () => {
      expect(singleLine("  Jean-Éric d'Alembert ")).to.equal("Jean-Éric d'Alembert");
      expect(singleLine('O’Brien')).to.equal('O’Brien');
    });
  });

  describe('emails', () => {
    it('keeps the case for writing, trimmed', () => {
      expect(email('  Jean.Dupont@Example.COM ')).to.equal('Jean.Dupont@Example.COM');
    });

    it('compares without case', () => {
      expect(emailKey('Jean.Dupont@Example.COM')).to.equal('jean.dupont@example.com');
      expect(emailKey(' ')).to.equal(null);
    });

    it('drops stray spaces inside a pasted address', () => {
      expect(email('jean @example.com')).to.equal('jean@example.com');
    });
  });

  describe('phones', () => {
    it('keeps the display text', () => {
      expect(phone('  06 12 34 56 78 ')).to.equal('06 12 34 56 78');
    });

    for (const written of ['06 12 34 56 78', '06.12.34.56.78', '0612345678', '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033 6 12 34 56 78']) {
      it(`reads the French number "${written}" as +33612345678`, () => {
        expect(phoneKey(written, 'FR')).to.equal('+33612345678');
      });
    }

    it('reads international numbers whatever the region', () => {
      expect(phoneKey('+1 212 555 1234', 'FR')).to.equal('+12125551234');
      expect(phoneKey('+44 20 7946 0958', 'FR')).to.equal('+442079460958');
      expect(phoneKey('+49 30 123456', 'FR')).to.equal('+4930123456');
    });

    it('reads national numbers in the given region', () => {
      expect(phoneKey('(212) 555-1234', 'US')).to.equal('+12125551234');
      expect(phoneKey('020 7946 0958', 'GB')).to.equal('+442079460958');
    });

    it('reads Belgian, Swiss and Spanish numbers in their regions and from France', () => {
      expect(phoneKey('02 123 45 67', 'BE')).to.equal('+3221234567');
      expect(phoneKey('+32 2 123 45 67', 'FR')).to.equal('+3221234567');
      expect(phoneKey('022 123 45 67', 'CH')).to.equal('+41221234567');
      expect(phoneKey('0041 22 123 45 67', 'FR')).to.equal('+41221234567');
      expect(phoneKey('612 34 56 78', 'ES')).to.equal('+34612345678');
    });

    it('tells a French national number from the same digits abroad', () => {
      expect(phoneKey('06 12 34 56 78', 'FR')).not.to.equal(phoneKey('06 12 34 56 78', 'BE'));
    });

    it('keeps an extension apart', () => {
      expect(phoneKey('+33 6 12 34 56 78 ext. 4', 'FR')).to.equal('+33612345678;ext=4');
    });

    it('falls back to digits for numbers the library cannot read', () => {
      expect(phoneKey('1234', 'FR')).to.equal('1234');
      expect(phoneKey('12-34', 'FR')).to.equal('1234');
    });

    it('falls back to the lower-cased text when there are no digits', () => {
      expect(phoneKey('N/A', 'FR')).to.equal('n/a');
    });

    it('is null for an empty number', () => {
      expect(phoneKey('  ', 'FR')).to.equal(null);
      expect(phoneKey(null, 'FR')).to.equal(null);
    });
  });

  describe('birthdays', () => {
    it('accepts full dates and dates without a year', () => {
      expect(birthday('1980-05-12')).to.equal('1980-05-12');
      expect(birthday('--05-12')).to.equal('--05-12');
    });

    it('keeps only the date of a date-time', () => {
      expect(birthday('1980-05-12T00:00:00.000Z')).to.equal('1980-05-12');
      expect(birthday('1980-05-12 00:00:00')).to.equal('1980-05-12');
    });

    it('reads year 0000 as "no year" and the MySQL zero date as no birthday', () => {
      expect(birthday('0000-05-12')).to.equal('--05-12');
      expect(birthday('0000-00-00')).to.equal(null);
      expect(birthday('')).to.equal(null);
    });

    it('allows 29 February without a year and in leap years only', () => {
      expect(birthday('--02-29')).to.equal('--02-29');
      expect(birthday('2000-02-29')).to.equal('2000-02-29');
      expect(() => birthday('2001-02-29')).to.throw();
    });

    for (const bad of ['12/05/1980', '1980-13-01', '1980-04-31', 'yesterday', '1980-5-12']) {
      it(`refuses "${bad}" with BAD_INPUT`, () => {
        try {
          birthday(bad);
          expect.fail('should throw');
        } catch (e) {
          expect(isGContactsError(e, 'BAD_INPUT')).to.equal(true);
        }
      });
    }

    it('splits into parts and builds back from parts', () => {
      expect(birthdayParts('1980-05-12')).to.deep.equal({ year: 1980, month: 5, day: 12 });
      expect(birthdayParts('--05-12')).to.deep.equal({ year: null, month: 5, day: 12 });
      expect(birthdayFromParts(1980, 5, 12)).to.equal('1980-05-12');
      expect(birthdayFromParts(0, 5, 12)).to.equal('--05-12');
      expect(birthdayFromParts(undefined, 12, 1)).to.equal('--12-01');
      expect(birthdayFromParts(1980, 2, 30)).to.equal(null);
      expect(birthdayFromParts(1980, null, 3)).to.equal(null);
    });
  });

  describe('addresses', () => {
    it('cleans each part and is null when all parts are empty', () => {
      expect(address({ street: ' 12 rue de la Paix \r\n Bât. B ', zip: ' 75002', town: 'Paris ', state: '', country: 'France' })).to.deep.equal({
        street: '12 rue de la Paix \n Bât. B',
        zip: '75002',
        town: 'Paris',
        state: null,
        country: 'France',
      });
      expect(address({ street: ' ', zip: null })).to.equal(null);
    });

    it('compares without case and spacing', () => {
      const a = address({ street: '12 rue de la Paix', town: 'Paris' });
      const b = address({ street: '12  Rue de la paix', town: 'PARIS' });
      expect(addressKey(a)).to.equal(addressKey(b));
      expect(addressKey(a)).not.to.equal(addressKey(address({ street: '14 rue de la Paix', town: 'Paris' })));
      expect(addressKey(null)).to.equal(null);
    });
  });

  describe('nameKey', () => {
    it('ignores accents, case, apostrophes, hyphens and word order', () => {
      expect(nameKey('Jean-Pierre', 'O’Brien')).to.equal(nameKey('jean pierre', "O'BRIEN"));
      expect(nameKey('Hélène', 'Lefèvre')).to.equal(nameKey('Helene', 'LEFEVRE'));
      expect(nameKey('Jean', 'Dupont')).to.equal(nameKey('Dupont', 'Jean'));
      expect(nameKey('Zoë', "d'Arc")).to.equal(nameKey('Zoe', 'Darc'));
    });

    it('tells different names apart and is null without a name', () => {
      expect(nameKey('Jean', 'Dupont')).not.to.equal(nameKey('Jeanne', 'Dupont'));
      expect(nameKey(null, ' ')).to.equal(null);
    });
  });
});
