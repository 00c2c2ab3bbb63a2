import { expect } from 'chai';
import { decidePush, type PushSettings } from '../../../src/core/push-plan';

const defaults: PushSettings = { outOfScopeAction: 'ungroup', crmDeleteAction: 'delete' };
const inScope = { inScope: true } as const;
const privateContact = { inScope: false, reason: 'private' } as const;

describe('core/push-plan', () => {
  it('creates an in-scope contact without a link and updates a linked one', () => {
    expect(decidePush({ scope: inScope, link: 'none', settings: defaults, forced: false })).to.deep.equal({ action: 'create' });
    expect(decidePush({ scope: inScope, link: 'linked', settings: defaults, forced: false })).to.deep.equal({ action: 'update' });
  });

  it('does nothing for a contact out of scope that was never pushed, nor for a deleted one never pushed', () => {
    expect(decidePush({ scope: privateContact, link: 'none', settings: defaults, forced: false })).to.deep.equal({ action: 'none', reason: 'not-linked' });
    expect(decidePush({ scope: null, link: 'none', settings: defaults, forced: false })).to.deep.equal({ action: 'none', reason: 'not-linked' });
  });

  it('ungroups or deletes a linked contact leaving scope, per the out-of-scope setting, with the reason', () => {
    expect(decidePush({ scope: { inScope: false, reason: 'inactive' }, link: 'linked', settings: defaults, forced: false })).to.deep.equal({ action: 'ungroup', reason: 'inactive', unlink: false });
    expect(decidePush({ scope: { inScope: false, reason: 'sync-flag-off' }, link: 'linked', settings: { ...defaults, outOfScopeAction: 'delete' }, forced: false })).to.deep.equal({
      action: 'delete',
      reason: 'sync-flag-off',
    });
  });

  it('withdraws a linked contact made private whatever the out-of-scope setting says; the setting still rules the other exits', () => {
    for (const outOfScopeAction of ['ungroup', 'delete'] as const) {
      expect(decidePush({ scope: privateContact, link: 'linked', settings: { ...defaults, outOfScopeAction }, forced: false })).to.deep.equal({ action: 'withdraw', reason: 'private' });
    }
    expect(decidePush({ scope: { inScope: false, reason: 'not-sales-rep' }, link: 'linked', settings: defaults, forced: false })).to.deep.equal({ action: 'ungroup', reason: 'not-sales-rep', unlink: false });
    // Deleted in Google already, or never pushed: nothing in Google to withdraw.
    expect(decidePush({ scope: privateContact, link: 'deleted-in-google', settings: defaults, forced: false })).to.deep.equal({ action: 'none', reason: 'deleted-in-google' });
    expect(decidePush({ scope: privateContact, link: 'none', settings: defaults, forced: true })).to.deep.equal({ action: 'none', reason: 'not-linked' });
  });

  it('deletes the Google contact of a CRM delete, or only ungroups and unlinks it, per the CRM-delete setting', () => {
    expect(decidePush({ scope: null, link: 'linked', settings: defaults, forced: false })).to.deep.equal({ action: 'delete', reason: 'crm-deleted' });
    expect(decidePush({ scope: null, link: 'linked', settings: { ...defaults, crmDeleteAction: 'ungroup' }, forced: false })).to.deep.equal({ action: 'ungroup', reason: 'crm-deleted', unlink: true });
  });

  it('never pushes again a contact deleted in Google, except when Export all forces it', () => {
    const input = { scope: inScope, link: 'deleted-in-google' as const, settings: defaults };
    expect(decidePush({ ...input, forced: false })).to.deep.equal({ action: 'none', reason: 'deleted-in-google' });
    expect(decidePush({ ...input, forced: true })).to.deep.equal({ action: 'create' });
    expect(decidePush({ ...input, scope: privateContact, forced: true })).to.deep.equal({ action: 'none', reason: 'deleted-in-google' });
    expect(decidePush({ ...input, scope: null, forced: false })).to.deep.equal({ action: 'forget' });
  });

  it('creates every in-scope contact without a link, forced or not', () => {
    expect(decidePush({ scope: inScope, link: 'none', settings: defaults, forced: true })).to.deep.equal({ action: 'create' });
  });
});
