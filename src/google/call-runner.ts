/**
 * Runs one gateway call against Google with the gateway.ts rules: pacing through the account's token bucket,
 * mutations one at a time, retries with backoff on transient failures, and the exactly-once rule for creates.
 */
import { parseFailure, toGContactsError } from './error-parser';
import type { RateLimiter, Sleep } from './rate-limiter';
import { nextRetryDelay, type BackoffConfig } from './retry-timing';
import type { Serial } from './serial';

/**
 * read: retried freely. write: a mutation that is safe to repeat (etag-guarded update, delete, group call):
 * retried, and any later error says `ambiguous` if an attempt may have been applied. create: a new person, sent
 * again only when Google surely did not apply the previous attempt, else a duplicate contact could appear.
 */
export type CallKind = 'read' | 'write' | 'create';

export interface Call<T> {
  operation: string;
  kind: CallKind;
  resourceName?: string;
  send: () => Promise<{ data: T; headers?: unknown }>;
}

export interface RunnerOptions {
  limiter: RateLimiter;
  serial: Serial;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  maxAttempts: number;
  backoff: BackoffConfig;
  /** Failures at this URL happened while refreshing the access token, before the call itself went out. */
  tokenUrl: string;
  /** Told of every answer with the CRM's clock around it (the Date header estimates Google's clock offset). */
  answered?: (headers: unknown, sentMs: number, receivedMs: number) => void;
  /** The clock the CRM's update times are on. */
  crmNow?: () => number;
}

export type Runner = <T>(call: Call<T>) => Promise<T>;

export function createRunner(o: RunnerOptions): Runner {
  async function attempts<T>(call: Call<T>): Promise<T> {
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
      await o.limiter.take();
      try {
        const sentMs = o.crmNow?.() ?? 0;
        const answer = await call.send();
        o.answered?.(answer.headers, sentMs, o.crmNow?.() ?? 0);
        return answer.data;
      } catch (e) {
        const f = parseFailure(e, { nowMs: o.now(), tokenUrl: o.tokenUrl });
        if (call.kind !== 'read' && f.applied === 'maybe') ambiguous = true;
        const retryable = f.transient && !(call.kind === 'create' && ambiguous);
        const delay = retryable
          ? nextRetryDelay({ attempt, maxAttempts: o.maxAttempts, retryAfterMs: f.retryAfterMs, config: o.backoff, random: o.random })
          : undefined;
        if (delay === undefined) throw toGContactsError(f, { operation: call.operation, ambiguous, resourceName: call.resourceName });
        await o.sleep(delay);
      }
    }
  }
  return (call) => (call.kind === 'read' ? attempts(call) : o.serial.run(() => attempts(call)));
}

