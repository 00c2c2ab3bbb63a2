import { expect } from 'chai';
import { RateLimiter } from '../../../src/google/rate-limiter';
import { Serial } from '../../../src/google/serial';

/** A fake clock whose sleep advances it: the limiter is timed without waiting. */
function fakeTime() {
  const t = { now: 0, sleeps: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

describe('google unit: rate limiter and serial mutations', () => {
  it('lets a burst through at once, then paces at the configured rate', async () => {
    const clock = fakeTime();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(clock.t.sleeps).to.deep.equal([]);
    await limiter.take();
    await limiter.take();
    expect(clock.t.sleeps).to.deep.equal([1000, 1000]);
    expect(clock.t.now).to.equal(2000);
  });

  it('refills while idle, never beyond the burst', async () => {
    const clock = fakeTime();
    const limiter = new RateLimiter({ requestsPerMinute: 120, burst: 2, now: clock.now, sleep: clock.sleep });
    await limiter.take();
    await limiter.take();
    clock.t.now += 60_000; // a quiet minute refills 120 tokens' worth, capped at 2
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(clock.t.sleeps).to.deep.equal([500]);
  });

  it('spaces concurrent callers one interval apart instead of waking them together', () => {
    const clock = fakeTime();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1, now: clock.now, sleep: clock.sleep });
    expect([1, 2, 3, 4].map(() => limiter.reserve())).to.deep.equal([0, 1000, 2000, 3000]);
  });

  it('defaults its burst to a minute of requests and refuses a rate of zero', async () => {
    const clock = fakeTime();
    const limiter = new RateLimiter({ requestsPerMinute: 30, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 30; i++) await limiter.take();
    expect(clock.t.sleeps).to.deep.equal([]);
    await limiter.take();
    expect(clock.t.sleeps).to.deep.equal([2000]);
    expect(() => new RateLimiter({ requestsPerMinute: 0 })).to.throw(RangeError);
  });

  it('Serial runs one task at a time, in order, and a failure does not block the next', async () => {
    const serial = new Serial();
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const task = (label: string, fail = false) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      order.push(label);
      if (fail) throw new Error(label);
      return label;
    };
    const results = await Promise.allSettled([serial.run(task('a')), serial.run(task('b', true)), serial.run(task('c'))]);
    expect(order).to.deep.equal(['a', 'b', 'c']);
    expect(most).to.equal(1);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
  });
});
