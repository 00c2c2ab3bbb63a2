import { expect } from 'chai';
import { parseBulk, parseRow, parseRowKey, rowKey } from '../../../src/web/import-form';
import { pageUrl, readFilters } from '../../../src/web/import-filters';
import type { Account } from '../../../src/store/accounts';

const bulk = { tp: 'new', status: 'prospect', rep: '7', vis: 'shared', flag: 'on' };
const key = rowKey(3, 'people/c123');

describe('web/import-form', () => {
  it('reads a row: its own choices, else the bulk ones ("As chosen above")', () => {
    const body = { ...bulk, 'key.0': key, 'action.0': 'link:42', 'tp.0': 'bulk', 'status.0': 'customer', 'lastname.0': '  Smith  ' };
    expect(parseRow(body, '0', parseBulk(body))).to.deep.equal({
      accountId: 3, resourceName: 'people/c123', action: { kind: 'link', contactId: 42 }, thirdParty: { kind: 'new', status: 'customer' },
      salesRepId: 7, private: false, syncFlag: true, lastname: 'Smith',
    });
    const own = { ...bulk, 'key.1': key, 'tp.1': 'existing:9', 'rep.1': 'none', 'vis.1': 'private', 'flag.1': 'off' };
    expect(parseRow(own, '1', parseBulk(own))).to.deep.include({ action: { kind: 'create' }, thirdParty: { kind: 'existing', id: 9 }, salesRepId: null, private: true, syncFlag: false, lastname: null });
  });

  it('defaults to a new Prospect third party, shared, sync flag on', () => {
    expect(parseBulk({})).to.deep.equal({ thirdParty: 'new', thirdPartyId: null, status: 'prospect', salesRepId: null, private: false, syncFlag: true });
  });

  it('refuses any value the page does not offer', () => {
    const bad = [
      { ...bulk, status: 'king' },
      { ...bulk, tp: 'existing', tpId: '0' },
      { ...bulk, rep: '1 or 1=1' },
      { ...bulk, 'key.0': key, 'action.0': 'delete' },
      { ...bulk, 'key.0': key, 'tp.0': 'existing:x' },
      { ...bulk, 'key.0': '3|../../etc' },
    ];
    for (const body of bad) expect(() => parseRow(body, '0', parseBulk(body)), JSON.stringify(body)).to.throw('import.error.bad_choice');
    expect(() => parseRowKey('x|people/c1')).to.throw();
  });

  it('keeps filters on the server side: only known accounts and groups, and writes them back into links', () => {
    const accounts = [{ id: 3 }] as Account[];
    const filters = readFilters({ q: 'dupont', account: '4', group: 'myContacts', show: 'ignored', p: '2' }, accounts);
    expect(filters).to.deep.equal({ q: 'dupont', accountId: null, group: 'myContacts', ignored: true, missingLastName: false, page: 2 });
    expect(readFilters({ group: 'weird', p: '-1' }, accounts)).to.include({ group: null, page: 1 });
    expect(pageUrl(filters, { p: 3 })).to.equal('/m/gcontacts/import?q=dupont&group=myContacts&show=ignored&p=3');
  });
});
