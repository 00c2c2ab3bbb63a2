import { expect } from 'chai';
import { retryDelay } from '../../../src/core/backoff';

const options = { baseMs: 1000, maxMs: 60_000 };

describe('core/backoff', () => {
  it('doubles the window with each attempt, between half and all of it', () => {
    expect(retryDelay(1, 0, options)).to.equal(500);
    expect(retryDelay(1, 0.999999, options)).to.equal(1000);
    expect(retryDelay(3, 0, options)).to.equal(2000);
    expect(retryDelay(3, 0.5, options)).to.equal(3000);
  });

  it('never waits longer than the maximum, however many attempts', () => {
    expect(retryDelay(40, 0.99, options)).to.be.within(30_000, 60_000);
    expect(retryDelay(40, 0.99, options, 3_600_000)).to.equal(60_000);
  });

  it("honours Google's Retry-After when it asks for longer", () => {
    expect(retryDelay(1, 0, options, 7000)).to.equal(7000);
    expect(retryDelay(5, 0, options, 100)).to.equal(8000);
  });
});
