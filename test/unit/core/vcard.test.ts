import { expect } from 'chai';
import { emptyCard } from '../../../src/core/card';
import { cardToVCard, peopleToVCards, readVCards } from '../../../src/core/vcard';

describe('core/vcard (vCard 4.0 through ical.js)', () => {
  const person = {
    resourceName: 'people/c1',
    names: [{ givenName: 'Marie', familyName: 'Dupont', honorificPrefix: 'Mme' }],
    emailAddresses: [{ value: 'marie@acme.test', type: 'work' }, { value: 'marie@perso.test' }],
    phoneNumbers: [{ value: '+33 6 12 34 56 78', type: 'mobile' }, { value: '01 02 03 04 05', type: 'Acme SA' }],
    addresses: [{ type: 'home', streetAddress: '1 rue X, bât; B', postalCode: '75001', city: 'Paris', country: 'France' }],
    organizations: [{ name: 'Acme, SA', title: 'Buyer' }],
    birthdays: [{ date: { year: 1980, month: 2, day: 29 } }],
    biographies: [{ value: `line 1\nline 2 ${'é'.repeat(80)}` }],
    clientData: [{ key: 'gcontacts.uid', value: 'uid-1' }],
  };

  it('writes every item of a person, ours and the phone user\'s, as vCard 4.0 that reads back the same', () => {
    const text = peopleToVCards([person, { resourceName: 'people/c2', emailAddresses: [{ value: 'only@mail.test' }] }]);
    expect(text.match(/BEGIN:VCARD\r\nVERSION:4\.0\r\n/g)).to.have.length(2);
    expect(text.endsWith('END:VCARD\r\n')).to.equal(true);
    // Folded at 75 octets without cutting a character, CRLF line ends only.
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
    expect(text.replace(/\r\n/g, '')).to.not.include('\n');
    const [first, second] = readVCards(text);
    expect(first!.getFirstProperty('n')!.getValues()[0]).to.deep.equal(['Dupont', 'Marie', '', 'Mme', '']);
    expect(first!.getFirstPropertyValue('fn')).to.equal('Marie Dupont');
    expect(first!.getAllProperties('email').map((p) => p.getFirstValue())).to.deep.equal(['marie@acme.test', 'marie@perso.test']);
    expect(first!.getAllProperties('tel').map((p) => [p.getFirstValue(), p.getParameter('type')])).to.deep.equal([
      ['+33 6 12 34 56 78', 'cell'],
      ['01 02 03 04 05', 'x-Acme-SA'],
    ]);
    expect(first!.getFirstProperty('adr')!.getValues()[0]).to.deep.equal(['', '', '1 rue X, bât; B', 'Paris', '', '75001', 'France']);
    expect(first!.getFirstPropertyValue('org')).to.equal('Acme, SA');
    expect(String(first!.getFirstPropertyValue('bday'))).to.equal('1980-02-29');
    expect(first!.getFirstPropertyValue('note')).to.equal(`line 1\nline 2 ${'é'.repeat(80)}`);
    expect(first!.getFirstPropertyValue('uid')).to.equal('uid-1');
    expect(second!.getFirstPropertyValue('fn')).to.equal('only@mail.test');
  });

  it('writes a CRM card, a birthday without a year included, and escapes what would break the format', () => {
    const card = {
      ...emptyCard(),
      givenName: 'Zoé',
      familyName: 'Dupont; "le grand"',
      phoneMobile: '+33612345678',
      birthday: '--04-12',
      homeAddress: { street: '2 rue Y\n3e étage', zip: '69001', town: 'Lyon', state: null, country: 'France' },
      note: '<img src=x onerror=alert(1)>',
    };
    const [read] = readVCards(cardToVCard(card, 'crm-12'));
    expect(read!.getFirstProperty('n')!.getValues()[0]).to.deep.equal(['Dupont; "le grand"', 'Zoé', '', '', '']);
    expect(String(read!.getFirstPropertyValue('bday'))).to.equal('--04-12');
    expect(read!.getFirstProperty('adr')!.getValues()[0]).to.deep.equal(['', '', '2 rue Y\n3e étage', 'Lyon', '', '69001', 'France']);
    expect(read!.getFirstProperty('tel')!.getParameter('type')).to.equal('cell');
    expect(read!.getFirstPropertyValue('note')).to.equal('<img src=x onerror=alert(1)>');
    expect(read!.getFirstPropertyValue('uid')).to.equal('crm-12');
  });
});
