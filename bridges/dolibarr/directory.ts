/**
 * The host contract's ContactDirectory over Dolibarr's REST API, as the bridge's API user (an admin-like user who
 * sees every contact: privacy and rep visibility are applied by the bridge's pages, not by Dolibarr, FACTS §2-3).
 * Every contact read goes through the mirror, so a read that finds a change nobody announced still makes its event.
 */
import type { ContactDirectory, ContactInput, ContactQuery, CrmContact, CrmUser, Page, ThirdParty, ThirdPartyInput, WriteOptions } from '../../src/host-contract';
import { HostError } from '../../host/errors';
import { DolibarrError, type DolibarrApi } from './api';
import { contactToDolibarr, idOf, restorePhone, thirdPartyFromDolibarr, userFromDolibarr, type DolibarrObject } from './mapping';
import type { ContactMirror } from './mirror';
import type { SalesRepTable } from './salesreps';
import type { BridgeState } from './state';

/** The marker the bridge puts in its POST/PUT bodies; Dolibarr hands it back as the webhook's context.caller. */
export const CALLER = 'gcontacts-bridge';
const MODULE_ORIGIN = 'gcontacts';
const USERS_TTL_MS = 60_000;
const PARALLEL = 6;

export interface DirectoryDeps {
  api: DolibarrApi;
  mirror: ContactMirror;
  reps: SalesRepTable;
  state: BridgeState;
  now: () => Date;
}

export class DolibarrDirectory implements ContactDirectory {
  private usersCache: { at: number; users: CrmUser[] } | null = null;

  constructor(private readonly deps: DirectoryDeps) {}

  async get(id: number): Promise<CrmContact | null> {
    const object = await this.deps.api.find(`/contacts/${id}`);
    if (!object) {
      // Gone without a webhook (they are never retried): the read itself tells the module.
      await this.deps.mirror.forget(id);
      return null;
    }
    return this.deps.mirror.observe(object);
  }

  async getMany(ids: readonly number[]): Promise<CrmContact[]> {
    const found = await inParallel([...new Set(ids)], (id) => this.get(id));
    return found.filter((c): c is CrmContact => c !== null);
  }

  async list(query: ContactQuery): Promise<Page<CrmContact>> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 500));
    const keep = (c: CrmContact) => (query.includePrivate || !c.private) && (query.thirdPartyId === undefined || c.thirdPartyId === query.thirdPartyId);
    if (query.changedSince) {
      // Dolibarr cannot say when a contact changed (FACTS §1): the mirror can, from what it saw.
      const after = query.cursor ? decodeKeyset(query.cursor) : null;
      const seen = await this.deps.mirror.changedSince(query.changedSince, after, limit);
      const fresh = new Map((await this.getMany(seen.map((c) => c.id))).map((c) => [c.id, c]));
      const last = seen[seen.length - 1];
      return {
        items: seen.map((c) => fresh.get(c.id)).filter((c): c is CrmContact => c !== undefined && keep(c)),
        nextCursor: seen.length === limit && last ? `${last.updatedAt}|${last.id}` : null,
      };
    }
    const afterId = query.cursor ? Number(query.cursor) : 0;
    const filters = [`(t.rowid:>:${afterId})`];
    // The API ignores priv (FACTS §2) but filters on it: private contacts are left out here, by the bridge.
    if (!query.includePrivate) filters.push('(t.priv:=:0)');
    const rows = await this.deps.api.get<DolibarrObject[]>('/contacts', {
      sortfield: 't.rowid',
      sortorder: 'ASC',
      limit,
      page: 0,
      sqlfilters: filters.join(' and '),
      ...(query.thirdPartyId !== undefined ? { thirdparty_ids: query.thirdPartyId } : {}),
    });
    const items: CrmContact[] = [];
    for (const row of rows) items.push(await this.deps.mirror.observe(row));
    const last = items[items.length - 1];
    return { items: items.filter(keep), nextCursor: rows.length === limit && last ? String(last.id) : null };
  }

  async create(input: ContactInput, options?: WriteOptions): Promise<CrmContact> {
    if (!input.lastname?.trim()) throw new HostError('BAD_INPUT', 'error.required|lastname', 'lastname');
    const id = idOf(await this.deps.api.post('/contacts', contactToDolibarr(input, CALLER)));
    if (!id) throw new HostError('CONFIG', 'Dolibarr answered POST /contacts without an id');
    const object = await this.deps.api.get(`/contacts/${id}`);
    return this.deps.mirror.observe(object, originOf(options));
  }

  async update(id: number, patch: ContactInput, options?: WriteOptions): Promise<CrmContact> {
    if (options?.expectedVersion !== undefined) {
      const known = await this.get(id);
      if (!known) throw new HostError('NOT_FOUND', 'error.contact_not_found');
      if (known.version !== options.expectedVersion) throw new HostError('CONFLICT', 'error.contact_changed');
    }
    if (patch.lastname !== undefined && !patch.lastname?.trim()) throw new HostError('BAD_INPUT', 'error.required|lastname', 'lastname');
    const object = await this.deps.api.put(`/contacts/${id}`, contactToDolibarr(patch, CALLER)).catch(notFound);
    return this.deps.mirror.observe(object, originOf(options));
  }

  async remove(id: number, options?: WriteOptions): Promise<void> {
    // A DELETE cannot carry the caller marker (FACTS §6): the webhook it fires is recognised by this mark.
    await this.deps.state.expect('contact.delete', id, new Date(this.deps.now().getTime() + 10 * 60_000));
    try {
      await this.deps.api.delete(`/contacts/${id}`);
    } catch (e) {
      if (!(e instanceof DolibarrError && e.httpStatus === 404)) throw e;
    }
    await this.deps.mirror.forget(id, originOf(options));
  }

  async thirdParty(id: number): Promise<ThirdParty | null> {
    const object = await this.deps.api.find(`/thirdparties/${id}`);
    if (!object) return null;
    const thirdParty = thirdPartyFromDolibarr(object);
    return { ...thirdParty, phone: restorePhone(thirdParty.phone, await this.deps.state.writtenPhone(id)) };
  }

  async thirdParties(ids: readonly number[]): Promise<ThirdParty[]> {
    return (await inParallel([...new Set(ids)], (id) => this.thirdParty(id))).filter((t): t is ThirdParty => t !== null);
  }

  async createThirdParty(input: ThirdPartyInput): Promise<ThirdParty> {
    if (!input.name?.trim()) throw new HostError('BAD_INPUT', 'error.required|name', 'name');
    const client = input.client && input.prospect ? 3 : input.prospect ? 2 : input.client ? 1 : 0;
    const body: DolibarrObject = { name: input.name, client, fournisseur: input.supplier ? 1 : 0, code_client: -1, caller: CALLER };
    for (const key of ['address', 'zip', 'town', 'phone', 'fax', 'email', 'url'] as const) if (input[key]) body[key] = input[key];
    if (input.country) body.country_code = input.country;
    const id = idOf(await this.deps.api.post('/thirdparties', body));
    if (!id) throw new HostError('CONFIG', 'Dolibarr answered POST /thirdparties without an id');
    await this.deps.state.rememberPhone(id, input.phone ?? null);
    const created = await this.thirdParty(id);
    if (!created) throw new HostError('NOT_FOUND', 'error.thirdparty_not_found');
    return created;
  }

  /** Names holding every word (Dolibarr's sqlfilters `like`), by name; only letters, digits and spaces go into the filter. */
  async searchThirdParties(query: string, limit: number): Promise<ThirdParty[]> {
    const words = query.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean).slice(0, 5);
    const rows = await this.deps.api.get<DolibarrObject[]>('/thirdparties', {
      sortfield: 't.nom',
      sortorder: 'ASC',
      limit: Math.max(1, Math.min(limit, 100)),
      page: 0,
      ...(words.length > 0 ? { sqlfilters: words.map((w) => `(t.nom:like:'%${w}%')`).join(' and ') } : {}),
    });
    return rows.map(thirdPartyFromDolibarr);
  }

  async thirdPartiesByName(names: readonly string[]): Promise<ThirdParty[]> {
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    const found = new Map<number, ThirdParty>();
    for (const list of await inParallel([...wanted], (name) => this.searchThirdParties(name, 20))) {
      for (const tp of list) if (wanted.has(tp.name.toLowerCase())) found.set(tp.id, tp);
    }
    return [...found.values()];
  }

  /** Dolibarr 23's REST API has no working sales-rep route (FACTS §8): refused, so the caller says so per row. */
  async setSalesReps(): Promise<void> {
    throw new HostError('BAD_INPUT', 'error.salesreps_unsupported');
  }

  async salesReps(thirdPartyId: number): Promise<CrmUser[]> {
    return (await this.salesRepsOf([thirdPartyId])).get(thirdPartyId) ?? [];
  }

  async salesRepsOf(thirdPartyIds: readonly number[]): Promise<Map<number, CrmUser[]>> {
    const [links, users] = await Promise.all([this.deps.reps.repsOf(thirdPartyIds), this.users()]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return new Map([...links].map(([tp, ids]) => [tp, ids.map((id) => byId.get(id)).filter((u): u is CrmUser => u !== undefined)]));
  }

  thirdPartiesOfSalesRep(userId: number): Promise<number[]> {
    return this.deps.reps.thirdPartiesOf(userId);
  }

  async users(): Promise<CrmUser[]> {
    const now = this.deps.now().getTime();
    if (this.usersCache && now - this.usersCache.at < USERS_TTL_MS) return this.usersCache.users;
    const users = (await this.deps.api.all('/users')).map(userFromDolibarr);
    this.usersCache = { at: now, users };
    return users;
  }

  async user(id: number): Promise<CrmUser | null> {
    return (await this.users()).find((u) => u.id === id) ?? null;
  }
}

function originOf(options?: WriteOptions): string {
  return options?.origin ?? MODULE_ORIGIN;
}

function notFound(e: unknown): never {
  if (e instanceof DolibarrError && e.httpStatus === 404) throw new HostError('NOT_FOUND', 'error.contact_not_found');
  throw e;
}

function decodeKeyset(cursor: string): { updatedAt: string; id: number } {
  const [updatedAt, id] = cursor.split('|');
  if (!updatedAt || !id || !/^\d+$/.test(id)) throw new HostError('BAD_INPUT', 'error.bad_cursor');
  return { updatedAt, id: Number(id) };
}

/** Maps with at most PARALLEL requests in flight: Dolibarr is a PHP server, not a bulk API. */
export async function inParallel<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}
