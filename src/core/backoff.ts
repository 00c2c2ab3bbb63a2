/**
 * When a failed outbox row is tried again. Exponential with "full jitter" (a random delay between 0 and the
 * exponential cap): many rows failing together, e.g. after a Google outage, then come back spread out instead of
 * as one burst that trips the quota again. Never sooner than Google's Retry-After, never later than `maxMs`.
 * Pure: the caller passes the random number.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const OUTBOX_BACKOFF: BackoffOptions = { baseMs: 30_000, maxMs: 6 * 3600_000 };

/**
 * @param attempts  failed attempts so far, ≥ 1
 * @param random    a number in [0, 1)
 * @param retryAfterMs what Google asked for, if it did
 */
export function retryDelay(attempts: number, random: number, options: BackoffOptions = OUTBOX_BACKOFF, retryAfterMs = 0): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  // Half fixed, half random: a row is never retried at once, which a pure "full jitter" (0..cap) would allow.
  const delay = cap / 2 + (cap / 2) * random;
  return Math.min(options.maxMs, Math.max(retryAfterMs, Math.round(delay)));
}
