/**
 * Group membership changes of a batch, gathered per group and sent as contactGroups.members.modify calls (≤ 1000
 * names each): one call per group however many contacts move, instead of one update per contact. Every addition
 * is sent before any removal, so a contact always keeps a group (Google refuses to remove the last one; when the
 * module takes away all of its groups, planMemberships adds My Contacts).
 */
import { groupId, wantedGroups } from '../core/groups-plan';
import type { MembershipPlan } from '../core/memberships';
import { LIMITS, type PeopleGateway } from '../google/gateway';
import type { AccountJob } from './account-job';
import { chunks } from '../store/db';
import type { ContactState } from './batch-state';

export class MembershipChanges {
  private readonly adds = new Map<string, string[]>();
  private readonly removes = new Map<string, string[]>();
  private readonly contacts = new Set<number>();

  add(contactId: number, resourceName: string, plan: MembershipPlan): void {
    if (plan.add.length + plan.remove.length === 0) return;
    this.contacts.add(contactId);
    for (const group of plan.add) push(this.adds, group, resourceName);
    for (const group of plan.remove) push(this.removes, group, resourceName);
  }

  /** Contacts whose groups change: they are finished only once apply() succeeded. */
  has(contactId: number): boolean {
    return this.contacts.has(contactId);
  }

  touched(): number[] {
    return [...this.contacts];
  }

  async apply(gateway: PeopleGateway): Promise<void> {
    for (const [group, names] of this.adds) for (const part of chunks(names, LIMITS.membersModify)) await gateway.modifyMembers(group, part, []);
    for (const [group, names] of this.removes) for (const part of chunks(names, LIMITS.membersModify)) await gateway.modifyMembers(group, [], part);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The resource names of the groups a contact belongs in, creating the groups that do not exist yet. */
export async function wantedResourceNames(job: AccountJob, state: ContactState): Promise<string[]> {
  const wanted = wantedGroups(job.settings.groups, state.salesReps, state.thirdParty);
  const resolved = await job.groups.resolve(wanted.specs);
  return [...wanted.specs.map((spec) => resolved.get(groupId(spec))!), ...wanted.system];
}
