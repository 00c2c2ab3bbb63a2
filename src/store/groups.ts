/**
 * The Google groups the module owns per account: the container (`kind` container), one per sales rep (`kind`
 * salesrep, key = the user id, so a renamed login renames the same group) and one per third-party status (`kind`
 * status, key customer|prospect|supplier).
 */
import { toBool, type StoreContext } from './db';

export type GroupKind = 'container' | 'salesrep' | 'status';

export interface GroupRecord {
  accountId: number;
  kind: GroupKind;
  key: string;
  resourceName: string;
  name: string;
  etag: string | null;
  /** Found existing under the wanted name rather than created: used, but never deleted by Cleanup. */
  adopted: boolean;
}

export interface GroupStore {
  list(accountId: number): Promise<GroupRecord[]>;
  save(group: GroupRecord): Promise<void>;
  remove(accountId: number, resourceName: string): Promise<void>;
}

const T = 'gcontacts_group';

function fromRow(row: Record<string, unknown>): GroupRecord {
  return {
    accountId: Number(row.account_id),
    kind: row.kind as GroupKind,
    key: String(row.key),
    resourceName: String(row.resource_name),
    name: String(row.name),
    etag: (row.etag as string | null) ?? null,
    adopted: toBool(row.adopted),
  };
}

export function knexGroupStore(ctx: StoreContext): GroupStore {
  const { db } = ctx;
  return {
    async list(accountId) {
      return (await db(T).where('account_id', accountId).orderBy('id')).map(fromRow);
    },
    async save(group) {
      const row = { account_id: group.accountId, kind: group.kind, key: group.key, resource_name: group.resourceName, name: group.name, etag: group.etag, adopted: group.adopted };
      await db(T).insert(row).onConflict(['account_id', 'kind', 'key']).merge();
    },
    async remove(accountId, resourceName) {
      await db(T).where({ account_id: accountId, resource_name: resourceName }).delete();
    },
  };
}
