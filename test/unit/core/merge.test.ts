import { expect } from 'chai';
import { afterCrmWrite, fieldTimesSince, mergeCards, type MergeOptions } from '../../../src/core/merge';
import { card, FR } from './fixtures';

const opts = (values: Partial<MergeOptions> = {}): MergeOptions => ({ ...FR, policy: 'newest', ...values });

describe('core/merge', () => {
  const base = card({ givenName: 'Jean', familyName: 'Dupont', phoneMobile: '06 12 34 56 78', emailWork: 'jean@acme.fr', organisation: 'Acme' });

  it("newest wins per field on the CRM's side, per contact on Google's", () => {
    const crm = { ...base, phoneMobile: '07 00 00 00 00', givenName: 'Jeannot' };
    const google = { ...base, phoneMobile: '07 11 11 11 11' };
    const times = { crmUpdatedAt: '2026-12-02T10:03:00.000Z', googleUpdatedAt: '2026-12-02T10:02:00.000Z' };
    // The contact's update time (10:03, the first name) would make the CRM's older phone edit (10:01) win.
    expect(mergeCards(base, crm, google, opts(times)).conflicts[0]!.winner).to.equal('crm');
    const perField = opts({ ...times, crmFieldTimes: { phoneMobile: '2026-12-02T10:01:00.000Z', givenName: '2026-12-02T10:03:00.000Z' } });
    expect(mergeCards(base, crm, google, perField).conflicts).to.deep.equal([
      { field: 'phoneMobile', base: base.phoneMobile, crm: '07 00 00 00 00', google: '07 11 11 11 11', winner: 'google' },
    ]);
  });

  it("newest: a gap no wider than the clocks' margin is a tie, and a tie goes to the CRM", () => {
    // Google's times are known on the CRM's clock only within the offset's margin (Date headers have 1-s
    // resolution): a phone edit 20 ms after the CRM's, read with a 500-ms margin, may as well be before it.
    const crm = { ...base, givenName: 'Ann' };
    const google = { ...base, givenName: 'Annie' };
    const near = opts({ crmUpdatedAt: '2026-12-02T10:00:00.000Z', googleUpdatedAt: '2026-12-02T10:00:00.020Z', clockMarginMs: 500 });
    expect(mergeCards(base, crm, google, near).conflicts[0]!.winner).to.equal('crm');
    const later = opts({ crmUpdatedAt: '2026-12-02T10:00:00.000Z', googleUpdatedAt: '2026-12-02T10:00:00.501Z', clockMarginMs: 500 });
    expect(mergeCards(base, crm, google, later).conflicts[0]!.winner).to.equal('google');
  });

  it('field times older than the last sync do not count (a change the events missed came later)', () => {
    const times = { note: '2026-12-02T09:00:00.000Z', phoneMobile: '2026-12-02T11:00:00.000Z' };
    expect(fieldTimesSince(times, '2026-12-02T10:00:00.000Z')).to.deep.equal({ phoneMobile: '2026-12-02T11:00:00.000Z' });
    expect(fieldTimesSince(times, null)).to.deep.equal({});
  });

  it('changes nothing when no side changed', () => {
    const result = mergeCards(base, base, base, opts());
    expect(result).to.deep.include({ crmFields: [], googleFields: [], conflicts: [] });
    expect(result.base).to.deep.equal(base);
  });

  it('keeps both one-sided changes: CRM changed the phone, the phone user the email', () => {
    const crm = { ...base, phoneMobile: '07 00 00 00 00' };
    const google = { ...base, emailWork: 'jean.dupont@acme.fr' };
    const result = mergeCards(base, crm, google, opts());
    expect(result.conflicts).to.deep.equal([]);
    expect(result.googleFields).to.deep.equal(['phoneMobile']);
    expect(result.crmFields).to.deep.equal(['emailWork']);
    const both = { ...base, phoneMobile: '07 00 00 00 00', emailWork: 'jean.dupont@acme.fr' };
    expect(result.base).to.deep.equal(both);
    expect(result.crm).to.deep.equal(both);
    expect(result.google).to.deep.equal(both);
  });

  it('sees no conflict when both sides made the same change, even written differently', () => {
    const crm = { ...base, phoneMobile: '07 00 00 00 00' };
    const google = { ...base, phoneMobile: '+33 7 00 00 00 00' };
    const result = mergeCards(base, crm, google, opts({ policy: 'ask' }));
    expect(result).to.deep.include({ crmFields: [], googleFields: [], conflicts: [] });
    expect(result.base.phoneMobile).to.equal('07 00 00 00 00');
  });

  it('takes a deletion on one side like any change', () => {
    const result = mergeCards(base, base, { ...base, phoneMobile: null }, opts());
    expect(result.crmFields).to.deep.equal(['phoneMobile']);
    expect(result.crm.phoneMobile).to.equal(null);
  });

  describe('two-sided conflicts', () => {
    const crm = { ...base, familyName: 'Dupond' };
    const google = { ...base, familyName: 'Durand' };

    it("'crm' policy: the CRM value goes to Google", () => {
      const result = mergeCards(base, crm, google, opts({ policy: 'crm' }));
      expect(result.googleFields).to.deep.equal(['familyName']);
      expect(result.crmFields).to.deep.equal([]);
      expect(result.google.familyName).to.equal('Dupond');
      expect(result.base.familyName).to.equal('Dupond');
      expect(result.conflicts).to.deep.equal([{ field: 'familyName', base: 'Dupont', crm: 'Dupond', google: 'Durand', winner: 'crm' }]);
    });

    it("'google' policy: Google's value goes to the CRM", () => {
      const result = mergeCards(base, crm, google, opts({ policy: 'google' }));
      expect(result.crmFields).to.deep.equal(['familyName']);
      expect(result.crm.familyName).to.equal('Durand');
      expect(result.conflicts[0]?.winner).to.equal('google');
    });

    it("'newest' policy: the side updated last wins", () => {
      const googleNewer = mergeCards(base, crm, google, opts({ crmUpdatedAt: '2026-03-01T10:00:00Z', googleUpdatedAt: '2026-03-01T10:00:01Z' }));
      expect(googleNewer.crm.familyName).to.equal('Durand');
      const crmNewer = mergeCards(base, crm, google, opts({ crmUpdatedAt: '2026-03-02T00:00:00Z', googleUpdatedAt: '2026-03-01T23:59:59.999Z' }));
      expect(crmNewer.google.familyName).to.equal('Dupond');
    });

    it("'newest' policy: equal or unknown times go to the CRM", () => {
      for (const times of [
        { crmUpdatedAt: '2026-03-01T10:00:00Z', googleUpdatedAt: '2026-03-01T10:00:00.000Z' },
        { crmUpdatedAt: null, googleUpdatedAt: '2026-03-01T10:00:00Z' },
        { crmUpdatedAt: '2026-03-01T10:00:00Z', googleUpdatedAt: 'garbage' },
        {},
      ]) {
        expect(mergeCards(base, crm, google, opts(times)).conflicts[0]?.winner, JSON.stringify(times)).to.equal('crm');
      }
    });

    it("'ask' policy: both sides stay as they are, the base keeps the old value, the conflict is returned", () => {
      const result = mergeCards(base, { ...crm, note: 'crm note' }, google, opts({ policy: 'ask' }));
      expect(result.conflicts).to.deep.equal([{ field: 'familyName', base: 'Dupont', crm: 'Dupond', google: 'Durand', winner: null }]);
      expect(result.crm.familyName).to.equal('Dupond');
      expect(result.google.familyName).to.equal('Durand');
      expect(result.base.familyName).to.equal('Dupont');
      // the other, one-sided change still goes through
      expect(result.googleFields).to.deep.equal(['note']);
    });

    it("'ask' policy: the next merge from the stored base raises the same conflict again", () => {
      const first = mergeCards(base, crm, google, opts({ policy: 'ask' }));
      const again = mergeCards(first.base, first.crm, first.google, opts({ policy: 'ask' }));
      expect(again.conflicts).to.deep.equal(first.conflicts);
    });
  });

  describe('fields only the CRM decides', () => {
    it("undoes Google's change of the organisation", () => {
      const result = mergeCards(base, base, { ...base, organisation: 'Other' }, opts({ policy: 'google' }));
      expect(result.googleFields).to.deep.equal(['organisation']);
      expect(result.crmFields).to.deep.equal([]);
      expect(result.google.organisation).to.equal('Acme');
    });

    it('settles a two-sided fax change for the CRM without a conflict', () => {
      const result = mergeCards(base, { ...base, fax: '01 00 00 00 01' }, { ...base, fax: '01 00 00 00 02' }, opts({ policy: 'ask' }));
      expect(result.conflicts).to.deep.equal([]);
      expect(result.google.fax).to.equal('01 00 00 00 01');
    });

    it('can be turned off', () => {
      const result = mergeCards(base, base, { ...base, organisation: 'Other' }, opts({ crmOnlyFields: [] }));
      expect(result.crmFields).to.deep.equal(['organisation']);
    });
  });

  describe('first link (no base)', () => {
    it('fills a field empty on one side from the other, both ways', () => {
      const crm = card({ familyName: 'Dupont', emailWork: 'jean@acme.fr' });
      const google = card({ familyName: 'Dupont', phoneMobile: '06 12 34 56 78' });
      const result = mergeCards(null, crm, google, opts({ policy: 'ask' }));
      expect(result.conflicts).to.deep.equal([]);
      expect(result.crmFields).to.deep.equal(['phoneMobile']);
      expect(result.googleFields).to.deep.equal(['emailWork']);
    });

    it('calls two different values a conflict', () => {
      const result = mergeCards(null, card({ note: 'a' }), card({ note: 'b' }), opts({ policy: 'ask' }));
      expect(result.conflicts).to.deep.equal([{ field: 'note', base: null, crm: 'a', google: 'b', winner: null }]);
    });
  });

  it('does not modify its inputs', () => {
    const crm = { ...base, phoneMobile: '07 00 00 00 00' };
    const google = { ...base, emailWork: 'x@y.z' };
    const copies = JSON.stringify([base, crm, google]);
    mergeCards(base, crm, google, opts());
    expect(JSON.stringify([base, crm, google])).to.equal(copies);
  });

  it('after the CRM write, a field the CRM did not take keeps its CRM value there and in the base, so Google keeps its own', () => {
    const google = { ...base, birthday: '--05-12', emailWork: 'jean.dupont@acme.fr' };
    const merge = mergeCards(base, base, google, opts());
    expect(merge.crmFields).to.deep.equal(['emailWork', 'birthday']);
    const written = { ...base, emailWork: 'jean.dupont@acme.fr' }; // the CRM holds full dates only
    const after = afterCrmWrite(merge, written, FR);
    expect(after.crmFields).to.deep.equal(['emailWork']);
    expect(after.crm).to.deep.equal(written);
    expect(after.base).to.deep.equal({ ...written, birthday: null });
    expect(after.google).to.deep.equal(google);
    // Merged again from there: Google's birthday is still Google's one-sided change, never a CRM change to undo.
    const again = mergeCards(after.base, written, google, opts());
    expect(again.googleFields).to.deep.equal([]);
    expect(again.google.birthday).to.equal('--05-12');
    expect(afterCrmWrite(merge, merge.crm, FR)).to.equal(merge);
  });
});

