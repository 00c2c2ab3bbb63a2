import { expect } from 'chai';
import { contactScope, isInScope, type ScopeContext } from '../../../src/core/scope';

const shared = { private: false, status: 1 as const };
const context = (values: Partial<ScopeContext> = {}): ScopeContext => ({ account: { kind: 'all' }, syncFlag: null, defaultSyncFlag: true, salesRepIds: [], ...values });

describe('core/scope', () => {
  it('takes every shared, active contact in an "all" account', () => {
    expect(contactScope(shared, context())).to.deep.equal({ inScope: true });
    expect(isInScope(shared, context())).to.equal(true);
  });

  it('never takes a private contact, even with its sync flag on', () => {
    expect(contactScope({ ...shared, private: true }, context({ syncFlag: true }))).to.deep.equal({ inScope: false, reason: 'private' });
  });

  it('leaves out disabled contacts', () => {
    expect(contactScope({ ...shared, status: 0 }, context())).to.deep.equal({ inScope: false, reason: 'inactive' });
  });

  it("follows the contact's sync flag, else the default", () => {
    expect(contactScope(shared, context({ syncFlag: false }))).to.deep.equal({ inScope: false, reason: 'sync-flag-off' });
    expect(contactScope(shared, context({ syncFlag: null, defaultSyncFlag: false }))).to.deep.equal({ inScope: false, reason: 'sync-flag-off' });
    expect(contactScope(shared, context({ syncFlag: true, defaultSyncFlag: false }))).to.deep.equal({ inScope: true });
  });

  it("takes in a sales rep's account only the contacts of the third parties that rep follows", () => {
    const rep = { kind: 'salesrep' as const, userId: 5 };
    expect(contactScope(shared, context({ account: rep, salesRepIds: [3, 5] }))).to.deep.equal({ inScope: true });
    expect(contactScope(shared, context({ account: rep, salesRepIds: [3] }))).to.deep.equal({ inScope: false, reason: 'not-sales-rep' });
    expect(contactScope(shared, context({ account: rep, salesRepIds: [] }))).to.deep.equal({ inScope: false, reason: 'not-sales-rep' });
  });

  it('gives the first reason in order private, inactive, flag, sales rep', () => {
    const rep = { kind: 'salesrep' as const, userId: 5 };
    expect(contactScope({ private: true, status: 0 }, context({ account: rep, syncFlag: false }))).to.deep.equal({ inScope: false, reason: 'private' });
    expect(contactScope({ private: false, status: 0 }, context({ account: rep, syncFlag: false }))).to.deep.equal({ inScope: false, reason: 'inactive' });
    expect(contactScope(shared, context({ account: rep, syncFlag: false }))).to.deep.equal({ inScope: false, reason: 'sync-flag-off' });
  });
});
