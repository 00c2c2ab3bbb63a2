/**
 * The pure pieces chained as the engines chain them, on one contact: push, echo, phone edit, pull, CRM edit,
 * both edits, delete. Proves at the core level that our own writes come back as no-ops and nothing loops.
 */
import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import type { CrmContact } from '../../../src/host-contract';
import type { Card } from '../../../src/core/card';
import { cardToContactPatch, contactToCard } from '../../../src/core/crm-card';
import { decidePull, personState, type LinkState } from '../../../src/core/decide';
import { hashCard } from '../../../src/core/hash';
import { mergeCards } from '../../../src/core/merge';
import { personToCard } from '../../../src/core/person-read';
import { personForCreate, personForUpdate, type PersonSource } from '../../../src/core/person-write';
import { crmContact, FR, thirdParty } from './fixtures';

type Person = people_v1.Schema$Person;

const acme = thirdParty({ name: 'Acme', phone: '01 99 99 99 99' });
const context = { ...FR, instance: 'crm-1', containerGroup: 'contactGroups/crm' };
const settings = { googleDeletePolicy: 'unlink' as const, autoImportContainer: false };

/** The status-table row plus the base card, as the engines keep them. */
interface Link extends LinkState {
  base: Card;
}

function source(contact: CrmContact): PersonSource {
  return { card: contactToCard(contact, acme), thirdParty: acme, instance: 'crm-1', contactId: contact.id };
}

function linkAfterSync(contact: CrmContact, person: Person): Link {
  const crmCard = contactToCard(contact, acme);
  return {
    contactId: contact.id,
    resourceName: person.resourceName ?? null,
    crmHash: hashCard(crmCard, FR),
    googleHash: hashCard(personToCard(person), FR),
    base: crmCard,
  };
}

function pull(link: Link, contact: CrmContact, person: Person) {
  return decidePull({ link, person: personState(person, context), crmHash: hashCard(contactToCard(contact, acme), FR), settings });
}

/** Runs the merge both ways and applies it, as the pull engine would. */
function sync(link: Link, contact: CrmContact, person: Person, policy: 'newest' | 'ask' = 'newest') {
  const result = mergeCards(link.base, contactToCard(contact, acme), personToCard(person), { ...FR, policy });
  const nextContact = { ...contact, ...cardToContactPatch(result.crm, result.crmFields) };
  const update = personForUpdate(person, { ...source(nextContact), card: result.google }, FR);
  const nextPerson = update ? { ...person, ...update.person, etag: `${person.etag}+` } : person;
  return { result, contact: nextContact, person: nextPerson, link: { ...linkAfterSync(nextContact, nextPerson), base: result.base } };
}

describe('core: one contact through push and pull', () => {
  const contact = crmContact({ id: 7, firstname: 'Jean', lastname: 'Dupont', email: 'jean@acme.fr', phoneMobile: '06 12 34 56 78' });
  const created: Person = { ...personForCreate(source(contact), 'uid-7', FR), resourceName: 'people/c7', etag: 'e1' };
  const link = linkAfterSync(contact, created);

  it('our own create coming back through the sync token is a no-op', () => {
    expect(pull(link, contact, created)).to.deep.equal({ kind: 'none', reason: 'unchanged' });
  });

  it('a Google change to an item we do not map is a no-op', () => {
    const withPhoto = { ...created, photos: [{ url: 'https://x/p.jpg' }], emailAddresses: [...created.emailAddresses!, { type: 'other', value: 'x@y.fr' }] };
    expect(pull(link, contact, withPhoto)).to.deep.equal({ kind: 'none', reason: 'unchanged' });
  });

  it('a phone edit updates the CRM, and the next pull is a no-op', () => {
    const edited: Person = { ...created, phoneNumbers: created.phoneNumbers!.map((p) => (p.type === 'mobile' ? { ...p, value: '07 11 22 33 44' } : p)) };
    expect(pull(link, contact, edited)).to.deep.equal({ kind: 'update-crm' });
    const after = sync(link, contact, edited);
    expect(after.contact.phoneMobile).to.equal('07 11 22 33 44');
    expect(after.person).to.equal(edited); // nothing to write back to Google
    expect(pull(after.link, after.contact, after.person)).to.deep.equal({ kind: 'none', reason: 'unchanged' });
  });

  it('edits on both sides to different fields are both kept, then all is quiet', () => {
    const crmEdited = { ...contact, personalEmail: 'jean@gmail.com' };
    const googleEdited: Person = { ...created, biographies: [{ value: 'Met at the fair', contentType: 'TEXT_PLAIN' }] };
    expect(pull(link, crmEdited, googleEdited)).to.deep.equal({ kind: 'merge' });
    const after = sync(link, crmEdited, googleEdited);
    expect(after.result.conflicts).to.deep.equal([]);
    expect(after.contact.note).to.equal('Met at the fair');
    expect(personToCard(after.person).emailHome).to.equal('jean@gmail.com');
    expect(pull(after.link, after.contact, after.person)).to.deep.equal({ kind: 'none', reason: 'unchanged' });
  });

  it("with 'ask', a conflict stays a conflict on the next pull instead of settling silently", () => {
    const crmEdited = { ...contact, firstname: 'Jean-Marc' };
    const googleEdited: Person = { ...created, names: [{ givenName: 'Jeannot', familyName: 'Dupont' }] };
    const after = sync(link, crmEdited, googleEdited, 'ask');
    expect(after.result.conflicts.map((c) => c.field)).to.deep.equal(['givenName']);
    expect(after.contact.firstname).to.equal('Jean-Marc');
    expect(personToCard(after.person).givenName).to.equal('Jeannot');
    const again = sync(after.link, after.contact, after.person, 'ask');
    expect(again.result.conflicts.map((c) => c.field)).to.deep.equal(['givenName']);
  });

  it('a deletion in Google applies the delete policy', () => {
    const deleted: Person = { resourceName: 'people/c7', metadata: { deleted: true } };
    expect(pull(link, contact, deleted)).to.deep.equal({ kind: 'google-deleted', contactId: 7, policy: 'unlink' });
  });

  it('a create whose answer was lost is re-linked, not imported', () => {
    const state = personState(created, context);
    const pending = { ...link, resourceName: null, googleHash: null };
    for (const found of [pending, null]) {
      expect(decidePull({ link: found, person: state, crmHash: link.crmHash, settings: { ...settings, autoImportContainer: true } })).to.deep.equal({ kind: 'relink', contactId: 7 });
    }
  });

  it('a copy of the contact made in Google is reported as a duplicate', () => {
    const copy: Person = { ...created, resourceName: 'people/c8' };
    expect(pull(link, contact, copy)).to.deep.equal({ kind: 'duplicate', contactId: 7 });
  });
});
