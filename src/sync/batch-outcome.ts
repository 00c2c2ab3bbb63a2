/**
 * What one batch did, recorded together at the end: the status table rows, removed links, flags turned off,
 * conflicts left to a person, the audit log, and the outbox rows cleared (contacts done) or postponed with backoff (contacts failed or not reached
 * because Google failed part-way) — all in ONE transaction, so a crash never leaves a row cleared without its
 * result, or a result without its row cleared.
 */
import { OUTBOX_BACKOFF, retryDelay } from '../core/backoff';
import { GContactsError, isGContactsError } from '../errors';
import type { OpenConflict } from '../store/conflicts';
import type { LogEntry } from '../store/log';
import type { LinkedResult } from '../store/links';
import type { Stores } from '../store';
import type { OutboxRow } from '../store/outbox';
import type { OverwrittenValue } from '../store/overwritten';
import { count, type AccountJob } from './account-job';
import type { ContactState } from './batch-state';

export class BatchOutcome {
  readonly linked = new Map<number, LinkedResult>();
  readonly unlinked = new Set<number>();
  readonly tombstoned = new Set<number>();
  readonly flagsOff = new Set<number>();
  /** Linked contacts whose person Google no longer has (a 404 met by a push): settled by google-deleted.ts settleGone. */
  readonly gone = new Map<number, ContactState>();
  /** Contacts queued for the push (a pull found a private contact still in Google: the push withdraws it). */
  readonly requeued = new Set<number>();
  /** Fields left for a person to decide (conflict policy 'ask'). */
  readonly conflicts: OpenConflict[] = [];
  /** Values a conflict policy decided against, kept so no edit is silently lost. */
  readonly overwritten: OverwrittenValue[] = [];
  private readonly done = new Set<number>();
  private readonly failed = new Map<number, string>();
  private readonly held = new Set<number>();
  private readonly log: LogEntry[] = [];
  private readonly deferred = new Map<number, { outcome: string; detail: Record<string, unknown> | undefined; unlink: boolean }>();

  constructor(private readonly job: AccountJob) {}

  /** Contacts already counted by what happened to them first (a pulled import): later outcomes are logged only. */
  readonly counted = new Set<number>();

  /** The contact is finished: its outbox row goes. `outcome` is counted in the run and logged unless 'unchanged'. */
  finish(contactId: number, outcome: string, detail?: Record<string, unknown>): void {
    this.done.add(contactId);
    if (!this.counted.has(contactId)) count(this.job.counts, outcome);
    if (outcome !== 'unchanged' && outcome !== 'skipped') this.note(contactId, outcome, detail);
  }

  /**
   * Finished once the batch's group changes are sent (settle()): until then a failure still postpones it, and keeps
   * its link when `unlink` (the retry finds the person through it and takes it out of the groups then).
   */
  finishAfterGroups(contactId: number, outcome: string, detail?: Record<string, unknown>, unlink = false): void {
    this.deferred.set(contactId, { outcome, detail, unlink });
  }

  settle(): void {
    for (const [contactId, { outcome, detail, unlink }] of this.deferred) {
      if (unlink) this.unlinked.add(contactId);
      this.finish(contactId, outcome, detail);
    }
    this.deferred.clear();
  }

  note(contactId: number, action: string, detail?: Record<string, unknown>): void {
    this.log.push({ accountId: this.job.account.id, contactId, runId: this.job.runId, action, ...(detail ? { detail } : {}) });
  }

  /** This contact alone failed (bad data): postponed with backoff, the rest of the batch goes on. */
  fail(contactId: number, message: string): void {
    this.failed.set(contactId, message);
  }

  /** Held back for an admin (the mass-deletion guard): postponed like a failure, but logged as waiting, not failed. */
  hold(contactId: number, message: string): void {
    this.failed.set(contactId, message);
    this.held.add(contactId);
  }

  /**
   * @param rows    the outbox rows of the batch (none for a pull page: its contacts came from Google)
   * @param failure a Google failure that stopped the batch: every contact not finished is postponed with it.
   * @param also    written in the same transaction (a pull's resume point and import candidates)
   */
  async commit(rows: readonly OutboxRow[], failure: unknown, also?: (tx: Stores) => Promise<void>): Promise<void> {
    const { sync, account } = this.job;
    const random = sync.random;
    const retryAfterMs = isGContactsError(failure) ? Number(failure.details?.retryAfterMs ?? 0) : 0;
    const nextAt = (attempts: number) => new Date(sync.host.clock.now().getTime() + retryDelay(attempts, random(), OUTBOX_BACKOFF, retryAfterMs)).toISOString();
    const cleared = rows.filter((row) => this.done.has(row.contactId));
    const individual = rows.filter((row) => !this.done.has(row.contactId) && this.failed.has(row.contactId));
    const stopped = rows.filter((row) => !this.done.has(row.contactId) && !this.failed.has(row.contactId));
    const message = failure instanceof Error ? failure.message : 'not reached';
    const queued = new Set(rows.map((row) => row.contactId));
    const rowless = [...this.failed].filter(([contactId]) => !queued.has(contactId) && !this.done.has(contactId));
    for (const row of [...individual, ...stopped]) this.note(row.contactId, this.held.has(row.contactId) ? 'held-back' : 'failed', { error: this.failed.get(row.contactId) ?? message });
    for (const [contactId, error] of rowless) this.note(contactId, 'failed', { error });
    const failedAlone = individual.filter((row) => !this.held.has(row.contactId)).length;
    count(this.job.counts, 'failed', failedAlone + rowless.length + (failure ? stopped.length : 0));
    await sync.stores.transaction(async (tx) => {
      await tx.links.saveLinked(account.id, [...this.linked.values()]);
      await tx.links.remove(account.id, [...this.unlinked]);
      await tx.links.tombstone(account.id, [...this.tombstoned]);
      for (const contactId of this.flagsOff) await tx.flags.set(contactId, false, null);
      await tx.outbox.enqueue([...this.requeued].map((contactId) => ({ accountId: account.id, contactId, op: 'change' as const })));
      await tx.outbox.clear(cleared);
      for (const row of individual) await tx.outbox.postpone([row], nextAt, this.failed.get(row.contactId)!);
      if (stopped.length > 0) await tx.outbox.postpone(stopped, nextAt, message);
      await tx.conflicts.open(this.conflicts);
      await tx.overwritten.record(this.overwritten);
      await tx.log.add(this.log);
      await also?.(tx);
    });
  }
}

/** Per-contact data errors (a birthday the CRM holds that is no date) are the contact's; anything else stops the batch. */
export function isContactError(e: unknown): e is GContactsError {
  return isGContactsError(e, 'BAD_INPUT');
}
