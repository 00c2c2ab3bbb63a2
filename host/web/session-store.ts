/**
 * express-session store on the host database (llx_session), so sign-ins survive a restart on either engine.
 * Kept rather than connect-session-knex (5.0.0, read for issue 14): its get() JSON.parses the row and hands the
 * error to express-session, so a corrupt row answers a 500 instead of being no session, and then rethrows from a
 * promise nobody awaits (an unhandled rejection ends the process); its touch() rejects the same way; and it
 * creates its own table at construction and runs a cleanup timer, outside the host's migrations and lifecycle.
 * (Sessions ended by a password change need no store lookup: the session's authVersion is checked per request.)
 */
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

  // express-session's store API is callback-style: every outcome, failures included, reaches `cb`, so the
  // promises below are deliberately not returned (`void`).
  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    void this.db('llx_session')
      .where('sid', sid)
      .andWhere('expires', '>', this.now())
      .first<{ sess: unknown } | undefined>('sess')
      .then((row) => (row ? parseSession(String(row.sess)) : null), (err: unknown) => {
        cb(err);
        return undefined;
      })
      .then((sess) => {
        if (sess !== undefined) cb(null, sess);
      });
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.now() + DAY;
    void this.db('llx_session')
      .insert({ sid, sess: JSON.stringify(sess), expires })
      .onConflict('sid')
      .merge()
      .then(() => this.prune())
      .then(() => cb?.(), cb);
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    void this.db('llx_session').where('sid', sid).delete().then(() => cb?.(), cb);
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.now() + DAY;
    void this.db('llx_session').where('sid', sid).update({ expires }).then(() => cb?.(), () => cb?.());
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

/**
 * A stored session that does not parse (a truncated write, a hand edit) is no session: its holder signs in again.
 * Thrown inside the store's promise it would leave the request unanswered.
 */
function parseSession(raw: string): session.SessionData | null {
  try {
    return JSON.parse(raw) as session.SessionData;
  } catch {
    return null;
  }
}
