import { expect } from 'chai';
import { grantsAccess, scopesFor } from '../../../src/google/oauth';

const FULL = 'https://www.googleapis.com/auth/contacts';
const READ = 'https://www.googleapis.com/auth/contacts.readonly';

describe('grantsAccess: the scopes Google granted against the access asked for', () => {
  it('asks for full contacts to sync, read-only contacts to import, and the email either way', () => {
    expect(scopesFor('read-write')).to.deep.equal([FULL, 'openid', 'email']);
    expect(scopesFor('read-only')).to.deep.equal([READ, 'openid', 'email']);
  });

  it('needs full contacts to sync: read-only or nothing is not enough', () => {
    expect(grantsAccess(`openid ${FULL} email`, 'read-write')).to.equal(true);
    expect(grantsAccess(`openid ${READ} email`, 'read-write')).to.equal(false);
    expect(grantsAccess('openid email', 'read-write')).to.equal(false);
  });

  it('takes read-only contacts, or more, for an import', () => {
    expect(grantsAccess(`${READ} openid email`, 'read-only')).to.equal(true);
    expect(grantsAccess(`${FULL} openid email`, 'read-only')).to.equal(true);
    expect(grantsAccess('openid email', 'read-only')).to.equal(false);
    // A look-alike scope is not the contacts scope.
    expect(grantsAccess(`${READ}.other openid`, 'read-only')).to.equal(false);
  });

  it('takes an answer without a scope as the grant asked for (RFC 6749 §5.1)', () => {
    expect(grantsAccess(undefined, 'read-write')).to.equal(true);
    expect(grantsAccess('', 'read-only')).to.equal(true);
  });
});
