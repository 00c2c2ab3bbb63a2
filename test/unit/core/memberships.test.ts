import { expect } from 'chai';
import type { people_v1 } from 'googleapis';
import { groupsOf, isInGroup, MY_CONTACTS, planMemberships } from '../../../src/core/memberships';

const member = (group: string): people_v1.Schema$Membership => ({ contactGroupMembership: { contactGroupResourceName: group } });

describe('core/memberships', () => {
  const ours = new Set(['contactGroups/crm', 'contactGroups/crm-jdoe', 'contactGroups/crm-asmith']);

  it('adds the wanted groups and keeps foreign ones', () => {
    const plan = planMemberships([member(MY_CONTACTS), member('contactGroups/family')], ['contactGroups/crm', 'contactGroups/crm-jdoe'], ours);
    expect(groupsOf(plan.memberships)).to.deep.equal([MY_CONTACTS, 'contactGroups/family', 'contactGroups/crm', 'contactGroups/crm-jdoe']);
    expect(plan.add).to.deep.equal(['contactGroups/crm', 'contactGroups/crm-jdoe']);
    expect(plan.remove).to.deep.equal([]);
  });

  it('removes module groups no longer wanted (sales rep changed)', () => {
    const plan = planMemberships([member('contactGroups/crm'), member('contactGroups/crm-jdoe')], ['contactGroups/crm', 'contactGroups/crm-asmith'], ours);
    expect(groupsOf(plan.memberships)).to.deep.equal(['contactGroups/crm', 'contactGroups/crm-asmith']);
    expect(plan.add).to.deep.equal(['contactGroups/crm-asmith']);
    expect(plan.remove).to.deep.equal(['contactGroups/crm-jdoe']);
  });

  it('keeps a foreign group, the starred group and the original membership objects', () => {
    const starred = member('contactGroups/starred');
    const plan = planMemberships([starred, member('contactGroups/crm')], [], ours);
    expect(plan.memberships).to.deep.equal([starred]);
    expect(plan.memberships[0]).to.equal(starred);
    expect(plan.remove).to.deep.equal(['contactGroups/crm']);
  });

  it('keeps at least one membership: a contact leaving all our groups lands in myContacts', () => {
    const plan = planMemberships([member('contactGroups/crm'), member('contactGroups/crm-jdoe')], [], ours);
    expect(groupsOf(plan.memberships)).to.deep.equal([MY_CONTACTS]);
    expect(plan.add).to.deep.equal([MY_CONTACTS]);
    expect(plan.remove).to.deep.equal(['contactGroups/crm', 'contactGroups/crm-jdoe']);
  });

  it('puts a new contact with nothing wanted into myContacts', () => {
    expect(groupsOf(planMemberships(undefined, [], ours).memberships)).to.deep.equal([MY_CONTACTS]);
  });

  it('removes myContacts only when the module owns it', () => {
    const withMine = new Set([...ours, MY_CONTACTS]);
    expect(planMemberships([member(MY_CONTACTS), member('contactGroups/crm')], ['contactGroups/crm'], withMine).remove).to.deep.equal([MY_CONTACTS]);
    expect(planMemberships([member(MY_CONTACTS), member('contactGroups/crm')], ['contactGroups/crm'], ours).remove).to.deep.equal([]);
  });

  it('changes nothing when the memberships are as wanted, and ignores duplicates', () => {
    const plan = planMemberships([member('contactGroups/crm')], ['contactGroups/crm', 'contactGroups/crm'], ours);
    expect(plan).to.deep.equal({ memberships: [member('contactGroups/crm')], add: [], remove: [] });
  });

  it('does not count a domain membership as a group', () => {
    const domain: people_v1.Schema$Membership = { domainMembership: { inViewerDomain: true } };
    const plan = planMemberships([domain, member('contactGroups/crm')], [], ours);
    expect(plan.memberships).to.deep.equal([domain, member(MY_CONTACTS)]);
  });

  it('tells whether a person is in a group', () => {
    expect(isInGroup({ memberships: [member('contactGroups/crm')] }, 'contactGroups/crm')).to.equal(true);
    expect(isInGroup({}, 'contactGroups/crm')).to.equal(false);
  });
});
