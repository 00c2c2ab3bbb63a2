import { expect } from 'chai';
import { emptyCard } from '../../../src/core/card';
import { accountState, compareForTab, differingFields, flagOutcomeKey, listState, showField, viewFingerprint } from '../../../src/core/tab-compare';

const options = { region: 'FR' as const };
const inScope = { inScope: true } as const;

describe('core/tab-compare', () => {
  it('compares field by field with the diff rules, and says which side holds a one-sided value', () => {
    const crm = { ...emptyCard(), familyName: 'Dupont', phoneMobile: '+33 6 12 34 56 78', note: 'crm only', jobTitle: 'Buyer' };
    const google = { ...emptyCard(), familyName: 'Dupont', phoneMobile: '06 12 34 56 78', emailHome: 'home@x.test', jobTitle: 'Chief buyer' };
    const base = { ...emptyCard(), jobTitle: 'Buyer' };
    const rows = compareForTab(crm, google, base, options);
    const byField = new Map(rows.map((r) => [r.field, r]));
    expect(byField.get('phoneMobile')!.state).to.equal('same');
    expect(byField.get('note')!.state).to.equal('crm-only');
    expect(byField.get('emailHome')!.state).to.equal('google-only');
    expect(byField.get('jobTitle')).to.deep.include({ state: 'differs', crm: 'Buyer', google: 'Chief buyer', base: 'Buyer', takesGoogle: true });
    expect(byField.get('organisation')!.takesGoogle).to.equal(false);
    expect(differingFields(rows)).to.deep.equal(['emailHome', 'jobTitle', 'note']);
  });

  it('offers only the fields the CRM takes from Google for "Use all Google values"', () => {
    const rows = compareForTab({ ...emptyCard(), fax: '+33 1 00 00 00 00', jobTitle: 'A' }, { ...emptyCard(), fax: '+33 1 00 00 00 01', jobTitle: 'B' }, null, options);
    expect(differingFields(rows, 'google-writable')).to.deep.equal(['jobTitle']);
  });

  it('shows an address on one line', () => {
    const card = { ...emptyCard(), homeAddress: { street: '1 rue X', zip: '75001', town: 'Paris', state: null, country: 'France' } };
    expect(showField(card, 'homeAddress')).to.equal('1 rue X, 75001 Paris, France');
    expect(showField(null, 'homeAddress')).to.equal(null);
  });

  it('names the most urgent state of a contact in an account', () => {
    const base = { accountActive: true, linkState: 'linked' as const, openConflicts: 0, scope: inScope, queued: false };
    expect(accountState(base)).to.equal('synced');
    expect(accountState({ ...base, queued: true })).to.equal('pending');
    expect(accountState({ ...base, openConflicts: 1, queued: true })).to.equal('conflict');
    expect(accountState({ ...base, accountActive: false, openConflicts: 1 })).to.equal('account-broken');
    expect(accountState({ ...base, linkState: 'unlinked' })).to.equal('deleted-in-google');
    expect(accountState({ ...base, linkState: null })).to.equal('not-in-google');
    expect(accountState({ ...base, linkState: 'pending_create' })).to.equal('being-created');
    const out = { inScope: false, reason: 'sync-flag-off' } as const;
    expect(accountState({ ...base, linkState: null, scope: out, queued: true })).to.equal('out-of-scope');
    // Linked and leaving scope: the push still has to ungroup or delete it.
    expect(accountState({ ...base, scope: out, queued: true })).to.equal('pending');
  });

  it('says what saving the sync flag will do under the settings, and nothing for a private contact', () => {
    const input = { private: false, active: true, flag: true, outOfScopeAction: 'ungroup' as const, inGoogle: true };
    expect(flagOutcomeKey(input)).to.equal('tab.flag.outcome.turn_off_ungroup');
    expect(flagOutcomeKey({ ...input, outOfScopeAction: 'delete' })).to.equal('tab.flag.outcome.turn_off_delete');
    expect(flagOutcomeKey({ ...input, inGoogle: false })).to.equal('tab.flag.outcome.turn_off_absent');
    expect(flagOutcomeKey({ ...input, flag: false })).to.equal('tab.flag.outcome.turn_on');
    expect(flagOutcomeKey({ ...input, active: false })).to.equal('tab.flag.outcome.inactive');
    expect(flagOutcomeKey({ ...input, private: true })).to.equal(null);
  });

  it('fingerprints a view: the same parts give the same print, any change another', () => {
    const parts = { contactVersion: 3, accounts: [[1, 'linked', 'etag-a', 'etag-g', []]] };
    expect(viewFingerprint(parts)).to.equal(viewFingerprint(structuredClone(parts)));
    expect(viewFingerprint({ ...parts, contactVersion: 4 })).to.not.equal(viewFingerprint(parts));
    expect(viewFingerprint({ ...parts, accounts: [[1, 'linked', 'etag-a', 'etag-h', []]] })).to.not.equal(viewFingerprint(parts));
  });

  it('sums a contact up for the contact list over every account', () => {
    expect(listState(['linked', 'conflict'], false)).to.equal('conflict');
    expect(listState(['linked'], true)).to.equal('pending');
    expect(listState(['pending_create'], false)).to.equal('pending');
    expect(listState(['linked'], false)).to.equal('synced');
    expect(listState([], false)).to.equal('not-synced');
    expect(listState(['unlinked'], false)).to.equal('not-synced');
  });
});
