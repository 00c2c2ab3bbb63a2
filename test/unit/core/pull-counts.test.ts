import { expect } from 'chai';
import { summarisePull } from '../../../src/core/pull-counts';

describe('core/pull-counts', () => {
  it('always shows the six counts, zero when nothing happened', () => {
    expect(summarisePull({})).to.deep.equal({ created: 0, updated: 0, deleted: 0, conflicts: 0, errors: 0, skipped: 0 });
  });

  it('folds the outcomes recorded per contact into them, and keeps those that explain them', () => {
    const raw = { imported: 2, updated: 3, merged: 1, regrouped: 1, 'google-deleted': 4, conflicts: 2, failed: 1, unchanged: 7, candidate: 2, duplicate: 1, linked: 3, full: 1, requests: 9 };
    expect(summarisePull(raw)).to.deep.equal({
      created: 2, updated: 5, deleted: 4, conflicts: 2, errors: 1, skipped: 10, candidate: 2, duplicate: 1, linked: 3, full: 1, requests: 9,
    });
  });
});
