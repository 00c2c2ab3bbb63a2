/**
 * Module rights from Dolibarr users and groups (the mapping the README documents):
 * - a Dolibarr admin has every right;
 * - gcontacts.read: may read contacts (societe → contact → lire);
 * - gcontacts.sync and gcontacts.import: may create/modify contacts (societe → contact → creer);
 * - gcontacts.admin: admins only;
 * - a Dolibarr user group named exactly like a right (e.g. "gcontacts.admin") grants it to its members.
 */
import type { CrmUser, HostRights } from '../../src/host-contract';
import type { DolibarrApi } from './api';
import type { DolibarrObject } from './mapping';

const TTL_MS = 60_000;

type Perms = Record<string, Record<string, unknown>>;

/** Pure: the rights a user's Dolibarr permissions and group names give. */
export function rightsFrom(admin: boolean, perms: Perms, groups: readonly string[]): Set<string> {
  const out = new Set<string>(groups.filter((g) => g.startsWith('gcontacts.')));
  const contact = (perms.societe?.contact ?? {}) as Record<string, unknown>;
  if (admin) return new Set(['gcontacts.read', 'gcontacts.sync', 'gcontacts.import', 'gcontacts.admin']);
  if (contact.lire) out.add('gcontacts.read');
  if (contact.creer) {
    out.add('gcontacts.sync');
    out.add('gcontacts.import');
  }
  return out;
}

export class DolibarrRights implements HostRights {
  private readonly cache = new Map<number, { at: number; rights: Set<string> }>();

  constructor(
    private readonly api: DolibarrApi,
    private readonly now: () => Date,
  ) {}

  async check(user: CrmUser, right: string): Promise<boolean> {
    return (await this.of(user)).has(right);
  }

  private async of(user: CrmUser): Promise<Set<string>> {
    const cached = this.cache.get(user.id);
    if (cached && this.now().getTime() - cached.at < TTL_MS) return cached.rights;
    const info = await this.api.find(`/users/${user.id}`, { includepermissions: 1 });
    if (!info || !user.active) return new Set();
    // The groups route may be missing or refused on an instance; no groups is then the safe answer.
    const groups = await this.api.find<DolibarrObject[]>(`/users/${user.id}/groups`).catch(() => null);
    const names = Array.isArray(groups) ? groups.map((g) => String(g.name ?? '')) : [];
    const rights = rightsFrom(info.admin === '1' || info.admin === 1, (info.rights ?? {}) as Perms, names);
    this.cache.set(user.id, { at: this.now().getTime(), rights });
    return rights;
  }
}
