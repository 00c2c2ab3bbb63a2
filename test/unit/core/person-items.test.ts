import { expect } from 'chai';
import {
  CLIENT_DATA_KEYS,
  googleUpdateTime,
  isCreatedByModule,
  isLabelled,
  isOurClientData,
  ourContactId,
  ownedIndex,
  readClientData,
  thirdPartyLabels,
} from '../../../src/core/person-items';

describe('core/person-items', () => {
  const ours = {
    clientData: [
      { key: CLIENT_DATA_KEYS.instance, value: 'crm-1' },
      { key: CLIENT_DATA_KEYS.contactId, value: '42' },
      { key: CLIENT_DATA_KEYS.uid, value: 'u-1' },
      { key: CLIENT_DATA_KEYS.thirdPartyLabel, value: 'Acme' },
      { key: 'other.app', value: 'x' },
    ],
  };

  it('has distinct clientData key names under the module prefix', () => {
    const keys = Object.values(CLIENT_DATA_KEYS);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const key of keys) expect(key).to.match(/^gcontacts\./);
  });

  it('reads the ids the module wrote', () => {
    expect(readClientData(ours)).to.deep.equal({ instance: 'crm-1', contactId: 42, uid: 'u-1', thirdPartyLabel: 'Acme' });
    expect(readClientData({})).to.deep.equal({ instance: null, contactId: null, uid: null, thirdPartyLabel: null });
  });

  it('ignores a contact id that is not a positive whole number', () => {
    for (const value of ['abc', '-3', '1.5', '0', '']) {
      expect(readClientData({ clientData: [{ key: CLIENT_DATA_KEYS.contactId, value }] }).contactId).to.equal(null);
    }
  });

  it('returns the contact id only for this CRM instance', () => {
    expect(ourContactId(ours, 'crm-1')).to.equal(42);
    expect(ourContactId(ours, 'crm-2')).to.equal(null);
  });

  it('tells our clientData items from other apps', () => {
    expect(ours.clientData.map(isOurClientData)).to.deep.equal([true, true, true, true, false]);
  });

  it('knows the third-party labels: the one last written and the current name', () => {
    expect([...thirdPartyLabels(ours, 'Acme SA')]).to.deep.equal(['Acme', 'Acme SA']);
    expect([...thirdPartyLabels({}, ' ')]).to.deep.equal([]);
  });

  it('finds the owned item of a type, skipping third-party items and other types', () => {
    const labels = new Set(['Home']);
    const list = [{ type: 'other' }, { type: 'Home' }, { type: 'home' }, { type: 'home' }];
    expect(ownedIndex(list, 'home', labels)).to.equal(2);
    expect(ownedIndex(list, 'work', labels)).to.equal(-1);
    expect(ownedIndex(undefined, 'work', labels)).to.equal(-1);
    expect(isLabelled({ type: 'Home' }, labels)).to.equal(true);
    expect(isLabelled({ type: 'home' }, labels)).to.equal(false);
  });

  it("takes Google's update time from the CONTACT source", () => {
    const person = {
      metadata: {
        sources: [
          { type: 'PROFILE', updateTime: '2026-01-01T00:00:00Z' },
          { type: 'CONTACT', updateTime: '2026-02-01T00:00:00Z' },
        ],
      },
    };
    expect(googleUpdateTime(person)).to.equal('2026-02-01T00:00:00Z');
    expect(googleUpdateTime({})).to.equal(null);
  });

  it('tells a person the module created (the uid its create sent) from one the account had and a pull linked', () => {
    expect(isCreatedByModule(ours, 'u-1', 'crm-1')).to.equal(true);
    // Linked: only the link's own uid counts (a copy carrying another create's uid is not this link's person).
    expect(isCreatedByModule(ours, 'u-2', 'crm-1')).to.equal(false);
    // Without a link: our instance id says it is ours (a create whose link was lost), another CRM's does not.
    expect(isCreatedByModule(ours, null, 'crm-1')).to.equal(true);
    expect(isCreatedByModule(ours, null, 'crm-2')).to.equal(false);
    // A person a pull linked carries our ids but no uid: the account owner's own contact.
    const linkedOnly = { clientData: ours.clientData.filter((item) => item.key !== CLIENT_DATA_KEYS.uid) };
    expect(isCreatedByModule(linkedOnly, 'u-1', 'crm-1')).to.equal(false);
    expect(isCreatedByModule({}, null, 'crm-1')).to.equal(false);
  });
});
