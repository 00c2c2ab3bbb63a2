import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { sameCard } from '../../../src/core/diff';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { personToCard } from '../../../src/core/person-read';
import { personForCreate, personForUpdate, personStripped, type PersonSource, type PersonUpdate } from '../../../src/core/person-write';
import { isGContactsError } from '../../../src/errors';
import { card, FR, thirdParty } from './fixtures';

type Person = people_v1.Schema$Person;

const jean = card({
  civility: 'MR',
  givenName: 'Jean-Éric',
  familyName: "O'Connor",
  emailWork: 'jean@acme.fr',
  emailHome: 'jean@gmail.com',
  phoneWork: '01 23 45 67 89',
  phoneMobile: '06 12 34 56 78',
  fax: '01 23 45 67 00',
  homeAddress: { street: '12 rue de la Paix', zip: '75002', town: 'Paris', state: null, country: 'France' },
  organisation: 'Acme',
  jobTitle: 'CTO',
  birthday: '--05-12',
  note: 'Met at the fair',
});

const acme = thirdParty({ name: 'Acme', phone: '01 99 99 99 99', email: 'contact@acme.fr', url: 'https://acme.fr', town: 'Lyon', zip: '69002', address: '1 place Bellecour' });

function source(values: Partial<PersonSource> = {}): PersonSource {
  return { card: jean, thirdParty: acme, instance: 'crm-1', contactId: 42, ...values };
}

/** What Google holds after applying an update (the changed lists replace the old ones). */
function applied(current: Person, update: PersonUpdate | null): Person {
  return update === null ? current : { ...current, ...update.person, etag: 'next' };
}

describe('core/person-write', () => {
  describe('personForCreate', () => {
    const person = personForCreate(source(), 'uid-1', FR);

    it('writes names, typed emails and phones, home address, organisation, note and birthday', () => {
      expect(person.names).to.deep.equal([{ givenName: 'Jean-Éric', familyName: "O'Connor", honorificPrefix: 'Mr' }]);
      expect(person.emailAddresses?.slice(0, 2)).to.deep.equal([
        { type: 'work', value: 'jean@acme.fr' },
        { type: 'home', value: 'jean@gmail.com' },
      ]);
      expect(person.phoneNumbers?.slice(0, 3)).to.deep.equal([
        { type: 'work', value: '01 23 45 67 89' },
        { type: 'mobile', value: '06 12 34 56 78' },
        { type: 'workFax', value: '01 23 45 67 00' },
      ]);
      expect(person.addresses?.[0]).to.deep.equal({ type: 'home', streetAddress: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'France' });
      expect(person.organizations).to.deep.equal([{ name: 'Acme', title: 'CTO' }]);
      expect(person.biographies).to.deep.equal([{ value: 'Met at the fair', contentType: 'TEXT_PLAIN' }]);
      expect(person.birthdays).to.deep.equal([{ date: { month: 5, day: 12 } }]);
    });

    it("adds the third party's email, phone, address and web site labelled with its name", () => {
      expect(person.emailAddresses?.[2]).to.deep.equal({ type: 'Acme', value: 'contact@acme.fr' });
      expect(person.phoneNumbers?.[3]).to.deep.equal({ type: 'Acme', value: '01 99 99 99 99' });
      expect(person.addresses?.[1]).to.deep.equal({ type: 'Acme', streetAddress: '1 place Bellecour', postalCode: '69002', city: 'Lyon' });
      expect(person.urls).to.deep.equal([{ type: 'Acme', value: 'https://acme.fr' }]);
    });

    it('carries the CRM instance, contact id, create uid and third-party label in clientData', () => {
      expect(person.clientData).to.deep.equal([
        { key: CLIENT_DATA_KEYS.instance, value: 'crm-1' },
        { key: CLIENT_DATA_KEYS.contactId, value: '42' },
        { key: CLIENT_DATA_KEYS.uid, value: 'uid-1' },
        { key: CLIENT_DATA_KEYS.thirdPartyLabel, value: 'Acme' },
      ]);
    });

    it('leaves out empty lists and memberships (groups are set elsewhere)', () => {
      const bare = personForCreate(source({ card: card({ familyName: 'Solo' }), thirdParty: null }), 'uid-2', FR);
      expect(Object.keys(bare).sort()).to.deep.equal(['clientData', 'names']);
    });

    it('reads back as the same card (our writes echo as "unchanged")', () => {
      expect(sameCard(personToCard(person), jean, FR)).to.equal(true);
    });
  });

  describe('third-party items identical to the contact’s own', () => {
    it('are left out (same number written differently, same email in another case, same address)', () => {
      const own = card({
        familyName: 'Dupont',
        phoneWork: '+33 1 99 99 99 99',
        emailWork: 'Contact@Acme.fr',
        homeAddress: { street: '1 Place Bellecour', zip: '69002', town: 'LYON', state: null, country: null },
      });
      const person = personForCreate(source({ card: own }), 'u', FR);
      expect(person.phoneNumbers).to.deep.equal([{ type: 'work', value: '+33 1 99 99 99 99' }]);
      expect(person.emailAddresses).to.deep.equal([{ type: 'work', value: 'Contact@Acme.fr' }]);
      expect(person.addresses).to.have.length(1);
      expect(person.urls).to.deep.equal([{ type: 'Acme', value: 'https://acme.fr' }]);
    });
  });

  describe('personForUpdate', () => {
    /** A person created by the module, then edited on a phone: extra items the module must never destroy. */
    function phoneEdited(): Person {
      const created = personForCreate(source(), 'uid-1', FR);
      return {
        ...created,
        resourceName: 'people/c1',
        etag: 'etag-1',
        names: [{ ...created.names![0], middleName: 'Marie', displayName: 'Jean-Éric Marie O’Connor', metadata: { primary: true } }],
        emailAddresses: [...created.emailAddresses!, { type: 'Perso', formattedType: 'Perso', value: 'jeje@free.fr' }],
        phoneNumbers: [{ type: 'pager', value: '01 00 00 00 00' }, ...created.phoneNumbers!, { type: 'work', value: '01 55 55 55 55' }],
        organizations: [{ ...created.organizations![0], department: 'R&D' }],
        photos: [{ url: 'https://lh3.example/photo.jpg' }],
        userDefined: [{ key: 'Badge', value: '42' }],
        memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/family' } }],
        clientData: [...created.clientData!, { key: 'other.app', value: 'keep me' }],
      };
    }

    it('is null when Google already shows the card', () => {
      expect(personForUpdate(phoneEdited(), source(), FR)).to.equal(null);
    });

    it('is null when Google only writes values differently (phone format, email case)', () => {
      const current = phoneEdited();
      current.phoneNumbers = current.phoneNumbers!.map((item) => (item.type === 'mobile' ? { ...item, value: '+33612345678' } : item));
      current.emailAddresses = current.emailAddresses!.map((item) => (item.type === 'work' ? { ...item, value: 'JEAN@ACME.FR' } : item));
      expect(personForUpdate(current, source(), FR)).to.equal(null);
    });

    it('sends only the changed lists, with the current etag', () => {
      const update = personForUpdate(phoneEdited(), source({ card: { ...jean, phoneMobile: '07 00 00 00 00' } }), FR);
      expect(update?.updatePersonFields).to.deep.equal(['phoneNumbers']);
      expect(update?.person.etag).to.equal('etag-1');
      expect(Object.keys(update!.person).sort()).to.deep.equal(['etag', 'phoneNumbers']);
    });

    it("sends the current sources back, as Google's reference asks", () => {
      const sources = [{ type: 'CONTACT', id: 'c1', etag: 'etag-1' }];
      const update = personForUpdate({ ...phoneEdited(), metadata: { sources, objectType: 'PERSON' } }, source({ card: { ...jean, note: 'new' } }), FR);
      expect(update?.person.metadata).to.deep.equal({ sources });
    });

    it('replaces the owned item in place and keeps every other phone', () => {
      const update = personForUpdate(phoneEdited(), source({ card: { ...jean, phoneMobile: '07 00 00 00 00' } }), FR);
      expect(update?.person.phoneNumbers).to.deep.equal([
        { type: 'pager', value: '01 00 00 00 00' },
        { type: 'work', value: '01 23 45 67 89' },
        { type: 'mobile', value: '07 00 00 00 00' },
        { type: 'workFax', value: '01 23 45 67 00' },
        { type: 'Acme', value: '01 99 99 99 99' },
        { type: 'work', value: '01 55 55 55 55' },
      ]);
    });

    it("keeps a phone user's extra email with a custom label when the CRM email changes", () => {
      const update = personForUpdate(phoneEdited(), source({ card: { ...jean, emailWork: 'jean.oconnor@acme.fr' } }), FR);
      expect(update?.updatePersonFields).to.deep.equal(['emailAddresses']);
      expect(update?.person.emailAddresses).to.deep.equal([
        { type: 'work', value: 'jean.oconnor@acme.fr' },
        { type: 'home', value: 'jean@gmail.com' },
        { type: 'Acme', value: 'contact@acme.fr' },
        { type: 'Perso', formattedType: 'Perso', value: 'jeje@free.fr' },
      ]);
    });

    it('never sends photos, custom fields or memberships, so Google keeps them', () => {
      const update = personForUpdate(phoneEdited(), source({ card: card({ familyName: 'Nobody' }), thirdParty: null }), FR);
      for (const field of ['photos', 'userDefined', 'memberships']) {
        expect(update?.updatePersonFields).not.to.include(field);
        expect(update?.person).not.to.have.property(field);
      }
    });

    it('removes only the owned items when the CRM clears every field', () => {
      const update = personForUpdate(phoneEdited(), source({ card: card({ familyName: 'Nobody' }), thirdParty: null }), FR);
      expect(update?.person.emailAddresses).to.deep.equal([{ type: 'Perso', formattedType: 'Perso', value: 'jeje@free.fr' }]);
      expect(update?.person.phoneNumbers).to.deep.equal([
        { type: 'pager', value: '01 00 00 00 00' },
        { type: 'work', value: '01 55 55 55 55' },
      ]);
      expect(update?.person.addresses).to.deep.equal([]);
      expect(update?.person.urls).to.deep.equal([]);
      expect(update?.person.biographies).to.deep.equal([]);
      expect(update?.person.birthdays).to.deep.equal([]);
      expect(update?.person.organizations).to.deep.equal([]);
      expect(update?.person.clientData).to.deep.equal([
        { key: CLIENT_DATA_KEYS.instance, value: 'crm-1' },
        { key: CLIENT_DATA_KEYS.contactId, value: '42' },
        { key: CLIENT_DATA_KEYS.uid, value: 'uid-1' },
        { key: 'other.app', value: 'keep me' },
      ]);
    });

    it('keeps the parts of a name and an organisation the module does not map', () => {
      const update = personForUpdate(phoneEdited(), source({ card: { ...jean, familyName: 'Dupont', jobTitle: 'CEO' } }), FR);
      expect(update?.person.names).to.deep.equal([{ givenName: 'Jean-Éric', familyName: 'Dupont', honorificPrefix: 'Mr', middleName: 'Marie' }]);
      expect(update?.person.organizations).to.deep.equal([{ name: 'Acme', title: 'CEO', department: 'R&D' }]);
    });

    it('clears a mapped part the CRM emptied, keeping the unmapped ones', () => {
      const current: Person = {
        etag: 'e',
        names: [{ givenName: 'Jean', familyName: 'Dupont', middleName: 'Marie' }],
        organizations: [{ name: 'Acme', title: 'CTO', department: 'R&D' }],
        addresses: [{ type: 'home', streetAddress: '1 rue A', postalCode: '75001', city: 'Paris' }],
      };
      const wanted = card({ familyName: 'Dupont', organisation: 'Acme', homeAddress: { street: '1 rue A', zip: null, town: 'Paris', state: null, country: null } });
      const update = personForUpdate(current, source({ card: wanted, thirdParty: null }), FR);
      expect(update?.person.names).to.deep.equal([{ familyName: 'Dupont', middleName: 'Marie' }]);
      expect(update?.person.organizations).to.deep.equal([{ name: 'Acme', department: 'R&D' }]);
      expect(update?.person.addresses).to.deep.equal([{ type: 'home', streetAddress: '1 rue A', city: 'Paris' }]);
    });

    it('drops derived address values (formatted text, country code) when the address changes, keeps the PO box', () => {
      const current: Person = {
        etag: 'e',
        addresses: [{ type: 'home', streetAddress: '1 rue A', city: 'Paris', country: 'France', countryCode: 'FR', formattedValue: '1 rue A\nParis', poBox: 'BP 12' }],
      };
      const moved = card({ homeAddress: { street: '2 High Street', zip: null, town: 'London', state: null, country: 'United Kingdom' } });
      const update = personForUpdate(current, source({ card: moved, thirdParty: null }), FR);
      expect(update?.person.addresses).to.deep.equal([{ type: 'home', poBox: 'BP 12', streetAddress: '2 High Street', city: 'London', country: 'United Kingdom' }]);
    });

    it('keeps an address untouched when only its spelling differs', () => {
      const current: Person = {
        etag: 'e',
        addresses: [{ type: 'home', streetAddress: '12 RUE DE LA PAIX', postalCode: '75002', city: 'paris', country: 'France', countryCode: 'FR' }],
      };
      const update = personForUpdate(current, source({ card: card({ homeAddress: jean.homeAddress }), thirdParty: null }), FR);
      expect(update?.updatePersonFields ?? []).not.to.include('addresses');
    });

    it('relabels the third-party items when the third party is renamed, without leaving the old ones', () => {
      const update = personForUpdate(phoneEdited(), source({ thirdParty: { ...acme, name: 'Acme Group' } }), FR);
      expect(update?.person.phoneNumbers?.filter((item) => item.type?.startsWith('Acme'))).to.deep.equal([{ type: 'Acme Group', value: '01 99 99 99 99' }]);
      expect(update?.person.emailAddresses?.filter((item) => item.type?.startsWith('Acme'))).to.deep.equal([{ type: 'Acme Group', value: 'contact@acme.fr' }]);
      expect(update?.person.urls).to.deep.equal([{ type: 'Acme Group', value: 'https://acme.fr' }]);
      expect(update?.person.clientData).to.deep.include({ key: CLIENT_DATA_KEYS.thirdPartyLabel, value: 'Acme Group' });
    });

    it('removes third-party items when the contact leaves its third party', () => {
      const update = personForUpdate(phoneEdited(), source({ card: { ...jean, organisation: null }, thirdParty: null }), FR);
      expect(update?.person.phoneNumbers?.map((item) => item.type)).to.deep.equal(['pager', 'work', 'mobile', 'workFax', 'work']);
      expect(update?.person.urls).to.deep.equal([]);
    });

    it('keeps the uid of the original create', () => {
      const update = personForUpdate(phoneEdited(), source({ contactId: 43 }), FR);
      expect(update?.person.clientData).to.deep.include({ key: CLIENT_DATA_KEYS.uid, value: 'uid-1' });
      expect(update?.person.clientData).to.deep.include({ key: CLIENT_DATA_KEYS.contactId, value: '43' });
    });

    it('takes over a person the module did not create (first link): adds its items, keeps the rest', () => {
      const theirs: Person = {
        etag: 'e',
        names: [{ givenName: 'Jean-Éric', familyName: "O'Connor", unstructuredName: "Jean-Éric O'Connor" }],
        phoneNumbers: [{ type: 'mobile', value: '+33 6 12 34 56 78' }],
        emailAddresses: [{ type: 'other', value: 'jean@acme.fr' }],
      };
      const update = personForUpdate(theirs, source(), FR)!;
      expect(update.person.phoneNumbers?.[0]).to.equal(theirs.phoneNumbers?.[0]);
      expect(update.person.emailAddresses?.[0]).to.equal(theirs.emailAddresses?.[0]);
      expect(sameCard(personToCard(applied(theirs, update)), jean, FR)).to.equal(true);
    });

    it('after any update, Google reads back as the card (no echo loop)', () => {
      const changes = [{ phoneMobile: null }, { emailHome: 'new@gmail.com' }, { note: 'Other\nnote' }, { birthday: '1980-01-01' }, { civility: 'DR' }, { homeAddress: null }];
      for (const change of changes) {
        const wanted = { ...jean, ...change };
        const after = applied(phoneEdited(), personForUpdate(phoneEdited(), source({ card: wanted }), FR));
        expect(sameCard(personToCard(after), wanted, FR), JSON.stringify(change)).to.equal(true);
        expect(personForUpdate(after, source({ card: wanted }), FR), JSON.stringify(change)).to.equal(null);
      }
    });

    it("replaces the contact's name, never a linked profile's, so the contact keeps a single name", () => {
      const profile = { source: { type: 'PROFILE', id: 'p1' } };
      const current: Person = {
        etag: 'e',
        names: [
          { givenName: 'J.', familyName: 'Profile', metadata: profile },
          { givenName: 'Jean', familyName: 'Old', metadata: { source: { type: 'CONTACT', id: 'c1' } } },
          { givenName: 'Stray', familyName: 'Second' },
        ],
        biographies: [{ value: 'profile tagline', metadata: profile }],
      };
      const update = personForUpdate(current, source({ card: card({ givenName: 'Jean', familyName: 'Dupont', note: 'n' }), thirdParty: null }), FR);
      expect(update?.person.names).to.deep.equal([
        { givenName: 'J.', familyName: 'Profile', metadata: profile },
        { givenName: 'Jean', familyName: 'Dupont' },
      ]);
      expect(update?.person.biographies).to.deep.equal([
        { value: 'profile tagline', metadata: profile },
        { value: 'n', contentType: 'TEXT_PLAIN' },
      ]);
    });

    it('refuses a person without an etag (updateContact needs it)', () => {
      expect(() => personForUpdate({}, source(), FR)).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
    });
  });

  describe('personStripped', () => {
    /** A phone's own contact after the module linked it and wrote Acme's items and our ids on it. */
    const linked: Person = {
      ...personForUpdate(
        {
          resourceName: 'people/c1',
          etag: 'e1',
          metadata: { sources: [{ type: 'CONTACT', id: '1' }] },
          names: [{ givenName: 'Jean', familyName: 'Own' }],
          emailAddresses: [{ type: 'other', value: 'mine@phone.test' }],
          urls: [{ value: 'https://family.example' }],
          clientData: [{ key: 'other.app', value: 'x' }],
        },
        source(),
        FR,
      )!.person,
      resourceName: 'people/c1',
    };

    it("takes back the third party's items and the module's clientData, keeping the person's own items", () => {
      const update = personStripped(linked, 'Acme')!;
      expect(update.updatePersonFields.sort()).to.deep.equal(['addresses', 'clientData', 'emailAddresses', 'phoneNumbers', 'urls']);
      expect(update.person.etag).to.equal(linked.etag);
      expect(update.person.metadata).to.deep.equal({ sources: [{ type: 'CONTACT', id: '1' }] });
      const after = applied(linked, update);
      expect(after.clientData).to.deep.equal([{ key: 'other.app', value: 'x' }]);
      expect(after.urls).to.deep.equal([{ value: 'https://family.example' }]);
      expect(after.emailAddresses?.map((e) => e.value)).to.deep.equal(['mine@phone.test', 'jean@acme.fr', 'jean@gmail.com']);
      expect(after.phoneNumbers?.map((p) => p.type)).to.not.include('Acme');
      expect(after.addresses?.map((a) => a.type)).to.deep.equal(['home']);
      // Nothing of ours left: a second strip writes nothing.
      expect(personStripped({ ...after, etag: 'e2' }, 'Acme')).to.equal(null);
    });

    it('finds items labelled with a former third-party name through the label kept in clientData', () => {
      expect(applied(linked, personStripped(linked, 'Renamed SA')).emailAddresses?.map((e) => e.type)).to.not.include('Acme');
    });

    it('needs the etag, like any update', () => {
      expect(() => personStripped({ ...linked, etag: undefined }, 'Acme')).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
    });
  });
});
