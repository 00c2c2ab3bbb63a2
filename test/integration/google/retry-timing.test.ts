import { expect } from 'chai';
import { backoffDelay, DEFAULT_BACKOFF, nextRetryDelay, parseRetryAfter } from '../../../src/google/retry-timing';

describe('google unit: retry timing', () => {
  const config = { baseMs: 1000, limitMs: 8000, maxRetryAfterMs: 30_000 };

  describe('backoffDelay', () => {
    it('doubles per attempt, half fixed and half random (equal jitter)', () => {
      expect([1, 2, 3].map((a) => backoffDelay(a, config, () => 0))).to.deep.equal([500, 1000, 2000]);
      expect([1, 2, 3].map((a) => backoffDelay(a, config, () => 1))).to.deep.equal([1000, 2000, 4000]);
      expect(backoffDelay(2, config, () => 0.5)).to.equal(1500);
    });

    it('is truncated at limitMs', () => {
      expect(backoffDelay(10, config, () => 1)).to.equal(8000);
      expect(backoffDelay(60, config, () => 0)).to.equal(4000);
    });

    it('tolerates a random source out of range', () => {
      expect(backoffDelay(1, config, () => 7)).to.equal(1000);
      expect(backoffDelay(1, config, () => Number.NaN)).to.equal(500);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    it('reads delta-seconds, fractional too', () => {
      expect(parseRetryAfter('7', now)).to.equal(7000);
      expect(parseRetryAfter(' 0.5 ', now)).to.equal(500);
      expect(parseRetryAfter('0', now)).to.equal(0);
    });

    it('reads an HTTP date, a past one meaning now', () => {
      expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).to.equal(30_000);
      expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).to.equal(0);
    });

    it('ignores what it cannot read', () => {
      for (const v of [undefined, null, '', 'soon', '-5']) expect(parseRetryAfter(v, now), String(v)).to.equal(undefined);
    });
  });

  describe('nextRetryDelay', () => {
    const base = { maxAttempts: 4, config, random: () => 0 };
    it('backs off until the attempts run out', () => {
      expect([1, 2, 3, 4].map((attempt) => nextRetryDelay({ ...base, attempt, retryAfterMs: undefined }))).to.deep.equal([500, 1000, 2000, undefined]);
    });

    it('waits exactly what Retry-After asks, even when shorter than the backoff', () => {
      expect(nextRetryDelay({ ...base, attempt: 3, retryAfterMs: 100 })).to.equal(100);
      expect(nextRetryDelay({ ...base, attempt: 1, retryAfterMs: 30_000 })).to.equal(30_000);
    });

    it('gives up on a Retry-After beyond maxRetryAfterMs, and on the last attempt whatever it says', () => {
      expect(nextRetryDelay({ ...base, attempt: 1, retryAfterMs: 30_001 })).to.equal(undefined);
      expect(nextRetryDelay({ ...base, attempt: 4, retryAfterMs: 10 })).to.equal(undefined);
    });

    it('defaults: first retry after 0.5 to 1 s, a minute of Retry-After at most', () => {
      expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).to.equal(500);
      expect(DEFAULT_BACKOFF.maxRetryAfterMs).to.equal(60_000);
    });
  });
});
