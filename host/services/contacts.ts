/**
 * Contacts: every write goes through here, whether it comes from a page, the JSON API or a module, so the rules
 * (validation, private visibility, versions) and the after-commit events are the same for all.
 */
import type { Knex } from 'knex';
import type { ContactInput, ContactQuery, CrmContact, Page, WriteOptions } from '../../src/host-contract';
import { HostError } from '../errors';
import { CONTACT_COLUMNS, contactFromRow, toRow } from '../data/columns';
import { contactInputSchema, parseInput } from '../data/validation';
import type { EventBus } from './events';
import { matchWords } from './text-search';
import { applyCursor, checkSince, keysetPage, pageLimit } from './paging';

/** Who is asking: a signed-in user, or the system (a module, the seed) which sees private contacts too. */
export interface Viewer {
  userId: number | null;
}

export const SYSTEM: Viewer = { userId: null };

export interface ContactSearch {
  q?: string;
  thirdPartyId?: number;
  offset?: number;
  limit?: number;
  /** From modules' list filters: only these contacts, and none of those. */
  onlyIds?: readonly number[];
  exceptIds?: readonly number[];
}

const T = 'llx_socpeople';

/** A contact row as read: the columns are mapped (and their types checked) by contactFromRow. */
type Row = Record<string, unknown>;

export class ContactService {
  constructor(
    private readonly db: Knex,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  private base(viewer: Viewer, db: Knex | Knex.Transaction = this.db): Knex.QueryBuilder<Row, Row[]> {
    const q = db<Row, Row[]>(T).select(`${T}.*`);
    if (viewer.userId !== null) {
      const uid = viewer.userId;
      q.where((b) => b.where(`${T}.priv`, 0).orWhere(`${T}.fk_user_creat`, uid));
    }
    return q;
  }

  async get(viewer: Viewer, id: number): Promise<CrmContact | null> {
    const row = await this.base(viewer).where(`${T}.rowid`, id).first();
    return row ? contactFromRow(row) : null;
  }

  async mustGet(viewer: Viewer, id: number): Promise<CrmContact> {
    const contact = await this.get(viewer, id);
    if (!contact) throw new HostError('NOT_FOUND', 'error.contact_not_found');
    return contact;
  }

  async getMany(viewer: Viewer, ids: readonly number[]): Promise<CrmContact[]> {
    if (ids.length === 0) return [];
    const rows = await this.base(viewer).whereIn(`${T}.rowid`, [...ids]).orderBy(`${T}.rowid`);
    return rows.map(contactFromRow);
  }

  /** Change feed for scripts and modules: ordered by (update time, id), keyset-paged. */
  async list(viewer: Viewer, query: ContactQuery & { q?: string }): Promise<Page<CrmContact>> {
    const limit = pageLimit(query.limit);
    const q = this.base(viewer).orderBy([`${T}.tms`, `${T}.rowid`]).limit(limit + 1);
    const since = checkSince(query.changedSince);
    if (since) q.where(`${T}.tms`, '>=', since);
    if (query.thirdPartyId !== undefined) q.where(`${T}.fk_soc`, query.thirdPartyId);
    if (!query.includePrivate && viewer.userId === null) q.where(`${T}.priv`, 0);
    if (query.q) this.matchText(q, query.q);
    applyCursor(q, query.cursor, T);
    return keysetPage(await q, limit, contactFromRow);
  }

  /** For list pages: sorted by name, offset-paged, with a total. */
  async search(viewer: Viewer, s: ContactSearch): Promise<{ items: CrmContact[]; total: number }> {
    const q = this.base(viewer);
    if (s.q) this.matchText(q, s.q);
    if (s.thirdPartyId !== undefined) q.where(`${T}.fk_soc`, s.thirdPartyId);
    if (s.onlyIds) q.whereIn(`${T}.rowid`, [...s.onlyIds]);
    if (s.exceptIds && s.exceptIds.length > 0) q.whereNotIn(`${T}.rowid`, [...s.exceptIds]);
    const countRow = await q.clone().clearSelect().count({ n: '*' }).first();
    const rows = await q
      .orderBy([`${T}.lastname`, `${T}.firstname`, `${T}.rowid`])
      .offset(s.offset ?? 0)
      .limit(pageLimit(s.limit));
    return { items: rows.map(contactFromRow), total: Number(countRow?.n ?? 0) };
  }

  private matchText(q: Knex.QueryBuilder, text: string): void {
    matchWords(q, ['lastname', 'firstname', 'email', 'email_perso', 'phone', 'phone_mobile', 'town'].map((c) => `${T}.${c}`), text);
  }

  async create(viewer: Viewer, input: ContactInput | Record<string, unknown>, options: WriteOptions = {}): Promise<CrmContact> {
    const data = parseInput(contactInputSchema, input);
    if (!data.lastname) throw new HostError('BAD_INPUT', 'error.required', 'lastname');
    const contact = await this.db.transaction(async (trx) => {
      await this.checkThirdParty(trx, data.thirdPartyId);
      const time = await this.nextTms(trx);
      const row = {
        ...toRow(CONTACT_COLUMNS, data),
        fk_user_creat: options.actorId ?? viewer.userId,
        datec: time,
        tms: time,
        version: 1,
      };
      const [id] = await trx(T).insert(row);
      return contactFromRow((await trx(T).where('rowid', id).first<Row | undefined>())!);
    });
    await this.events.emit('contact.created', { contact, ...origin(options) });
    return contact;
  }

  async update(viewer: Viewer, id: number, patch: ContactInput | Record<string, unknown>, options: WriteOptions = {}): Promise<CrmContact> {
    const data = parseInput(contactInputSchema, patch);
    if ('lastname' in data && !data.lastname) throw new HostError('BAD_INPUT', 'error.required', 'lastname');
    const result = await this.db.transaction(async (trx) => {
      const beforeRow = await this.base(viewer, trx).where(`${T}.rowid`, id).forUpdate().first();
      if (!beforeRow) throw new HostError('NOT_FOUND', 'error.contact_not_found');
      const before = contactFromRow(beforeRow);
      if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
        throw new HostError('CONFLICT', 'error.version_conflict', 'version');
      }
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== undefined && data[k] !== before[k]);
      if (changed.length === 0) return { before, after: before, changed };
      if (changed.includes('thirdPartyId')) await this.checkThirdParty(trx, data.thirdPartyId);
      const updates = Object.fromEntries(changed.map((k) => [k, data[k]]));
      const tms = await this.nextTms(trx);
      await trx(T)
        .where('rowid', id)
        .update({ ...toRow(CONTACT_COLUMNS, updates), tms, version: before.version + 1 });
      const after = contactFromRow((await trx(T).where('rowid', id).first<Row | undefined>())!);
      return { before, after, changed };
    });
    if (result.changed.length > 0) {
      await this.events.emit('contact.updated', { contact: result.after, before: result.before, changed: result.changed, ...origin(options) });
    }
    return result.after;
  }

  async remove(viewer: Viewer, id: number, options: WriteOptions = {}): Promise<void> {
    const contact = await this.db.transaction(async (trx) => {
      const row = await this.base(viewer, trx).where(`${T}.rowid`, id).forUpdate().first();
      if (!row) throw new HostError('NOT_FOUND', 'error.contact_not_found');
      const found = contactFromRow(row);
      if (options.expectedVersion !== undefined && options.expectedVersion !== found.version) {
        throw new HostError('CONFLICT', 'error.version_conflict', 'version');
      }
      await trx(T).where('rowid', id).delete();
      return found;
    });
    await this.events.emit('contact.deleted', { contact, ...origin(options) });
  }

  /**
   * Update times strictly increase across all contacts, so a reader of the change feed that has paged past
   * (time, id) can never miss a later write that landed in the same millisecond with a smaller id.
   */
  private async nextTms(trx: Knex.Transaction): Promise<string> {
    const row = await trx(T).max({ last: 'tms' }).first<{ last: unknown } | undefined>();
    return row?.last ? laterThan(String(row.last), this.now()) : this.now().toISOString();
  }

  private async checkThirdParty(trx: Knex.Transaction, thirdPartyId: number | null | undefined): Promise<void> {
    if (thirdPartyId == null) return;
    const found = await trx('llx_societe').where('rowid', thirdPartyId).first<{ rowid: unknown } | undefined>('rowid');
    if (!found) throw new HostError('BAD_INPUT', 'error.thirdparty_not_found', 'thirdPartyId');
  }
}

export function origin(options: WriteOptions): { origin?: string } {
  return options.origin ? { origin: options.origin } : {};
}

/**
 * The update time must move forward even when two writes land in the same millisecond, or a change feed reading
 * `changedSince` could miss the second one.
 */
export function laterThan(previous: string, now: Date): string {
  const t = now.toISOString();
  return t > previous ? t : new Date(new Date(previous).getTime() + 1).toISOString();
}
