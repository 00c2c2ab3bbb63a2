/**
 * The settings a run reads, once per run, typed. Settings are read at the start of a run, not per contact, so one
 * run applies one consistent set of rules even if an admin changes them meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { GroupSettings } from '../core/groups-plan';
import type { ConflictPolicy } from '../core/merge';
import type { CompareOptions, Region } from '../core/normalise';
import type { CrmDeleteAction, OutOfScopeAction, PushSettings } from '../core/push-plan';
import type { GoogleDeletePolicy } from '../core/decide';
import type { Host } from '../host-contract';

export interface SyncSettings {
  groups: GroupSettings;
  push: PushSettings;
  compare: CompareOptions;
  defaultSyncFlag: boolean;
  conflictPolicy: ConflictPolicy;
  googleDeletePolicy: GoogleDeletePolicy;
  /** A phone user's new contact in the container group becomes a CRM contact at the next pull. */
  autoImportContainer: boolean;
  /** Largest share (0..1) of an account's links one pull may delete or unlink without an admin confirming. */
  massDeleteShare: number;
  batchSize: number;
  requestsPerMinute: number;
  /** This CRM's id in clientData (instance_id setting, generated on first bootstrap). */
  instance: string;
}

export async function readSettings(host: Host): Promise<SyncSettings> {
  const all = await host.settings.all();
  const locale = String(all.group_language ?? 'en_US');
  const label = (status: string) => host.i18n.t(locale, `groups.${status}`);
  return {
    groups: {
      container: String(all.container_group),
      addToMyContacts: Boolean(all.add_to_my_contacts),
      salesRepGroups: Boolean(all.sales_rep_groups),
      statusGroups: Boolean(all.status_groups),
      statusLabels: { customer: label('customer'), prospect: label('prospect'), supplier: label('supplier') },
    },
    push: { outOfScopeAction: all.out_of_scope_action as OutOfScopeAction, crmDeleteAction: all.crm_delete_action as CrmDeleteAction },
    compare: { region: String(all.phone_region) as Region },
    defaultSyncFlag: Boolean(all.default_sync_flag),
    conflictPolicy: all.conflict_policy as ConflictPolicy,
    googleDeletePolicy: all.google_delete_policy as GoogleDeletePolicy,
    autoImportContainer: Boolean(all.auto_import_container),
    massDeleteShare: Number(all.mass_delete_share),
    batchSize: Number(all.push_batch_size),
    requestsPerMinute: Number(all.requests_per_minute),
    instance: String(all.instance_id),
  };
}

/** Gives this CRM its clientData id once; it must never change afterwards, or the module would not know its own. */
export async function ensureInstanceId(host: Host): Promise<string> {
  const current = await host.settings.get<string>('instance_id');
  if (current) return current;
  const id = randomUUID();
  await host.settings.set('instance_id', id);
  return id;
}
