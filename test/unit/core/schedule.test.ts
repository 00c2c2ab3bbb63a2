import { expect } from 'chai';
import { dailyCron, intervalCron } from '../../../src/core/schedule';
import { isGContactsError } from '../../../src/errors';

describe('core/schedule', () => {
  it('turns an interval in minutes into the nearest cron line', () => {
    expect(intervalCron(1)).to.equal('* * * * *');
    expect(intervalCron(15)).to.equal('*/15 * * * *');
    expect(intervalCron(59)).to.equal('*/59 * * * *');
    expect(intervalCron(60)).to.equal('0 * * * *');
    expect(intervalCron(90)).to.equal('0 */2 * * *');
    expect(intervalCron(120)).to.equal('0 */2 * * *');
    expect(intervalCron(1380)).to.equal('0 */23 * * *');
    expect(intervalCron(1440)).to.equal('0 0 * * *');
  });

  it('turns a daily HH:MM into a cron line (UTC)', () => {
    expect(dailyCron('05:00')).to.equal('0 5 * * *');
    expect(dailyCron('23:59')).to.equal('59 23 * * *');
    expect(dailyCron('00:07')).to.equal('7 0 * * *');
  });

  it('refuses what the settings would never hold', () => {
    for (const bad of [0, 1441, 2.5, NaN]) expect(() => intervalCron(bad)).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
    for (const bad of ['5:00', '24:00', '12:60', '']) expect(() => dailyCron(bad)).to.throw().that.satisfies((e: unknown) => isGContactsError(e, 'BAD_INPUT'));
  });
});
