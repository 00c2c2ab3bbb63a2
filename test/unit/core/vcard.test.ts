import { expect } from 'chai';
import { escapeText, foldLine, peopleToVCards } from '../../../src/core/vcard';

describe('core/vcard', () => {
  it('escapes backslashes, commas, semicolons and line breaks', () => {
    expect(escapeText('a\\b, c; d\ne')).to.equal('a\\\\b\\, c\\; d\\ne');
  });

  it('folds lines at 75 octets without cutting a multi-byte character', () => {
    const folded = foldLine(`NOTE:${'é'.repeat(80)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).to.be.greaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).to.equal(`NOTE:${'é'.repeat(80)}`);
  });

  it('writes every item of a person, ours and the phone user\'s, as a vCard 3.0 with CRLF line ends', () => {
    const text = peopleToVCards([
      {
        resourceName: 'people/c1',
        names: [{ givenName: 'Marie', familyName: 'Dupont', honorificPrefix: 'Mme' }],
        emailAddresses: [{ value: 'marie@acme.test', type: 'work' }, { value: 'marie@perso.test' }],
        phoneNumbers: [{ value: '+33 6 12 34 56 78', type: 'mobile' }, { value: '01 02 03 04 05', type: 'Acme SA' }],
        addresses: [{ type: 'home', streetAddress: '1 rue X', postalCode: '75001', city: 'Paris', country: 'France' }],
        organizations: [{ name: 'Acme, SA', title: 'Buyer' }],
        birthdays: [{ date: { year: 1980, month: 2, day: 29 } }],
        biographies: [{ value: 'line 1\nline 2' }],
        clientData: [{ key: 'gcontacts.uid', value: 'uid-1' }],
      },
      { resourceName: 'people/c2', emailAddresses: [{ value: 'only@mail.test' }] },
    ]);
    expect(text.match(/BEGIN:VCARD\r\nVERSION:3\.0\r\n/g)).to.have.length(2);
    expect(text).to.include('N:Dupont;Marie;;Mme;\r\n');
    expect(text).to.include('FN:Marie Dupont\r\n');
    expect(text).to.include('EMAIL;TYPE=INTERNET,WORK:marie@acme.test\r\n');
    expect(text).to.include('EMAIL;TYPE=INTERNET:marie@perso.test\r\n');
    expect(text).to.include('TEL;TYPE=CELL:+33 6 12 34 56 78\r\n');
    expect(text).to.include('TEL;TYPE=X-Acme-SA:01 02 03 04 05\r\n');
    expect(text).to.include('ADR;TYPE=HOME:;;1 rue X;Paris;;75001;France\r\n');
    expect(text).to.include('ORG:Acme\\, SA\r\n');
    expect(text).to.include('BDAY:1980-02-29\r\n');
    expect(text).to.include('NOTE:line 1\\nline 2\r\n');
    expect(text).to.include('UID:uid-1\r\n');
    expect(text).to.include('FN:only@mail.test\r\n');
    expect(text.endsWith('END:VCARD\r\n')).to.equal(true);
  });
});
