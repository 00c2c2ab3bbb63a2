/**
 * The module's Google groups of one account during one run: created when first needed, renamed when the wanted
 * name changed (a sales rep's login, the container setting), recreated when someone deleted them in Google, and
 * adopted when Google says the name is taken (409): group names are unique per user, so a group called "CRM"
 * that already exists is the one to use. One listGroups per run checks the stored groups still exist.
 */
import { groupId, type GroupSpec } from '../core/groups-plan';
import { MY_CONTACTS } from '../core/memberships';
import { isGContactsError } from '../errors';
import type { ContactGroup, PeopleGateway } from '../google/gateway';
import type { Account } from '../store/accounts';
import type { GroupRecord } from '../store/groups';
import type { SyncContext } from './context';

export class AccountGroups {
  private records: Map<string, GroupRecord> | null = null;
  private google: ContactGroup[] | null = null;

  constructor(
    private readonly sync: SyncContext,
    private readonly account: Account,
    private readonly gateway: PeopleGateway,
    private readonly addToMyContacts: boolean,
  ) {}

  /** Resource names of the groups the module owns here: only these are ever taken away from a contact. */
  async owned(): Promise<Set<string>> {
    const records = await this.load();
    const owned = new Set([...records.values()].map((r) => r.resourceName));
    if (this.addToMyContacts) owned.add(MY_CONTACTS);
    return owned;
  }

  /** The resource name of each spec's group, creating or renaming groups as needed. */
  async resolve(specs: readonly GroupSpec[]): Promise<Map<string, string>> {
    const records = await this.load();
    const out = new Map<string, string>();
    for (const spec of specs) {
      const id = groupId(spec);
      if (out.has(id)) continue;
      let record = records.get(id);
      if (record && record.name !== spec.name) record = await this.rename(record, spec.name);
      record ??= await this.create(spec);
      records.set(id, record);
      out.set(id, record.resourceName);
    }
    return out;
  }

  private async load(): Promise<Map<string, GroupRecord>> {
    if (this.records) return this.records;
    const stored = await this.sync.stores.groups.list(this.account.id);
    this.records = new Map();
    if (stored.length === 0) return this.records;
    const live = new Map((await this.listGoogle()).map((g) => [g.resourceName, g]));
    for (const record of stored) {
      const group = live.get(record.resourceName);
      if (!group) {
        // Deleted in Google: forgotten here, recreated by the next resolve that needs it.
        await this.sync.stores.groups.remove(this.account.id, record.resourceName);
        continue;
      }
      this.records.set(groupId(record), { ...record, name: group.name ?? record.name, etag: group.etag ?? record.etag });
    }
    return this.records;
  }

  private async listGoogle(): Promise<ContactGroup[]> {
    this.google ??= await this.gateway.listGroups();
    return this.google;
  }

  private async create(spec: GroupSpec): Promise<GroupRecord> {
    const save = (group: ContactGroup, adopted: boolean) =>
      this.save({ kind: spec.kind, key: spec.key, name: group.name ?? spec.name, resourceName: group.resourceName!, etag: group.etag ?? null, adopted });
    try {
      return await save(await this.gateway.createGroup(spec.name), false);
    } catch (e) {
      if (!isGContactsError(e, 'CONFLICT')) throw e;
      // The list of this run predates the conflict: read it again to find the group holding the name.
      this.google = null;
      const existing = await this.byName(spec.name);
      if (!existing) throw e;
      return save(existing, true);
    }
  }

  private async rename(record: GroupRecord, name: string): Promise<GroupRecord> {
    try {
      const group = await this.gateway.updateGroup(record.resourceName, name, record.etag ?? '');
      return this.save({ ...record, name: group.name ?? name, etag: group.etag ?? null });
    } catch (e) {
      // Another group already has the new name: keep the old name rather than fail every push of these contacts.
      if (isGContactsError(e, 'CONFLICT')) {
        this.sync.host.log.warn('gcontacts: a Google group already has this name; the sales rep group keeps its old name', { account: this.account.email, name });
        return record;
      }
      throw e;
    }
  }

  private async byName(name: string): Promise<ContactGroup | undefined> {
    const wanted = name.trim().toLowerCase();
    return (await this.listGoogle()).find((g) => g.groupType !== 'SYSTEM_CONTACT_GROUP' && g.name?.trim().toLowerCase() === wanted);
  }

  private async save(values: Omit<GroupRecord, 'accountId'>): Promise<GroupRecord> {
    const record = { accountId: this.account.id, ...values };
    await this.sync.stores.groups.save(record);
    return record;
  }
}
