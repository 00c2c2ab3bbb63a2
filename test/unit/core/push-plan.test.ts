import { expect } from 'chai';
import { decidePush, type PushSettings } from '../../../src/core/push-plan';

const defaults: PushSettings = { outOfScopeAction: 'ungroup', crmDeleteAction: 'delete' };
const inScope = { inScope: true } as const;
const privateContact = { inScope: false, reason: 'private' } as const;

describe('core/push-plan', () => {
  it('creates an in-scope contact without a link and updates a linked one', () => {
    expect(decidePush({ scope: inScope, linked: false, settings: defaults })).to.deep.equal({ action: 'create' });
    expect(decidePush({ scope: inScope, linked: true, settings: defaults })).to.deep.equal({ action: 'update' });
  });

  it('does nothing for a contact out of scope that was never pushed, nor for a deleted one never pushed', () => {
    expect(decidePush({ scope: privateContact, linked: false, settings: defaults })).to.deep.equal({ action: 'none', reason: 'not-linked' });
    expect(decidePush({ scope: null, linked: false, settings: defaults })).to.deep.equal({ action: 'none', reason: 'not-linked' });
  });

  it('ungroups or deletes a linked contact leaving scope, per the out-of-scope setting, with the reason', () => {
    expect(decidePush({ scope: privateContact, linked: true, settings: defaults })).to.deep.equal({ action: 'ungroup', reason: 'private', unlink: false });
    expect(decidePush({ scope: { inScope: false, reason: 'sync-flag-off' }, linked: true, settings: { ...defaults, outOfScopeAction: 'delete' } })).to.deep.equal({
      action: 'delete',
      reason: 'sync-flag-off',
    });
  });

  it('deletes the Google contact of a CRM delete, or only ungroups and unlinks it, per the CRM-delete setting', () => {
    expect(decidePush({ scope: null, linked: true, settings: defaults })).to.deep.equal({ action: 'delete', reason: 'crm-deleted' });
    expect(decidePush({ scope: null, linked: true, settings: { ...defaults, crmDeleteAction: 'ungroup' } })).to.deep.equal({ action: 'ungroup', reason: 'crm-deleted', unlink: true });
  });
});
