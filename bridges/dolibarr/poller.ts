/**
 * What webhooks miss. Dolibarr never retries a delivery (FACTS §7) and cannot say when a row changed (FACTS §1),
 * but it filters on t.tms, compared as text in MariaDB's session time zone. So:
 * - the catch-up poll asks for contacts with t.tms after (start of the previous poll − an overlap), by the
 *   bridge's own clock written in Dolibarr's database time zone; every row goes through the mirror, which makes
 *   events only for real changes, so the overlap costs reads, never duplicates;
 * - the reconciliation lists every id (properties=id, paginated) and tells the module about contacts gone without
 *   a trace (FACTS §9) and contacts it never saw.
 */
import type { HostLog } from '../../src/host-contract';
import type { DolibarrApi } from './api';
import { idOf, sqlTime, type DolibarrObject } from './mapping';
import type { ContactMirror } from './mirror';
import type { BridgeState } from './state';

export interface PollerOptions {
  /** Overlap subtracted from the last poll's start (clock skew between the bridge and MariaDB, slow commits). */
  overlapMs: number;
  /** MariaDB's session time zone, in which sqlfilters compare t.tms (UTC on most installations). */
  dbTimeZone: string;
}

const LAST_POLL = 'poll.started_at';

export class Poller {
  constructor(
    private readonly api: DolibarrApi,
    private readonly mirror: ContactMirror,
    private readonly state: BridgeState,
    private readonly log: HostLog,
    private readonly now: () => Date,
    private readonly options: PollerOptions,
  ) {}

  /** One catch-up poll; answers how many rows Dolibarr returned. */
  async catchUp(): Promise<number> {
    const started = this.now();
    const previous = await this.state.get(LAST_POLL);
    if (!previous) {
      // Never polled: the reconciliation is the starting point.
      await this.reconcile();
      await this.state.set(LAST_POLL, started.toISOString());
      return 0;
    }
    const since = sqlTime(new Date(Date.parse(previous) - this.options.overlapMs), this.options.dbTimeZone);
    const rows = await this.api.all<DolibarrObject>('/contacts', { sqlfilters: `(t.tms:>=:'${since}')` });
    for (const row of rows) await this.mirror.observe(row);
    await this.state.set(LAST_POLL, started.toISOString());
    return rows.length;
  }

  /**
   * Every id Dolibarr has against every id the mirror knows. The very first run records a silent baseline: the
   * module's Export all, not a flood of events, sends an existing address book.
   */
  async reconcile(): Promise<{ created: number; deleted: number }> {
    const baseline = await this.mirror.isEmpty();
    const ids = new Set((await this.api.all<DolibarrObject>('/contacts', { properties: 'id' }, 500)).map((r) => idOf(r.id)).filter((id): id is number => id !== null));
    let created = 0;
    let deleted = 0;
    for (const id of await this.mirror.knownIds()) {
      if (ids.has(id)) ids.delete(id);
      else if (await this.confirmGone(id)) deleted += (await this.mirror.forget(id)) ? 1 : 0;
    }
    for (const id of ids) {
      const object = await this.api.find(`/contacts/${id}`);
      if (!object) continue;
      await this.mirror.observe(object, undefined, baseline);
      created++;
    }
    if (created + deleted > 0) this.log.info('dolibarr: reconciliation', { created, deleted, baseline });
    return { created, deleted };
  }

  /** A listing may race a create; a single GET settles whether the contact is really gone. */
  private async confirmGone(id: number): Promise<boolean> {
    return (await this.api.find(`/contacts/${id}`)) === null;
  }
}
