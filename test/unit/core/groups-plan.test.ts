import { expect } from 'chai';
import { groupId, wantedGroups, type GroupSettings } from '../../../src/core/groups-plan';
import { MY_CONTACTS } from '../../../src/core/memberships';

const settings: GroupSettings = {
  container: 'CRM',
  addToMyContacts: true,
  salesRepGroups: true,
  statusGroups: false,
  statusLabels: { customer: 'Customers', prospect: 'Prospects', supplier: 'Suppliers' },
};
const reps = [
  { id: 4, login: 'marie.dupont' },
  { id: 9, login: 'james.walker' },
];
const acme = { client: true, prospect: false, supplier: true };

describe('core/groups-plan', () => {
  it('puts a contact in the container, one group per sales rep named <container>/<login>, and My Contacts', () => {
    const wanted = wantedGroups(settings, reps, acme);
    expect(wanted.specs).to.deep.equal([
      { kind: 'container', key: '', name: 'CRM' },
      { kind: 'salesrep', key: '4', name: 'CRM/marie.dupont' },
      { kind: 'salesrep', key: '9', name: 'CRM/james.walker' },
    ]);
    expect(wanted.system).to.deep.equal([MY_CONTACTS]);
  });

  it('keys sales rep groups by user id, so a renamed login keeps its group', () => {
    const before = wantedGroups(settings, [{ id: 4, login: 'marie' }], null).specs[1]!;
    const after = wantedGroups(settings, [{ id: 4, login: 'marie.dupont' }], null).specs[1]!;
    expect(groupId(before)).to.equal(groupId(after));
    expect(before.name).to.not.equal(after.name);
  });

  it('leaves out the optional groups when their settings are off', () => {
    const wanted = wantedGroups({ ...settings, addToMyContacts: false, salesRepGroups: false }, reps, acme);
    expect(wanted.specs.map((s) => s.name)).to.deep.equal(['CRM']);
    expect(wanted.system).to.deep.equal([]);
  });

  it("adds one group per status of the contact's third party when asked, under the container name", () => {
    const wanted = wantedGroups({ ...settings, container: ' Sales ', salesRepGroups: false, statusGroups: true }, reps, acme);
    expect(wanted.specs.map((s) => s.name)).to.deep.equal(['Sales', 'Sales/Customers', 'Sales/Suppliers']);
    expect(wantedGroups({ ...settings, statusGroups: true, salesRepGroups: false }, [], null).specs).to.have.length(1);
  });
});
