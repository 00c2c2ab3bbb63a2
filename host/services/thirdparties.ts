/** Third parties and their sales reps; events after commit, once per write, as for contacts. */
import type { Knex } from 'knex';
import type { CrmUser, ThirdParty, ThirdPartyInput, WriteOptions } from '../../src/host-contract';
import { HostError } from '../errors';
import { THIRDPARTY_COLUMNS, thirdPartyFromRow, toRow, userFromRow } from '../data/columns';
import { parseInput, thirdPartyInputSchema } from '../data/validation';
import type { EventBus } from './events';
import { laterThan, origin } from './contacts';
import { matchWords } from './text-search';
import { applyCursor, checkSince, keysetPage, pageLimit } from './paging';

const T = 'llx_societe';
const REPS = 'llx_societe_commerciaux';

/** A row as read: the columns are mapped (and their types checked) by thirdPartyFromRow and userFromRow. */
type Row = Record<string, unknown>;

/** At most this many sales reps per third party. */
const MAX_SALES_REPS = 1000;

export class ThirdPartyService {
  constructor(
    private readonly db: Knex,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  async get(id: number): Promise<ThirdParty | null> {
    const row = await this.db<Row, Row[]>(T).where('rowid', id).first();
    return row ? thirdPartyFromRow(row) : null;
  }

  async mustGet(id: number): Promise<ThirdParty> {
    const found = await this.get(id);
    if (!found) throw new HostError('NOT_FOUND', 'error.thirdparty_not_found');
    return found;
  }

  async getMany(ids: readonly number[]): Promise<ThirdParty[]> {
    if (ids.length === 0) return [];
    return (await this.db<Row, Row[]>(T).whereIn('rowid', [...ids]).orderBy('rowid')).map(thirdPartyFromRow);
  }

  async list(query: { changedSince?: string; cursor?: string | null; limit?: number; q?: string }) {
    const limit = pageLimit(query.limit);
    const q = this.db<Row, Row[]>(T).orderBy(['tms', 'rowid']).limit(limit + 1);
    const since = checkSince(query.changedSince);
    if (since) q.where('tms', '>=', since);
    if (query.q) matchWords(q, ['nom', 'town', 'email'], query.q);
    applyCursor(q, query.cursor, T);
    return keysetPage(await q, limit, thirdPartyFromRow);
  }

  /** Third parties named exactly like one of `names`, case aside (the first 1,000 names: a page asks for ≤ 50). */
  async byNames(names: readonly string[]): Promise<ThirdParty[]> {
    const wanted = [...new Set(names.map((n) => n.toLowerCase()))].slice(0, 1000);
    if (wanted.length === 0) return [];
    return (await this.db<Row, Row[]>(T).whereRaw(`lower(nom) in (${wanted.map(() => '?').join(', ')})`, wanted).orderBy('rowid')).map(thirdPartyFromRow);
  }

  async search(s: { q?: string; offset?: number; limit?: number }): Promise<{ items: ThirdParty[]; total: number }> {
    const q = this.db<Row, Row[]>(T);
    if (s.q) matchWords(q, ['nom', 'town', 'email'], s.q);
    const countRow = await q.clone().count({ n: '*' }).first();
    const rows = await q.select('*').orderBy(['nom', 'rowid']).offset(s.offset ?? 0).limit(pageLimit(s.limit));
    return { items: rows.map(thirdPartyFromRow), total: Number(countRow?.n ?? 0) };
  }

  async create(input: ThirdPartyInput | Record<string, unknown>): Promise<ThirdParty> {
    const data = parseInput(thirdPartyInputSchema, input);
    if (!data.name) throw new HostError('BAD_INPUT', 'error.required', 'name');
    const time = this.now().toISOString();
    const [id] = await this.db(T).insert({ ...toRow(THIRDPARTY_COLUMNS, data), datec: time, tms: time });
    const created = (await this.get(Number(id)))!;
    // No event: a new third party has no contacts and no sales reps yet, so nothing outside the CRM can depend on it.
    return created;
  }

  async update(id: number, patch: ThirdPartyInput | Record<string, unknown>, options: WriteOptions = {}): Promise<ThirdParty> {
    const data = parseInput(thirdPartyInputSchema, patch);
    if ('name' in data && !data.name) throw new HostError('BAD_INPUT', 'error.required', 'name');
    const result = await this.db.transaction(async (trx) => {
      const row = await trx<Row, Row[]>(T).where('rowid', id).forUpdate().first();
      if (!row) throw new HostError('NOT_FOUND', 'error.thirdparty_not_found');
      const before = thirdPartyFromRow(row);
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== undefined && data[k] !== before[k]);
      if (changed.length === 0) return { before, after: before, changed: false };
      const updates = Object.fromEntries(changed.map((k) => [k, data[k]]));
      await trx(T).where('rowid', id).update({ ...toRow(THIRDPARTY_COLUMNS, updates), tms: laterThan(before.updatedAt, this.now()) });
      return { before, after: thirdPartyFromRow((await trx<Row, Row[]>(T).where('rowid', id).first())!), changed: true };
    });
    if (result.changed) await this.events.emit('thirdparty.updated', { thirdParty: result.after, before: result.before, ...origin(options) });
    return result.after;
  }

  /** Refused while contacts still belong to it: deleting a company must not silently orphan its people. */
  async remove(id: number, options: WriteOptions = {}): Promise<void> {
    const thirdParty = await this.db.transaction(async (trx) => {
      const row = await trx<Row, Row[]>(T).where('rowid', id).forUpdate().first();
      if (!row) throw new HostError('NOT_FOUND', 'error.thirdparty_not_found');
      const used = await trx('llx_socpeople').where('fk_soc', id).first<{ rowid: unknown } | undefined>('rowid');
      if (used) throw new HostError('CONFLICT', 'error.thirdparty_has_contacts');
      await trx(T).where('rowid', id).delete();
      return thirdPartyFromRow(row);
    });
    await this.events.emit('thirdparty.deleted', { thirdParty, ...origin(options) });
  }

  async salesReps(thirdPartyId: number): Promise<CrmUser[]> {
    return (await this.salesRepsOf([thirdPartyId])).get(thirdPartyId) ?? [];
  }

  async salesRepsOf(thirdPartyIds: readonly number[]): Promise<Map<number, CrmUser[]>> {
    const out = new Map<number, CrmUser[]>(thirdPartyIds.map((id) => [id, []]));
    if (thirdPartyIds.length === 0) return out;
    const rows = await this.db(REPS)
      .join('llx_user', 'llx_user.rowid', `${REPS}.fk_user`)
      .whereIn(`${REPS}.fk_soc`, [...thirdPartyIds])
      .orderBy('llx_user.login')
      .select<Row[]>('llx_user.*', `${REPS}.fk_soc`);
    for (const row of rows) out.get(Number(row.fk_soc))?.push(userFromRow(row));
    return out;
  }

  async thirdPartiesOfSalesRep(userId: number): Promise<number[]> {
    return (await this.db(REPS).where('fk_user', userId).orderBy('fk_soc').pluck('fk_soc')).map(Number);
  }

  /** Replaces the sales reps of a third party; one event when the set changes. */
  async setSalesReps(thirdPartyId: number, userIds: readonly number[], options: WriteOptions = {}): Promise<number[]> {
    const wanted = [...new Set(userIds)].sort((a, b) => a - b);
    // A company has far fewer users; the bound also keeps the id list within the database's parameter limits.
    if (wanted.length > MAX_SALES_REPS) throw new HostError('BAD_INPUT', `error.too_many|${MAX_SALES_REPS}`, 'userIds');
    const result = await this.db.transaction(async (trx) => {
      const tp = await trx<Row, Row[]>(T).where('rowid', thirdPartyId).forUpdate().first('rowid', 'tms');
      if (!tp) throw new HostError('NOT_FOUND', 'error.thirdparty_not_found');
      const known = await trx('llx_user').whereIn('rowid', wanted).pluck('rowid');
      const unknown = wanted.find((id) => !known.map(Number).includes(id));
      if (unknown !== undefined) throw new HostError('BAD_INPUT', 'error.user_not_found', 'userIds');
      const before = (await trx(REPS).where('fk_soc', thirdPartyId).orderBy('fk_user').pluck('fk_user')).map(Number);
      if (before.join() === wanted.join()) return { before, changed: false };
      await trx(REPS).where('fk_soc', thirdPartyId).delete();
      if (wanted.length) await trx(REPS).insert(wanted.map((fk_user) => ({ fk_soc: thirdPartyId, fk_user })));
      await trx(T).where('rowid', thirdPartyId).update({ tms: laterThan(String(tp.tms), this.now()) });
      return { before, changed: true };
    });
    if (result.changed) {
      await this.events.emit('thirdparty.salesreps.changed', { thirdPartyId, before: result.before, after: wanted, ...origin(options) });
    }
    return wanted;
  }
}
