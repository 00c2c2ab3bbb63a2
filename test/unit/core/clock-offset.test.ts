import { expect } from 'chai';
import { marginOf, narrowOffset, offsetOf, onCrmClock, sampleBounds } from '../../../src/core/clock-offset';

describe('core: clock offset from Date headers', () => {
  it('bounds the offset by the round trip and the header\'s one-second resolution', () => {
    // Google's clock 60 s ahead: the answer stamped at CRM 10_300 reads 70_000 (its second, truncated).
    expect(sampleBounds({ sentMs: 10_000, receivedMs: 10_600, serverDateMs: 70_000 })).to.deep.equal({ low: 59_400, high: 61_000 });
  });

  it('narrows with each answer and estimates the middle', () => {
    let bounds = narrowOffset(null, { sentMs: 10_000, receivedMs: 10_600, serverDateMs: 70_000 });
    bounds = narrowOffset(bounds, { sentMs: 20_500, receivedMs: 20_700, serverDateMs: 80_000 });
    expect(bounds).to.deep.equal({ low: 59_400, high: 60_500 });
    expect(offsetOf(bounds)).to.equal(59_950);
    // The estimate is the middle: the true offset is within half the bounds' width of it.
    expect(marginOf(bounds)).to.equal(550);
  });

  it('starts again from the newest answer when a clock was stepped', () => {
    const before = narrowOffset(null, { sentMs: 10_000, receivedMs: 10_100, serverDateMs: 10_000 });
    const after = narrowOffset(before, { sentMs: 20_000, receivedMs: 20_100, serverDateMs: 8 * 86_400_000 + 20_000 });
    expect(offsetOf(after)).to.be.closeTo(8 * 86_400_000, 1000);
  });

  it('is 0 before any answer, and reads Google times on the CRM clock', () => {
    expect(offsetOf(null)).to.equal(0);
    expect(marginOf(null)).to.equal(0);
    expect(onCrmClock('2026-12-10T10:00:00.000Z', 8 * 86_400_000)).to.equal('2026-12-02T10:00:00.000Z');
    expect(onCrmClock(null, 5)).to.equal(null);
  });
});
