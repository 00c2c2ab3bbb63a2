/**
 * When to try a failed Google call again: pure functions of the attempt number, the server's Retry-After and a
 * random source, so the unit tests pin every branch without a clock (the shape follows ky's retry-timing).
 */

export interface BackoffConfig {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** No single backoff wait exceeds this (Google's "truncated" exponential backoff). */
  limitMs: number;
  /** A Retry-After longer than this is not waited out in-process: the call fails and the run resumes later. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 1000, limitMs: 32_000, maxRetryAfterMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random. Full jitter could draw ~0 and retry
 * at once against a server that just said it was overloaded; no jitter makes every account of a run retry in step.
 * `attempt` is the number of the attempt that just failed (1 for the first call).
 */
export function backoffDelay(attempt: number, config: BackoffConfig, random: () => number): number {
  const step = Math.min(config.limitMs, config.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * clamp01(random()));
}

/**
 * Reads a Retry-After header: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). A date in the past means
 * "now" (0); anything unreadable is ignored (undefined), as if the header were absent.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Date.parse reads bare numbers ("-5") as years: an HTTP date always spells its day or month in letters.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The wait before the next attempt, or undefined when the caller should give up. The server's Retry-After wins over
 * our own backoff (Google asks for at least that long); one longer than `maxRetryAfterMs` stops the retries, so a
 * worker does not sit on its lease for minutes and the engine can reschedule the run instead.
 */
export function nextRetryDelay(input: {
  attempt: number;
  maxAttempts: number;
  retryAfterMs: number | undefined;
  config: BackoffConfig;
  random: () => number;
}): number | undefined {
  if (input.attempt >= input.maxAttempts) return undefined;
  if (input.retryAfterMs !== undefined) {
    return input.retryAfterMs > input.config.maxRetryAfterMs ? undefined : input.retryAfterMs;
  }
  return backoffDelay(input.attempt, input.config, input.random);
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}
