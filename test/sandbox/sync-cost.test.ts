import { expect } from 'chai';
import { AddressBook, type ChangeEntry } from '../../src/sandbox/domain/address-book';
import { createContact, deleteContact, updateContact } from '../../src/sandbox/domain/contacts';
import { READ_FIELDS } from '../../src/sandbox/domain/fields';
import { listConnections, type ListParams } from '../../src/sandbox/domain/listing';
import { personEtag } from '../../src/sandbox/domain/render';

/**
 * "Listing by sync token costs O(changes), not O(address book)" is a property of the algorithm, so it is proven on
 * the domain, without timing: after a full sync, the address book is made unreadable as a whole and the change log
 * counts every entry read. An incremental listing must still work and touch only a handful of log entries.
 */
describe('sandbox: sync listing cost', () => {
  it('reads only the changes since the token, never the whole address book', () => {
    let now = 1_700_000_000_000;
    const book = new AddressBook(now);
    for (let i = 0; i < 5000; i++) createContact(book, { names: [{ givenName: `N${i}` }] }, now++);
    const params: ListParams = { mask: new Set(READ_FIELDS), pageSize: 1000, sortOrder: 'LAST_MODIFIED_ASCENDING', requestSyncToken: true };
    let page = listConnections(book, params, now, 0);
    while (page.nextPageToken) page = listConnections(book, { ...params, pageToken: page.nextPageToken }, now, 0);
    const token = page.nextSyncToken!;

    const changed = [...book.contacts.values()].slice(100, 103);
    for (const c of changed) updateContact(book, c.resourceName, { etag: personEtag(c), names: [{ givenName: 'changed' }] }, ['names'], now++);
    expect(changed).to.have.length(3);

    // Any attempt to walk the whole book now throws.
    for (const method of ['values', 'keys', 'entries', 'forEach', Symbol.iterator] as const) {
      Object.defineProperty(book.contacts, method, { value: () => { throw new Error(`address book scanned via ${String(method)}`); } });
    }
    let reads = 0;
    const counted = new Proxy(book.peopleLog, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver) as ChangeEntry | undefined;
      },
    });
    Object.defineProperty(book, 'peopleLog', { value: counted });

    const delta = listConnections(book, { ...params, requestSyncToken: false, syncToken: token }, now, 0);
    expect(delta.connections?.map((p) => p.resourceName)).to.deep.equal(changed.map((c) => c.resourceName));
    // A binary search over 5003 entries (~13 reads) plus the 3 changes, with room to spare — far from 5000.
    expect(reads).to.be.below(40);
  });

  it('forgets change-log entries and tombstones once no sync token can still need them (7 days)', () => {
    let now = 1_700_000_000_000;
    const book = new AddressBook(now);
    const gone = createContact(book, {}, now);
    deleteContact(book, gone.resourceName, now);
    for (let i = 0; i < 10; i++) createContact(book, {}, now++);
    expect(book.peopleLog).to.have.length(12);
    now += 7 * 24 * 60 * 60 * 1000 + 1;
    const fresh = createContact(book, {}, now);
    book.compact(now);
    expect(book.peopleLog.map((e) => e.resourceName)).to.deep.equal([fresh.resourceName]);
    expect(book.tombstones.size).to.equal(0);
    expect(book.contacts.size).to.equal(11);
  });
});
