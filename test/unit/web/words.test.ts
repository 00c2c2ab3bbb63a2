import { expect } from 'chai';
import { ago, countLines, utc } from '../../../src/web/words';
import { duration } from '../../../src/web/run-view';

const WORDS: Record<string, string> = {
  'runs.count.created': '{n} created',
  'runs.count.other': '{n} other changes',
  'time.just_now': 'just now',
  'time.minutes_ago': '{n} min ago',
  'time.hours_ago': '{n} h ago',
  'time.utc': '{time} UTC',
  'time.seconds': '{n} s',
  'time.minutes_seconds': '{m} min {s} s',
  'time.hours_minutes': '{h} h {m} min',
};
const t = (key: string, params: Record<string, string | number> = {}) => (WORDS[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(params[n]));

describe('Words for codes', () => {
  it('says each count as a sentence, leaves zeros and request counts out, and never shows an unknown code', () => {
    expect(countLines({ created: 3, updated: 0, requests: 9, 'brand-new-outcome': 2, another: 1 }, t)).to.deep.equal(['3 created', '3 other changes']);
  });

  it('says recent times relatively and older ones in UTC', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(ago('2026-12-02T09:59:30Z', now, t)).to.equal('just now');
    expect(ago('2026-12-02T09:57:00Z', now, t)).to.equal('3 min ago');
    expect(ago('2026-12-02T07:00:00Z', now, t)).to.equal('3 h ago');
    expect(ago('2026-11-30T08:05:09Z', now, t)).to.equal('2026-11-30 08:05 UTC');
    expect(utc('2026-11-30T08:05:09.123Z', t)).to.equal('2026-11-30 08:05 UTC');
  });

  it('says how long a run took', () => {
    expect(duration(42, t)).to.equal('42 s');
    expect(duration(65, t)).to.equal('1 min 5 s');
    expect(duration(3 * 3600 + 120, t)).to.equal('3 h 2 min');
  });
});
