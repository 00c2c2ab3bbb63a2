import { expect } from 'chai';
import { thirdPartyItems } from '../../../src/core/third-party-items';
import { card, FR, thirdParty } from './fixtures';

describe('core/third-party-items', () => {
  const acme = thirdParty({ name: ' Acme ', phone: '01 99 99 99 99', email: 'contact@acme.fr', url: ' https://acme.fr ', address: '1 place Bellecour', zip: '69002', town: 'Lyon' });

  it('labels every item with the third party name', () => {
    expect(thirdPartyItems(card(), acme, FR)).to.deep.equal({
      label: 'Acme',
      email: 'contact@acme.fr',
      phone: '01 99 99 99 99',
      address: { street: '1 place Bellecour', zip: '69002', town: 'Lyon', state: null, country: null },
      url: 'https://acme.fr',
    });
  });

  it('is null without a third party or without a name to label with', () => {
    expect(thirdPartyItems(card(), null, FR)).to.equal(null);
    expect(thirdPartyItems(card(), { ...acme, name: '  ' }, FR)).to.equal(null);
  });

  it('leaves out the phone when it is one of the contact’s own numbers, however written', () => {
    expect(thirdPartyItems(card({ phoneWork: '+33199999999' }), acme, FR)?.phone).to.equal(null);
    expect(thirdPartyItems(card({ phoneHome: '01.99.99.99.99' }), acme, FR)?.phone).to.equal(null);
    expect(thirdPartyItems(card({ phoneMobile: '0199999999' }), acme, FR)?.phone).to.equal(null);
    expect(thirdPartyItems(card({ phoneWork: '01 99 99 99 98' }), acme, FR)?.phone).to.equal('01 99 99 99 99');
  });

  it('leaves out the email when the contact uses it, in any case', () => {
    expect(thirdPartyItems(card({ emailWork: 'CONTACT@acme.fr' }), acme, FR)?.email).to.equal(null);
    expect(thirdPartyItems(card({ emailHome: 'contact@acme.fr' }), acme, FR)?.email).to.equal(null);
  });

  it('leaves out the address when it is the contact’s own', () => {
    const own = card({ homeAddress: { street: '1 Place Bellecour', zip: '69002', town: 'LYON', state: null, country: null } });
    expect(thirdPartyItems(own, acme, FR)?.address).to.equal(null);
  });

  it('has no item for empty third-party values', () => {
    expect(thirdPartyItems(card(), thirdParty({ name: 'Bare' }), FR)).to.deep.equal({ label: 'Bare', email: null, phone: null, address: null, url: null });
  });
});
