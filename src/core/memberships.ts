/**
 * Group memberships of a Google contact: the module sets its own groups (container, sales reps, statuses) and
 * never touches the others (a phone user's "Family", myContacts unless it is ours, starred). Google insists on at
 * least one membership, so a contact that leaves every group of ours lands in myContacts, as a new contact would.
 */
import type { people_v1 } from './people-types';

export const MY_CONTACTS = 'contactGroups/myContacts';

export interface MembershipPlan {
  /** The whole membership list, for updateContact with `memberships` in updatePersonFields. */
  memberships: people_v1.Schema$Membership[];
  /** Groups to add and remove, for contactGroups.members.modify. */
  add: string[];
  remove: string[];
}

function groupOf(membership: people_v1.Schema$Membership): string | null {
  return membership.contactGroupMembership?.contactGroupResourceName ?? null;
}

/** The contact groups (resource names) of a membership list. */
export function groupsOf(memberships: readonly people_v1.Schema$Membership[] | undefined): string[] {
  return (memberships ?? []).map(groupOf).filter((group): group is string => group !== null);
}

export function isInGroup(person: Pick<people_v1.Schema$Person, 'memberships'>, group: string): boolean {
  return groupsOf(person.memberships).includes(group);
}

/**
 * @param current    the person's memberships as Google returned them
 * @param wanted     the module's groups this contact should be in (resource names)
 * @param moduleGroups every group the module owns for the account: those not wanted are left
 */
export function planMemberships(
  current: readonly people_v1.Schema$Membership[] | undefined,
  wanted: readonly string[],
  moduleGroups: ReadonlySet<string>,
): MembershipPlan {
  const kept = (current ?? []).filter((membership) => {
    const group = groupOf(membership);
    return group === null || !moduleGroups.has(group) || wanted.includes(group);
  });
  const keptGroups = new Set(kept.map(groupOf));
  const target = [...new Set(wanted)].filter((group) => !keptGroups.has(group));
  // Only a contact group membership counts towards Google's "at least one" (a domain membership is not one).
  if (kept.every((membership) => groupOf(membership) === null) && target.length === 0) target.push(MY_CONTACTS);
  const currentGroups = new Set(groupsOf(current));
  const finalGroups = new Set([...keptGroups, ...target]);
  return {
    memberships: [...kept, ...target.map((group) => ({ contactGroupMembership: { contactGroupResourceName: group } }))],
    add: [...finalGroups].filter((group): group is string => group !== null && !currentGroups.has(group)),
    remove: [...currentGroups].filter((group) => !finalGroups.has(group)),
  };
}
