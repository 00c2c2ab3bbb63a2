/**
 * The module's groups a contact belongs in (architecture §2 "memberships"): the container group, one group per sales
 * rep of its third party named `<container>/<login>`, optionally My Contacts (iPhones show nothing else) and
 * optionally one group per status of its third party. Groups are named here and identified by (kind, key) in
 * the store, so renaming a login renames the group instead of making a new one.
 */
import type { CrmUser, ThirdParty } from '../host-contract';
import { MY_CONTACTS } from './memberships';

export type ThirdPartyStatus = 'customer' | 'prospect' | 'supplier';
export const THIRD_PARTY_STATUSES: readonly ThirdPartyStatus[] = ['customer', 'prospect', 'supplier'];

export interface GroupSettings {
  container: string;
  addToMyContacts: boolean;
  salesRepGroups: boolean;
  statusGroups: boolean;
  /** Display names of the status groups (translated), appended to the container name. */
  statusLabels: Record<ThirdPartyStatus, string>;
}

export type ModuleGroupKind = 'container' | 'salesrep' | 'status';

/** A group the module owns, as the store keys it, with the name it must have in Google. */
export interface GroupSpec {
  kind: ModuleGroupKind;
  key: string;
  name: string;
}

export function containerGroup(settings: Pick<GroupSettings, 'container'>): GroupSpec {
  return { kind: 'container', key: '', name: settings.container.trim() };
}

export function salesRepGroup(settings: Pick<GroupSettings, 'container'>, rep: Pick<CrmUser, 'id' | 'login'>): GroupSpec {
  return { kind: 'salesrep', key: String(rep.id), name: `${settings.container.trim()}/${rep.login}` };
}

export function statusGroup(settings: Pick<GroupSettings, 'container' | 'statusLabels'>, status: ThirdPartyStatus): GroupSpec {
  return { kind: 'status', key: status, name: `${settings.container.trim()}/${settings.statusLabels[status]}` };
}

export function groupId(spec: Pick<GroupSpec, 'kind' | 'key'>): string {
  return `${spec.kind}:${spec.key}`;
}

export interface WantedGroups {
  /** Groups the module creates and names. */
  specs: GroupSpec[];
  /** System groups the module adds (My Contacts). */
  system: string[];
}

export function wantedGroups(
  settings: GroupSettings,
  salesReps: readonly Pick<CrmUser, 'id' | 'login'>[],
  thirdParty: Pick<ThirdParty, 'client' | 'prospect' | 'supplier'> | null,
): WantedGroups {
  const specs = [containerGroup(settings)];
  if (settings.salesRepGroups) specs.push(...salesReps.map((rep) => salesRepGroup(settings, rep)));
  if (settings.statusGroups && thirdParty) {
    const has: Record<ThirdPartyStatus, boolean> = { customer: thirdParty.client, prospect: thirdParty.prospect, supplier: thirdParty.supplier };
    specs.push(...THIRD_PARTY_STATUSES.filter((status) => has[status]).map((status) => statusGroup(settings, status)));
  }
  return { specs, system: settings.addToMyContacts ? [MY_CONTACTS] : [] };
}
