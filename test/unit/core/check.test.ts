import { expect } from 'chai';
import { CARD_FIELDS } from '../../../src/core/card';
import { cardDigests, CheckTally, differingFields, hash53, SharedKeys, Sample, type ContactFacts, type LinkFacts, type PersonFacts } from '../../../src/core/check';
import { diffCards } from '../../../src/core/diff';
import { card, FR } from './fixtures';

const jean = card({ givenName: 'Jean', familyName: 'Dupont', emailWork: 'jean@example.com', phoneMobile: '06 12 34 56 78' });

function contact(contactId: number, values: Partial<ContactFacts> = {}): ContactFacts {
  return { contactId, name: `Contact ${contactId}`, inScope: true, card: jean, error: null, ...values };
}

function person(resourceName: string, values: Partial<PersonFacts> = {}): PersonFacts {
  return { resourceName, name: 'Jean Dupont', email: null, card: jean, crmId: null, inContainer: true, ...values };
}

function tally(links: LinkFacts[], people: PersonFacts[], contacts: ContactFacts[], limit = 10) {
  const t = new CheckTally(limit, FR);
  for (const link of links) t.addLink(link);
  for (const p of people) t.addPerson(p);
  for (const c of contacts) t.addContact(c);
  return t.result();
}

const linked = (contactId: number, resourceName: string | null, state: LinkFacts['state'] = 'linked'): LinkFacts => ({ contactId, resourceName, state });

describe('core/check', () => {
  it('digests compare fields as diffCards does (formats and case ignored where diff ignores them)', () => {
    const other = card({ ...jean, emailWork: 'JEAN@example.com', phoneMobile: '+33612345678', note: 'new', familyName: 'DUPONT' });
    expect(differingFields(cardDigests(jean, FR), cardDigests(other, FR))).to.deep.equal(diffCards(jean, other, FR));
    expect(differingFields(cardDigests(jean, FR), cardDigests(other, FR))).to.deep.equal(['familyName', 'note']);
    expect(cardDigests(jean, FR)).to.have.length(CARD_FIELDS.length);
  });

  it('hash53 is stable, 53-bit, and tells close strings apart', () => {
    expect(hash53('a')).to.equal(hash53('a'));
    expect(hash53('a')).to.not.equal(hash53('b'));
    expect(hash53('+33612345678')).to.not.equal(hash53('+33612345679'));
    expect(Number.isSafeInteger(hash53('anything'))).to.equal(true);
  });

  it('Sample counts everything and keeps the first items only', () => {
    const s = new Sample<number>(2);
    for (const n of [1, 2, 3, 4]) s.add(n);
    expect(s.result()).to.deep.equal({ count: 4, items: [1, 2] });
  });

  it('SharedKeys lists keys with several distinct values, values capped', () => {
    const k = new SharedKeys<string, number>(2);
    k.add('a', 1);
    k.add('a', 1);
    k.add('b', 2);
    k.add('c', 3);
    k.add('c', 4);
    k.add('c', 5);
    expect(k.result((key, values) => ({ key, values }))).to.deep.equal({ count: 1, items: [{ key: 'c', values: [3, 4] }] });
  });

  it('sorts linked contacts into in sync and different (with the fields)', () => {
    const r = tally(
      [linked(1, 'people/c1'), linked(2, 'people/c2', 'conflict')],
      [person('people/c1'), person('people/c2', { card: { ...jean, phoneMobile: '06 99 99 99 99' } })],
      [contact(1), contact(2)],
    );
    expect(r.inSync).to.equal(1);
    expect(r.different).to.deep.equal({ count: 1, items: [{ contactId: 2, name: 'Contact 2', resourceName: 'people/c2', fields: ['phoneMobile'], state: 'conflict' }] });
    expect(r).to.include({ crmContacts: 2, crmInScope: 2, googleContacts: 2, links: 2 });
  });

  it('reports in-scope contacts Google does not have through a link, with the reason', () => {
    const r = tally([linked(2, null, 'pending_create'), linked(3, null, 'unlinked')], [], [contact(1), contact(2), contact(3), contact(4, { inScope: false })]);
    expect(r.onlyInCrm.items.map((i) => [i.contactId, i.reason])).to.deep.equal([
      [1, 'not-linked'],
      [2, 'pending-create'],
      [3, 'deleted-in-google'],
    ]);
    expect(r.crmInScope).to.equal(3);
  });

  it('reports people of the container group no link names, and leaves the others alone', () => {
    const r = tally(
      [linked(1, 'people/c1')],
      [person('people/c1'), person('people/c9', { name: 'Phone Friend', email: 'f@x.test' }), person('people/c8', { inContainer: false })],
      [contact(1)],
    );
    expect(r.onlyInGoogle).to.deep.equal({ count: 1, items: [{ resourceName: 'people/c9', name: 'Phone Friend', email: 'f@x.test', crmId: null }] });
  });

  it('reports orphan links: CRM contact gone, Google person gone, or both', () => {
    const r = tally(
      [linked(1, 'people/c1'), linked(2, 'people/c2'), linked(3, 'people/c3'), linked(4, 'people/c4'), linked(5, null, 'unlinked')],
      [person('people/c1'), person('people/c3')],
      [contact(2), contact(3), contact(4, { inScope: false })],
    );
    expect(r.orphanLinks.items.map((i) => [i.contactId, i.reason])).to.deep.equal([
      [2, 'google-gone'],
      [4, 'google-gone'],
      [1, 'crm-gone'],
      [5, 'crm-gone'],
    ]);
    expect(r.inSync).to.equal(1);
    expect(r.onlyInCrm.count).to.equal(0);
  });

  it('says both-gone when neither side of a link exists', () => {
    expect(tally([linked(1, 'people/c1')], [], []).orphanLinks.items).to.deep.equal([{ contactId: 1, resourceName: 'people/c1', reason: 'both-gone' }]);
  });

  it('finds emails shared by in-scope contacts, case-insensitively, work or personal', () => {
    const r = tally(
      [],
      [],
      [
        contact(1, { card: card({ emailWork: 'Shared@x.test', emailHome: 'shared@x.test' }) }),
        contact(2, { card: card({ emailHome: 'shared@X.test' }) }),
        contact(3, { card: card({ emailWork: 'shared@x.test' }), inScope: false }),
        contact(4, { card: card({ emailWork: 'alone@x.test' }) }),
      ],
    );
    expect(r.duplicateEmails).to.deep.equal({ count: 1, items: [{ email: 'shared@x.test', contactIds: [1, 2] }] });
  });

  it('finds several people carrying one CRM id', () => {
    const r = tally([], [person('people/a', { crmId: 7 }), person('people/b', { crmId: 7 }), person('people/c', { crmId: 8 })], []);
    expect(r.sharedCrmIds).to.deep.equal({ count: 1, items: [{ crmId: 7, resourceNames: ['people/a', 'people/b'] }] });
    expect(r.onlyInGoogle.items.map((i) => i.crmId)).to.deep.equal([7, 7, 8]);
  });

  it('counts a contact listed twice (edited during the read) once', () => {
    const r = tally([linked(1, 'people/c1')], [person('people/c1')], [contact(1), contact(1, { card: { ...jean, note: 'edited' } })]);
    expect(r).to.include({ crmContacts: 1, inSync: 1 });
    expect(r.different.count).to.equal(0);
    expect(r.orphanLinks.count).to.equal(0);
  });

  it('lists in-scope contacts that cannot be mapped', () => {
    const r = tally([], [], [contact(1, { card: null, error: 'bad birthday' }), contact(2, { card: null, error: 'x', inScope: false })]);
    expect(r.invalid).to.deep.equal({ count: 1, items: [{ contactId: 1, name: 'Contact 1', error: 'bad birthday' }] });
  });

  it('keeps complete counts but at most `limit` items per category', () => {
    const contacts = Array.from({ length: 25 }, (_, i) => contact(i + 1));
    const r = tally([], [], contacts, 5);
    expect(r.onlyInCrm.count).to.equal(25);
    expect(r.onlyInCrm.items).to.have.length(5);
    expect(r.duplicateEmails.items[0]!.contactIds).to.have.length(5);
  });
});
