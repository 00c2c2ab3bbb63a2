/** express-session store on the host database (llx_session), so sign-ins survive a restart on either engine. */
import session from 'express-session';
import type { Knex } from 'knex';

const DAY = 24 * 3600 * 1000;

export class KnexSessionStore extends session.Store {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db('llx_session')
      .where('sid', sid)
      .andWhere('expires', '>', this.now())
      .first('sess')
      .then((row) => cb(null, row ? (JSON.parse(String(row.sess)) as session.SessionData) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.now() + DAY;
    this.db('llx_session')
      .insert({ sid, sess: JSON.stringify(sess), expires })
      .onConflict('sid')
      .merge()
      .then(() => this.prune())
      .then(() => cb?.(), cb);
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.db('llx_session').where('sid', sid).delete().then(() => cb?.(), cb);
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.now() + DAY;
    this.db('llx_session').where('sid', sid).update({ expires }).then(() => cb?.(), () => cb?.());
  }

  private lastPrune = 0;

  /** Drops expired sessions at most once an hour, piggy-backing on writes instead of owning a timer. */
  private async prune(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    await this.db('llx_session').where('expires', '<=', now).delete();
  }
}
