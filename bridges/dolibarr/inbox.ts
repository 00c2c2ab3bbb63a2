/**
 * Dolibarr's webhook deliveries. Dolibarr calls the target INSIDE its database transaction and never retries
 * (FACTS §4, §7), so a delivery is answered at once and only queued; the object is read back later, after commit:
 * - CREATE: a 404 means "not committed yet" and is retried with backoff; still 404 = a phantom (rolled back);
 * - MODIFY: read after a short settle and once more later (a read inside the transaction sees old values);
 * - DELETE: a 200 means "not committed yet"; still 200 after the backoff = a phantom, dropped;
 * - LINK/UNLINK of a sales rep: the membership table changes, then the third party's contacts are re-sent.
 * The payload is never trusted beyond the trigger and the ids: whatever the module sees comes from a read.
 */
import type { EventBus } from '../../host/services/events';
import type { HostLog } from '../../src/host-contract';
import type { DolibarrApi } from './api';
import { CALLER } from './directory';
import { idOf, thirdPartyFromDolibarr, type DolibarrObject } from './mapping';
import type { ContactMirror } from './mirror';
import type { SalesRepTable } from './salesreps';
import type { BridgeState } from './state';

/** The triggers to tick in Dolibarr's webhook target (printed by `npm run dolibarr`). */
export const TRIGGERS = [
  'CONTACT_CREATE',
  'CONTACT_MODIFY',
  'CONTACT_DELETE',
  'COMPANY_MODIFY',
  'COMPANY_DELETE',
  'COMPANY_LINK_SALE_REPRESENTATIVE',
  'COMPANY_UNLINK_SALE_REPRESENTATIVE',
] as const;

export interface Delivery {
  trigger: string;
  id: number;
  /** object.context.caller: the bridge's own POST/PUT coming back. */
  caller: string | null;
  /** object.context.commercial_modified: the user linked or unlinked. */
  userId: number | null;
}

/** The parts of a webhook body the bridge uses; null when it is not a delivery of a trigger it handles. */
export function parseDelivery(body: unknown): Delivery | null {
  const b = body as { triggercode?: unknown; object?: DolibarrObject } | null;
  if (!b || typeof b.triggercode !== 'string' || !b.object || typeof b.object !== 'object') return null;
  if (!(TRIGGERS as readonly string[]).includes(b.triggercode)) return null;
  const id = idOf(b.object.id);
  if (!id) return null;
  const context = (b.object.context && typeof b.object.context === 'object' ? b.object.context : {}) as Record<string, unknown>;
  return { trigger: b.triggercode, id, caller: typeof context.caller === 'string' ? context.caller : null, userId: idOf(context.commercial_modified) };
}

export interface InboxTiming {
  /** Wait before the first read (Dolibarr commits right after our answer). */
  settleMs: number;
  /** Backoff delays of the reads that wait for a commit. */
  retriesMs: number[];
  /** A MODIFY is read again this much later, in case the first read ran inside the transaction. */
  recheckMs: number;
}

export const DEFAULT_TIMING: InboxTiming = { settleMs: 150, retriesMs: [250, 500, 1000, 2000, 4000], recheckMs: 1500 };

export interface InboxDeps {
  api: DolibarrApi;
  mirror: ContactMirror;
  reps: SalesRepTable;
  state: BridgeState;
  events: EventBus;
  log: HostLog;
  now: () => Date;
  timing?: InboxTiming;
}

export class Inbox {
  private readonly timing: InboxTiming;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: InboxDeps) {
    this.timing = deps.timing ?? DEFAULT_TIMING;
  }

  /** Queues a delivery and returns at once (the HTTP answer must not wait for Dolibarr's own commit). */
  accept(delivery: Delivery): void {
    if (this.stopped) return;
    const job = this.handle(delivery)
      .catch((e: unknown) => this.deps.log.warn('dolibarr webhook not applied; the catch-up poll will find it', { trigger: delivery.trigger, id: delivery.id, error: (e as Error).message }))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves when every queued delivery is handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async handle(d: Delivery): Promise<void> {
    await sleep(this.timing.settleMs);
    const origin = d.caller === CALLER ? 'gcontacts' : undefined;
    switch (d.trigger) {
      case 'CONTACT_CREATE':
      case 'CONTACT_MODIFY':
        return this.contactChanged(d, origin);
      case 'CONTACT_DELETE':
        return this.contactDeleted(d);
      case 'COMPANY_MODIFY':
        return this.thirdPartyChanged(d.id);
      case 'COMPANY_DELETE':
        return this.thirdPartyDeleted(d.id);
      default:
        return this.salesRepChanged(d);
    }
  }

  private async contactChanged(d: Delivery, origin: string | undefined): Promise<void> {
    const object = await this.until(() => this.deps.api.find(`/contacts/${d.id}`), (o) => o !== null);
    if (!object) {
      // Never committed (a blocking target failed, FACTS §7), or deleted since: either way the mirror decides.
      if (d.trigger === 'CONTACT_MODIFY') await this.deps.mirror.forget(d.id);
      else this.deps.log.info('dolibarr: dropped a CONTACT_CREATE that never committed', { id: d.id });
      return;
    }
    const before = await this.deps.mirror.known(d.id);
    const seen = await this.deps.mirror.observe(object, origin);
    if (d.trigger === 'CONTACT_MODIFY' && before && before.version === seen.version) {
      await sleep(this.timing.recheckMs);
      const again = await this.deps.api.find(`/contacts/${d.id}`);
      if (again) await this.deps.mirror.observe(again, origin);
    }
  }

  private async contactDeleted(d: Delivery): Promise<void> {
    if (await this.deps.state.consume('contact.delete', d.id, this.deps.now())) return;
    const gone = await this.until(() => this.deps.api.find(`/contacts/${d.id}`), (o) => o === null);
    if (gone === null) await this.deps.mirror.forget(d.id);
    else this.deps.log.info('dolibarr: dropped a CONTACT_DELETE that never committed', { id: d.id });
  }

  private async thirdPartyChanged(id: number): Promise<void> {
    const object = await this.deps.api.find(`/thirdparties/${id}`);
    if (!object) return;
    const thirdParty = thirdPartyFromDolibarr(object);
    // Dolibarr gives no "before": the module compares content hashes of the contacts it re-sends.
    await this.deps.events.emit('thirdparty.updated', { thirdParty, before: thirdParty });
  }

  private async thirdPartyDeleted(id: number): Promise<void> {
    const gone = await this.until(() => this.deps.api.find(`/thirdparties/${id}`), (o) => o === null);
    if (gone !== null) return;
    const thirdParty = thirdPartyFromDolibarr({ id, name: '' });
    await this.deps.events.emit('thirdparty.deleted', { thirdParty });
  }

  private async salesRepChanged(d: Delivery): Promise<void> {
    if (!d.userId) return;
    const { before, after } = await this.deps.reps.set(d.id, d.userId, d.trigger === 'COMPANY_LINK_SALE_REPRESENTATIVE');
    // Fires on no-ops too (FACTS §8); the contacts' tms do not move, so the module must hear it from here.
    if (before.join() !== after.join()) await this.deps.events.emit('thirdparty.salesreps.changed', { thirdPartyId: d.id, before, after });
  }

  /** Reads until `done` says the commit is visible, with backoff; answers the last read. */
  private async until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (const delay of this.timing.retriesMs) {
      if (done(value) || this.stopped) return value;
      await sleep(delay);
      value = await read();
    }
    return value;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
