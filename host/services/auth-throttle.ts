/**
 * Failed sign-ins counted in the database (llx_auth_throttle), so the limits hold whichever process of the CRM a
 * guess reaches. A fixed window opens at a key's first failure; once a key holds `limit` failures inside its window
 * every attempt under that key is refused until the window ends, whatever the password. Keys are hashed: the table
 * never holds a login or an address in clear.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const T = 'llx_auth_throttle';

export interface ThrottleLimit {
  failures: number;
  windowMs: number;
}

/** One thing attempts are counted against: a login, a client address, a client address presenting API keys. */
export interface ThrottleKey {
  kind: 'login' | 'address' | 'apikey';
  value: string;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * 10 failures in 15 minutes per login. An address gets more (30): one office behind one address holds many people
 * who mistype, while a guesser trying many logins from one address is still stopped soon.
 */
export const THROTTLE_LIMITS: Record<ThrottleKey['kind'], ThrottleLimit> = {
  login: { failures: 10, windowMs: FIFTEEN_MINUTES },
  address: { failures: 30, windowMs: FIFTEEN_MINUTES },
  apikey: { failures: 10, windowMs: FIFTEEN_MINUTES },
};

function rowKey(key: ThrottleKey): string {
  const value = key.kind === 'login' ? key.value.trim().toLowerCase() : key.value;
  return `${key.kind}:${createHash('sha256').update(value).digest('hex')}`;
}

export class AuthThrottle {
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
    private readonly limits: Record<ThrottleKey['kind'], ThrottleLimit> = THROTTLE_LIMITS,
  ) {}

  /**
   * Before checking a secret that must not be guessed in parallel (a password): counts this attempt under every key
   * first, then answers the seconds to wait when a key now holds more than its limit, else null. Counting before
   * checking means a burst of simultaneous guesses is stopped as surely as a sequence. Undone by `succeeded`.
   */
  async attempt(keys: readonly ThrottleKey[]): Promise<number | null> {
    await this.failed(keys);
    return this.wait(keys, (failures, limit) => failures > limit);
  }

  /**
   * Before checking a secret nobody can guess in a lifetime (a random API key): one indexed read, no write on the
   * hot path; the seconds to wait when a key already holds its limit of failures, else null.
   */
  async retryAfter(keys: readonly ThrottleKey[]): Promise<number | null> {
    return this.wait(keys, (failures, limit) => failures >= limit);
  }

  private async wait(keys: readonly ThrottleKey[], refused: (failures: number, limit: number) => boolean): Promise<number | null> {
    const byRow = new Map(keys.map((k) => [rowKey(k), this.limits[k.kind]]));
    const rows = await this.db(T).whereIn('throttle_key', [...byRow.keys()]).select<{ throttle_key: unknown; failures: unknown; window_start: unknown }[]>('throttle_key', 'failures', 'window_start');
    const now = this.now().getTime();
    let wait: number | null = null;
    for (const row of rows) {
      const limit = byRow.get(String(row.throttle_key))!;
      const ends = Number(row.window_start) + limit.windowMs;
      if (refused(Number(row.failures), limit.failures) && ends > now) wait = Math.max(wait ?? 0, Math.ceil((ends - now) / 1000));
    }
    return wait;
  }

  /**
   * Counts one failure under each key, in one upsert so simultaneous failures in several processes are all
   * counted: an increment inside a live window, else a new window. (MySQL applies the assignments in order, so
   * `failures` is computed first, while `window_start` still holds the old window, as SQLite sees it.)
   */
  async failed(keys: readonly ThrottleKey[]): Promise<void> {
    const now = this.now().getTime();
    for (const key of keys) {
      const live = this.db.raw('?? > ?', ['window_start', now - this.limits[key.kind].windowMs]);
      await this.db(T)
        .insert({ throttle_key: rowKey(key), failures: 1, window_start: now })
        .onConflict('throttle_key')
        .merge({
          failures: this.db.raw('CASE WHEN ? THEN ?? + 1 ELSE 1 END', [live, 'failures']),
          window_start: this.db.raw('CASE WHEN ? THEN ?? ELSE ? END', [live, 'window_start', now]),
        });
    }
    await this.prune(now);
  }

  /**
   * A success: the failures counted under `forget` are forgotten (the login), and the attempt counted under each of
   * `undo` is taken back (the address: one person signing in is not a failure of their office).
   */
  async succeeded(forget: ThrottleKey, undo: readonly ThrottleKey[] = []): Promise<void> {
    await this.db(T).where('throttle_key', rowKey(forget)).delete();
    for (const key of undo) await this.db(T).where('throttle_key', rowKey(key)).andWhere('failures', '>', 0).decrement('failures', 1);
  }

  /** Drops ended windows at most once an hour, piggy-backing on failures instead of owning a timer. */
  private async prune(now: number): Promise<void> {
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    const longest = Math.max(...Object.values(this.limits).map((l) => l.windowMs));
    await this.db(T).where('window_start', '<=', now - longest).delete();
  }
}
