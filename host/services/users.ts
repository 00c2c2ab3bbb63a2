/** Users, passwords, API keys and rights. Passwords are scrypt-hashed; API keys are stored as SHA-256 only. */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import type { CrmUser } from '../../src/host-contract';
import { HostError } from '../errors';
import { userFromRow } from '../data/columns';
import { parseInput, userInputSchema } from '../data/validation';
import type { EventBus } from './events';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const T = 'llx_user';

export interface UserRecord extends CrmUser {
  lang: string;
  /** Moves on at each password change; a session signed in under an older one is over. */
  authVersion: number;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await scrypt(password, salt, 32)).toString('hex')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'hex'), 32);
  return timingSafeEqual(actual, Buffer.from(hash, 'hex'));
}

/** A hash no password matches in practice, to compare against when the login is unknown. Made once. */
let decoy: Promise<string> | null = null;
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** The user as the host contract shows it: without the host's own preferences (lang) and sign-in state. */
export function publicUser(user: UserRecord): CrmUser {
  const { lang: _lang, authVersion: _authVersion, ...rest } = user;
  return rest;
}

function recordFromRow(row: Record<string, unknown>): UserRecord {
  return { ...userFromRow(row), lang: String(row.lang ?? 'en_US'), authVersion: Number(row.auth_version ?? 0) };
}

export class UserService {
  constructor(
    private readonly db: Knex,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  async get(id: number): Promise<UserRecord | null> {
    const row = await this.db(T).where('rowid', id).first<Record<string, unknown> | undefined>();
    return row ? recordFromRow(row) : null;
  }

  async list(): Promise<UserRecord[]> {
    return (await this.db(T).orderBy('login')).map(recordFromRow);
  }

  /**
   * Resolves a login, or null; a disabled user cannot sign in. The password is hashed whatever the login, so an
   * unknown or disabled login answers no faster than a wrong password (timing tells nothing about accounts).
   */
  async authenticate(login: string, password: string): Promise<UserRecord | null> {
    const row = await this.db(T).where({ login: login.trim() }).first<Record<string, unknown> | undefined>();
    const matches = await passwordMatches(password, row ? String(row.pass_hash) : await decoyHash());
    return row && Number(row.statut) && matches ? recordFromRow(row) : null;
  }

  async byApiKey(key: string): Promise<UserRecord | null> {
    const row = await this.db(T).where({ api_key_hash: hashApiKey(key) }).first<Record<string, unknown> | undefined>();
    return row && Number(row.statut) ? recordFromRow(row) : null;
  }

  async create(input: Record<string, unknown>): Promise<UserRecord> {
    const data = parseInput(userInputSchema, input);
    if (!data.login) throw new HostError('BAD_INPUT', 'error.required', 'login');
    if (!data.password) throw new HostError('BAD_INPUT', 'error.required', 'password');
    if (await this.db(T).where({ login: data.login }).first('rowid')) throw new HostError('CONFLICT', 'error.login_taken', 'login');
    const time = this.now().toISOString();
    const [id] = await this.db(T).insert({
      login: data.login,
      pass_hash: await hashPassword(data.password),
      firstname: data.firstname ?? null,
      lastname: data.lastname ?? null,
      email: data.email ?? null,
      admin: data.admin ? 1 : 0,
      statut: data.active === false ? 0 : 1,
      lang: data.lang ?? 'en_US',
      datec: time,
      tms: time,
    });
    return (await this.get(Number(id)))!;
  }

  async update(id: number, input: Record<string, unknown>): Promise<UserRecord> {
    const data = parseInput(userInputSchema, input);
    const before = await this.get(id);
    if (!before) throw new HostError('NOT_FOUND', 'error.user_not_found');
    if (data.login && data.login !== before.login && (await this.db(T).where({ login: data.login }).first('rowid'))) {
      throw new HostError('CONFLICT', 'error.login_taken', 'login');
    }
    const row: Record<string, unknown> = {};
    for (const key of ['login', 'firstname', 'lastname', 'email', 'lang'] as const) if (data[key] !== undefined) row[key] = data[key];
    if (data.admin !== undefined) row.admin = data.admin ? 1 : 0;
    if (data.active !== undefined) row.statut = data.active ? 1 : 0;
    if (data.password) {
      row.pass_hash = await hashPassword(data.password);
      // Ends every session signed in with the old password, in every process (identify compares versions).
      row.auth_version = this.db.raw('?? + 1', ['auth_version']);
    }
    await this.db(T).where('rowid', id).update({ ...row, tms: this.now().toISOString() });
    const after = (await this.get(id))!;
    const [publicAfter, publicBefore] = [publicUser(after), publicUser(before)];
    if (JSON.stringify(publicAfter) !== JSON.stringify(publicBefore)) await this.events.emit('user.updated', { user: publicAfter, before: publicBefore });
    return after;
  }

  async remove(id: number): Promise<void> {
    const user = await this.get(id);
    if (!user) throw new HostError('NOT_FOUND', 'error.user_not_found');
    await this.db(T).where('rowid', id).delete();
    await this.events.emit('user.deleted', { user: publicUser(user) });
  }

  async setApiKey(id: number, key: string): Promise<void> {
    await this.db(T).where('rowid', id).update({ api_key_hash: hashApiKey(key) });
  }

  /** Issues a fresh random API key; only its hash is kept, so it is shown once. */
  async newApiKey(id: number): Promise<string> {
    const key = randomBytes(24).toString('base64url');
    await this.setApiKey(id, key);
    return key;
  }

  async rights(userId: number): Promise<string[]> {
    return (await this.db('llx_user_rights').where('fk_user', userId).orderBy('right_id').pluck('right_id')).map(String);
  }

  async setRights(userId: number, rights: readonly string[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('llx_user_rights').where('fk_user', userId).delete();
      const unique = [...new Set(rights)];
      if (unique.length) await trx('llx_user_rights').insert(unique.map((right_id) => ({ fk_user: userId, right_id })));
    });
  }

  /** Admins hold every right, as in Dolibarr. */
  async hasRight(user: CrmUser, right: string): Promise<boolean> {
    if (user.admin) return true;
    return Boolean(await this.db('llx_user_rights').where({ fk_user: user.id, right_id: right }).first('fk_user'));
  }
}
