import { expect } from 'chai';
import { decidePull, isRemoval, massDeletionGuard, personState, type LinkState, type PersonState, type PullInput } from '../../../src/core/decide';
import { hashCard } from '../../../src/core/hash';
import { CLIENT_DATA_KEYS } from '../../../src/core/person-items';
import { personToCard } from '../../../src/core/person-read';
import { isGContactsError } from '../../../src/errors';

const link: LinkState = { contactId: 7, resourceName: 'people/c7', crmHash: 'crm-0', googleHash: 'g-0' };
const settings: PullInput['settings'] = { googleDeletePolicy: 'unlink', autoImportContainer: false };
const person: PersonState = { resourceName: 'people/c7', previousResourceNames: [], deleted: false, ourContactId: null, inContainer: false, googleHash: 'g-0' };

type Overrides = Partial<Omit<PullInput, 'person' | 'settings'>> & { person?: Partial<PersonState>; settings?: Partial<PullInput['settings']> };

function input(values: Overrides = {}): PullInput {
  return {
    link: values.link === undefined ? link : values.link,
    crmHash: values.crmHash === undefined ? 'crm-0' : values.crmHash,
    person: { ...person, ...values.person },
    settings: { ...settings, ...values.settings },
    ...(values.renamed === undefined ? {} : { renamed: values.renamed }),
    ...(values.crmPrivate === undefined ? {} : { crmPrivate: values.crmPrivate }),
  };
}

describe('core/decide', () => {
  describe('linked person', () => {
    it('does nothing when neither hash changed (our own echo, or an unmapped field)', () => {
      expect(decidePull(input())).to.deep.equal({ kind: 'none', reason: 'unchanged' });
    });

    it('updates the CRM when only Google changed', () => {
      expect(decidePull(input({ person: { googleHash: 'g-1' } }))).to.deep.equal({ kind: 'update-crm' });
    });

    it('pushes to Google when only the CRM changed', () => {
      expect(decidePull(input({ crmHash: 'crm-1' }))).to.deep.equal({ kind: 'update-google' });
    });

    it('merges when both changed', () => {
      expect(decidePull(input({ crmHash: 'crm-1', person: { googleHash: 'g-1' } }))).to.deep.equal({ kind: 'merge' });
    });

    for (const policy of ['unlink', 'delete', 'flag_off'] as const) {
      it(`applies the Google-delete policy "${policy}" to a deleted person`, () => {
        expect(decidePull(input({ person: { deleted: true, googleHash: null }, settings: { googleDeletePolicy: policy } }))).to.deep.equal({
          kind: 'google-deleted',
          contactId: 7,
          policy,
        });
      });
    }

    it('takes a deleted name that a live person carries on (renamed, merged) for no deletion at all', () => {
      expect(decidePull(input({ person: { deleted: true, googleHash: null }, settings: { googleDeletePolicy: 'delete' }, renamed: true }))).to.deep.equal({
        kind: 'none',
        reason: 'nothing-to-unlink',
      });
    });

    it('only unlinks a deleted person whose CRM contact is gone already', () => {
      expect(decidePull(input({ crmHash: null, person: { deleted: true, googleHash: null }, settings: { googleDeletePolicy: 'delete' } }))).to.deep.equal({
        kind: 'google-deleted',
        contactId: 7,
        policy: 'unlink',
      });
    });

    it('leaves a link whose CRM contact is gone or out of scope to the push side', () => {
      expect(decidePull(input({ crmHash: null, person: { googleHash: 'g-1' } }))).to.deep.equal({ kind: 'none', reason: 'crm-missing' });
    });

    it('queues a private contact that Google still has for the push to withdraw, never merging the phone edits', () => {
      expect(decidePull(input({ crmHash: null, crmPrivate: true }))).to.deep.equal({ kind: 'withdraw', contactId: 7 });
      expect(decidePull(input({ crmHash: null, crmPrivate: true, person: { googleHash: 'g-1' } }))).to.deep.equal({ kind: 'withdraw', contactId: 7 });
      // Deleted in Google meanwhile: only the link goes (nothing left to withdraw).
      expect(decidePull(input({ crmHash: null, crmPrivate: true, person: { deleted: true, googleHash: null } }))).to.deep.equal({ kind: 'google-deleted', contactId: 7, policy: 'unlink' });
    });

    it('recognises the person under a resourceName Google changed', () => {
      expect(decidePull(input({ person: { resourceName: 'people/c8', previousResourceNames: ['people/c7'], googleHash: 'g-1' } }))).to.deep.equal({ kind: 'update-crm' });
    });

    it('re-links a person carrying our id whose create is still waiting for its answer', () => {
      const pending = { ...link, resourceName: null, crmHash: 'crm-0', googleHash: null };
      expect(decidePull(input({ link: pending, person: { ourContactId: 7, googleHash: 'g-1' } }))).to.deep.equal({ kind: 'relink', contactId: 7 });
      expect(decidePull(input({ link: pending, crmHash: null, person: { ourContactId: 7 } }))).to.deep.equal({ kind: 'orphan', contactId: 7 });
      expect(decidePull(input({ link: pending, person: { ourContactId: 7, deleted: true, googleHash: null } }))).to.deep.equal({ kind: 'none', reason: 'nothing-to-unlink' });
    });

    it('reports a second person carrying the id of a contact linked elsewhere as a duplicate, never merging it', () => {
      expect(decidePull(input({ crmHash: 'crm-1', person: { resourceName: 'people/c9', ourContactId: 7, googleHash: 'g-9' } }))).to.deep.equal({ kind: 'duplicate', contactId: 7 });
      expect(decidePull(input({ person: { resourceName: 'people/c9', ourContactId: 7, deleted: true, googleHash: null } }))).to.deep.equal({
        kind: 'none',
        reason: 'nothing-to-unlink',
      });
    });

    it('ignores being in the container or carrying our id once linked', () => {
      expect(decidePull(input({ person: { inContainer: true, ourContactId: 7 } }))).to.deep.equal({ kind: 'none', reason: 'unchanged' });
    });
  });

  describe('person without a link', () => {
    const unlinked = { link: null, crmHash: null };

    it('ignores a deleted person', () => {
      expect(decidePull(input({ ...unlinked, person: { deleted: true, googleHash: null, ourContactId: 3 } }))).to.deep.equal({ kind: 'none', reason: 'nothing-to-unlink' });
    });

    it('re-links a person carrying our id (a create whose answer was lost), never importing it again', () => {
      expect(decidePull(input({ link: null, crmHash: 'crm-3', person: { ourContactId: 3, inContainer: true }, settings: { autoImportContainer: true } }))).to.deep.equal({
        kind: 'relink',
        contactId: 3,
      });
    });

    it('withdraws a person carrying the id of a private contact that no link holds (a copy left behind)', () => {
      expect(decidePull(input({ ...unlinked, crmPrivate: true, person: { ourContactId: 3 } }))).to.deep.equal({ kind: 'withdraw-copy', contactId: 3 });
      const pending = { ...link, resourceName: null };
      expect(decidePull(input({ link: pending, crmHash: null, crmPrivate: true, person: { ourContactId: 7 } }))).to.deep.equal({ kind: 'withdraw-copy', contactId: 7 });
      // A copy beside the linked person waits: the push withdraws the linked one first, the next pull this one.
      expect(decidePull(input({ crmHash: null, crmPrivate: true, person: { resourceName: 'people/copy', ourContactId: 7 } }))).to.deep.equal({ kind: 'orphan', contactId: 7 });
    });

    it('reports a person carrying the id of a contact that is gone as an orphan', () => {
      expect(decidePull(input({ ...unlinked, person: { ourContactId: 3 } }))).to.deep.equal({ kind: 'orphan', contactId: 3 });
    });

    it('imports a new contact of the container group when the account says so', () => {
      expect(decidePull(input({ ...unlinked, person: { inContainer: true }, settings: { autoImportContainer: true } }))).to.deep.equal({ kind: 'import-auto' });
    });

    it('lists a new contact of the container group as a candidate otherwise', () => {
      expect(decidePull(input({ ...unlinked, person: { inContainer: true } }))).to.deep.equal({ kind: 'import-candidate', inContainer: true });
    });

    it('lists any other Google contact as a candidate, even with auto-import on', () => {
      expect(decidePull(input({ ...unlinked, settings: { autoImportContainer: true } }))).to.deep.equal({ kind: 'import-candidate', inContainer: false });
    });
  });

  it('counts only Google deletions as removals', () => {
    expect(isRemoval({ kind: 'google-deleted', contactId: 1, policy: 'unlink' })).to.equal(true);
    expect(isRemoval({ kind: 'update-crm' })).to.equal(false);
    expect(isRemoval({ kind: 'none', reason: 'nothing-to-unlink' })).to.equal(false);
  });

  describe('massDeletionGuard', () => {
    it('proceeds without removals', () => {
      expect(massDeletionGuard({ linkCount: 100, removals: 0, maxShare: 0 })).to.deep.equal({ kind: 'proceed' });
      expect(massDeletionGuard({ linkCount: 0, removals: 0, maxShare: 0.2 })).to.deep.equal({ kind: 'proceed' });
    });

    it('proceeds up to the share, asks above it', () => {
      expect(massDeletionGuard({ linkCount: 100, removals: 20, maxShare: 0.2 })).to.deep.equal({ kind: 'proceed' });
      expect(massDeletionGuard({ linkCount: 100, removals: 21, maxShare: 0.2 })).to.deep.equal({
        kind: 'needs-confirmation',
        removals: 21,
        linkCount: 100,
        share: 0.21,
        maxShare: 0.2,
      });
    });

    it('asks for every removal with a share of 0 and never with a share of 1', () => {
      expect(massDeletionGuard({ linkCount: 1000, removals: 1, maxShare: 0 }).kind).to.equal('needs-confirmation');
      expect(massDeletionGuard({ linkCount: 10, removals: 10, maxShare: 1 }).kind).to.equal('proceed');
    });

    it('refuses a share outside 0..1 and negative or fractional counts', () => {
      for (const bad of [
        { linkCount: 10, removals: 1, maxShare: 1.5 },
        { linkCount: 10, removals: 1, maxShare: -0.1 },
        { linkCount: 10, removals: 1, maxShare: NaN },
        { linkCount: -1, removals: 1, maxShare: 0.2 },
        { linkCount: 10, removals: 0.5, maxShare: 0.2 },
      ]) {
        expect(() => massDeletionGuard(bad), JSON.stringify(bad)).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
      }
    });
  });

  describe('personState', () => {
    const context = { region: 'FR' as const, instance: 'crm-1', containerGroup: 'contactGroups/crm' };
    const google = {
      resourceName: 'people/c7',
      metadata: { previousResourceNames: ['people/old7'] },
      names: [{ givenName: 'Jean', familyName: 'Dupont' }],
      clientData: [
        { key: CLIENT_DATA_KEYS.instance, value: 'crm-1' },
        { key: CLIENT_DATA_KEYS.contactId, value: '7' },
      ],
      memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/crm' } }],
    };

    it('summarises a person for the decision table', () => {
      expect(personState(google, context)).to.deep.equal({
        resourceName: 'people/c7',
        previousResourceNames: ['people/old7'],
        deleted: false,
        ourContactId: 7,
        inContainer: true,
        googleHash: hashCard(personToCard(google), context),
      });
    });

    it("ignores another CRM instance's id and a container group not created yet", () => {
      expect(personState(google, { ...context, instance: 'crm-2', containerGroup: null })).to.include({ ourContactId: null, inContainer: false });
    });

    it('has no hash for a deleted person', () => {
      expect(personState({ ...google, metadata: { deleted: true } }, context)).to.include({ deleted: true, googleHash: null, ourContactId: 7 });
    });
  });
});
