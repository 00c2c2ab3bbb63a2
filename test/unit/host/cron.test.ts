import { expect } from 'chai';
import { matches, nextRun, parseCron } from '../../../host/services/cron';

describe('cron schedules', () => {
  const at = (iso: string) => new Date(iso);

  it('runs every 15 minutes on the quarter hours', () => {
    const spec = parseCron('*/15 * * * *');
    expect(nextRun(spec, at('2026-11-21T10:07:30Z')).toISOString()).to.equal('2026-11-21T10:15:00.000Z');
    expect(nextRun(spec, at('2026-11-21T10:15:00Z')).toISOString()).to.equal('2026-11-21T10:30:00.000Z');
  });

  it('runs daily at 05:00 UTC, the next day once passed', () => {
    const spec = parseCron('0 5 * * *');
    expect(nextRun(spec, at('2026-11-21T04:59:59Z')).toISOString()).to.equal('2026-11-21T05:00:00.000Z');
    expect(nextRun(spec, at('2026-11-21T05:00:00Z')).toISOString()).to.equal('2026-11-22T05:00:00.000Z');
  });

  it('understands lists, ranges and steps in ranges', () => {
    const spec = parseCron('0,30 8-18/2 * * 1-5');
    expect(matches(spec, at('2026-11-23T08:30:00Z'))).to.equal(true); // Monday
    expect(matches(spec, at('2026-11-23T09:30:00Z'))).to.equal(false); // odd hour
    expect(matches(spec, at('2026-11-22T08:30:00Z'))).to.equal(false); // Sunday
  });

  it('treats restricted day-of-month and day-of-week as either one, like cron', () => {
    const spec = parseCron('0 0 1 * 0');
    expect(matches(spec, at('2026-12-01T00:00:00Z'))).to.equal(true); // the 1st, a Tuesday
    expect(matches(spec, at('2026-11-22T00:00:00Z'))).to.equal(true); // a Sunday
    expect(matches(spec, at('2026-11-24T00:00:00Z'))).to.equal(false);
  });

  it('refuses malformed expressions with a clear error', () => {
    for (const bad of ['* * * *', '60 * * * *', '*/0 * * * *', 'a b c d e', '5-1 * * * *']) {
      expect(() => parseCron(bad), bad).to.throw(/bad_cron/);
    }
  });
});
