/**
 * Connected Google accounts. The refresh token is sealed (secret-box.ts) before it reaches the table and only
 * opened for the gateway; it never appears in an Account object, so it cannot end up in a log line or a page.
 * The lease (lease_owner, lease_until) makes the push worker of an account run in one process at a time.
 */
import type { AccountScope } from '../core/scope';
import type { SecretBox } from './secret-box';
import { toBool, type StoreContext } from './db';

export type AccountStatus = 'active' | 'reconnect';

export interface Account {
  id: number;
  email: string;
  scope: AccountScope;
  status: AccountStatus;
  lastError: string | null;
  createdAt: string;
  /** Connected with the read-only scope for the Import page only: never pushed to, never pulled into the CRM. */
  importOnly: boolean;
}

export interface AccountStore {
  /** Adds the account, or replaces the token and scope of the one with this email (reconnecting). */
  connect(input: { email: string; refreshToken: string; scope: AccountScope; importOnly?: boolean }): Promise<Account>;
  /**
   * The accounts the sync works with. Import-only accounts are left out unless asked for: they are never pushed
   * to, pulled, checked or queued for, so every engine that walks "the accounts" must not even see them.
   */
  list(options?: { importOnly?: 'include' | 'only' }): Promise<Account[]>;
  get(id: number): Promise<Account | null>;
  byEmail(email: string): Promise<Account | null>;
  refreshToken(id: number): Promise<string | null>;
  /** Every account's refresh token in one query, keyed by account id (a page reading each account once). */
  refreshTokens(): Promise<Map<number, string>>;
  setStatus(id: number, status: AccountStatus, lastError: string | null): Promise<void>;
  /**
   * True when `owner` holds the lease until `until` (taken, renewed, or taken over from an expired holder, or from
   * `deadHolder`: a holder known to be dead, whose lease has not expired yet).
   */
  acquireLease(id: number, owner: string, until: string, deadHolder?: string): Promise<boolean>;
  /** Who holds the account's lease now, null when nobody does. */
  leaseHolder(id: number): Promise<string | null>;
  /**
   * Forgets the account and everything the module kept for it (links, groups, outbox, conflicts, import
   * candidates), in one transaction; its runs and audit log stay, as history.
   */
  remove(id: number): Promise<void>;
  releaseLease(id: number, owner: string): Promise<void>;
  /** The accounts a run holds right now, in any process (the page disables their buttons). */
  leased(): Promise<Set<number>>;
  /** The sync token of the last completed pull, null before the first one (or after it was given up). */
  syncToken(id: number): Promise<string | null>;
  setSyncToken(id: number, token: string | null): Promise<void>;
}

const T = 'gcontacts_account';
/** The tables whose rows belong to one account (they cascade too, but SQLite enforces foreign keys only if asked). */
const DEPENDENT = ['gcontacts_link', 'gcontacts_group', 'gcontacts_outbox', 'gcontacts_conflict', 'gcontacts_import_candidate'];

type Row = Record<string, unknown>;

function fromRow(row: Row): Account {
  const scope: AccountScope = row.scope === 'salesrep' ? { kind: 'salesrep', userId: Number(row.scope_user_id) } : { kind: 'all' };
  return {
    id: Number(row.id),
    email: String(row.email),
    scope,
    status: row.status === 'reconnect' ? 'reconnect' : 'active',
    lastError: (row.last_error as string | null) ?? null,
    createdAt: String(row.created_at),
    importOnly: toBool(row.import_only),
  };
}

export function knexAccountStore(ctx: StoreContext, box: SecretBox): AccountStore {
  const { db } = ctx;
  const get = async (id: number) => {
    const row = await db(T).where({ id }).first<Row | undefined>();
    return row ? fromRow(row) : null;
  };
  return {
    async connect({ email, refreshToken, scope, importOnly = false }) {
      const now = ctx.now();
      const values = {
        refresh_token_enc: box.seal(refreshToken),
        scope: scope.kind,
        scope_user_id: scope.kind === 'salesrep' ? scope.userId : null,
        import_only: importOnly,
        status: 'active',
        last_error: null,
        updated_at: now,
      };
      await db(T)
        .insert({ email, created_at: now, ...values })
        .onConflict('email')
        .merge(values);
      return (await this.byEmail(email))!;
    },
    async list(options = {}) {
      const query = db(T).orderBy('id').select<Row[]>();
      if (options.importOnly === 'only') query.where('import_only', true);
      else if (options.importOnly !== 'include') query.where('import_only', false);
      return (await query).map(fromRow);
    },
    get,
    async byEmail(email) {
      const row = await db(T).where({ email }).first<Row | undefined>();
      return row ? fromRow(row) : null;
    },
    async refreshToken(id) {
      const row = await db(T).where({ id }).first<{ refresh_token_enc: unknown } | undefined>('refresh_token_enc');
      return row?.refresh_token_enc ? box.open(String(row.refresh_token_enc)) : null;
    },
    async refreshTokens() {
      const rows = await db(T).whereNotNull('refresh_token_enc').select<{ id: unknown; refresh_token_enc: unknown }[]>('id', 'refresh_token_enc');
      return new Map(rows.map((row) => [Number(row.id), box.open(String(row.refresh_token_enc))]));
    },
    async setStatus(id, status, lastError) {
      await db(T).where({ id }).update({ status, last_error: lastError, updated_at: ctx.now() });
    },
    async remove(id) {
      await db.transaction(async (tx) => {
        for (const table of DEPENDENT) await tx(table).where({ account_id: id }).delete();
        await tx('gcontacts_run').where({ account_id: id }).update({ account_id: null });
        await tx(T).where({ id }).delete();
      });
    },
    async acquireLease(id, owner, until, deadHolder) {
      const now = ctx.now();
      const taken = await db(T)
        .where({ id })
        .andWhere((q) => {
          q.whereNull('lease_owner').orWhere('lease_owner', owner).orWhere('lease_until', '<', now);
          if (deadHolder !== undefined) q.orWhere('lease_owner', deadHolder);
        })
        .update({ lease_owner: owner, lease_until: until });
      return Number(taken) === 1;
    },
    async leaseHolder(id) {
      const row = await db(T).where({ id }).andWhere('lease_until', '>=', ctx.now()).first<{ lease_owner: unknown } | undefined>('lease_owner');
      return (row?.lease_owner as string | null | undefined) ?? null;
    },
    async leased() {
      const rows = await db(T).whereNotNull('lease_owner').andWhere('lease_until', '>=', ctx.now()).select<{ id: unknown }[]>('id');
      return new Set(rows.map((row) => Number(row.id)));
    },
    async releaseLease(id, owner) {
      await db(T).where({ id, lease_owner: owner }).update({ lease_owner: null, lease_until: null });
    },
    async syncToken(id) {
      const row = await db(T).where({ id }).first<{ sync_token: unknown } | undefined>('sync_token');
      return (row?.sync_token as string | null | undefined) ?? null;
    },
    async setSyncToken(id, token) {
      const now = ctx.now();
      await db(T).where({ id }).update({ sync_token: token, sync_token_at: token === null ? null : now, updated_at: now });
    },
  };
}
