/**
 * A token bucket per Google account: the module's own pacing, so a big export spreads its requests instead of
 * running into 429s. Google's real per-user limits are per project and undocumented (architecture §8), hence
 * configurable. Clock and sleep are injected so tests run on a fake clock.
 */

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RateLimiterOptions {
  requestsPerMinute: number;
  /**
   * Requests that may go out at once after a quiet spell; default one minute's worth. A fixed per-minute quota can
   * see up to burst + rate requests in one of its minutes: keep the sum under Google's limit to never meet a 429.
   */
  burst?: number;
  now?: () => number;
  sleep?: Sleep;
}

export class RateLimiter {
  private readonly perMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private tokens: number;
  private last: number;

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerMinute > 0)) throw new RangeError('requestsPerMinute must be > 0');
    this.perMs = options.requestsPerMinute / 60_000;
    this.capacity = Math.max(1, options.burst ?? options.requestsPerMinute);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /**
   * Takes one token, waiting until it is there. The token is reserved before waiting (the balance may go below
   * zero), so concurrent callers queue up one refill interval apart instead of all waking at once and overspending.
   */
  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.sleep(wait);
  }

  /** Reserves a token and returns how long the caller must wait before using it (ms). */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.perMs);
  }
}
