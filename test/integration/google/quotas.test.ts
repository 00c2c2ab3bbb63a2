import { expect } from 'chai';
import { RateLimiter } from '../../../src/google/rate-limiter';
import { googleHarness } from './helpers';

/**
 * The sandbox's own per-minute quotas (429 RESOURCE_EXHAUSTED with Retry-After) against the gateway, with a sleep
 * that moves the sandbox clock instead of waiting: the minutes pass for Google, not for the test.
 */
describe('google gateway: quotas', function () {
  const h = googleHarness(this);
  afterEach(() => h.sandbox.control.setQuotas(undefined));
  const sandboxTime = () => ({
    now: () => h.sandbox.control.now(),
    sleep: async (ms: number) => {
      h.sandbox.control.advanceClock(ms);
    },
  });

  it('waits out Google\'s 429 as long as Retry-After says, then goes on', async () => {
    h.sandbox.control.setQuotas({ readsPerMinute: 3 });
    const slept: number[] = [];
    const time = sandboxTime();
    const { gw } = h.gateway({ now: time.now, sleep: async (ms) => { slept.push(ms); await time.sleep(ms); } });
    for (let i = 0; i < 5; i++) await gw.get('people/me', ['names']);
    expect(slept).to.have.length(1);
    expect(slept[0]).to.be.within(1000, 60_000);
    expect(gw.requestCount).to.equal(6);
  });

  it('paced at the quota without a burst, the gateway\'s own bucket never meets a 429', async () => {
    h.sandbox.control.setQuotas({ readsPerMinute: 3 });
    const time = sandboxTime();
    const { gw } = h.gateway({ ...time, limiter: new RateLimiter({ requestsPerMinute: 3, burst: 1, ...time }) });
    for (let i = 0; i < 7; i++) await gw.get('people/me', ['names']);
    expect(gw.requestCount).to.equal(7);
  });
});
