import { expect } from 'chai';
import { createLog } from '../../../host/log';

/** A destination that keeps what pino writes, one JSON line per entry. */
function capture(): { write(line: string): void; entries(): Record<string, unknown>[]; text(): string } {
  const lines: string[] = [];
  return {
    write: (line) => void lines.push(line),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => lines.join(''),
  };
}

describe('host log (pino)', () => {
  it('writes one structured line per entry: level, time, scope, message, fields', () => {
    const out = capture();
    createLog('crm', 'info', out).info('contact saved', { contactId: 7 });
    const [entry] = out.entries();
    expect(entry).to.include({ level: 'info', scope: 'crm', msg: 'contact saved', contactId: 7 });
    expect(new Date(entry!.time as string).toISOString()).to.equal(entry!.time);
  });

  it('keeps the entries below its level out', () => {
    const out = capture();
    const log = createLog('scheduler', 'warn', out);
    log.debug('tick');
    log.info('ran');
    log.warn('late');
    log.error('failed');
    expect(out.entries().map((e) => e.level)).to.deep.equal(['warn', 'error']);
  });

  it('redacts tokens, API keys, passwords and authorisation headers, at any depth and in text', () => {
    const out = capture();
    createLog('gcontacts', 'debug', out).error('refresh failed with Bearer ya29.access-1234', {
      refreshToken: '1//refresh-abcd',
      refresh_token: '1//refresh-efgh',
      account: { email: 'a@b.example', credentials: { access_token: 'ya29.x' } },
      request: { headers: { Authorization: 'Bearer ya29.zzzz', DOLAPIKEY: 'key-9876', cookie: 'sid=s%3Aabc' } },
      password: 'hunter2',
      apiKey: 'key-5432',
      error: new Error('invalid_grant: refresh_token=1//refresh-ijkl'),
      url: 'https://crm.example/m/gcontacts/oauth2/callback?code=4/code-mnop&state=s',
      count: 3,
    });
    const text = out.text();
    for (const secret of ['ya29', 'refresh-', 'key-9876', 'key-5432', 'hunter2', 'sid=', 'code-mnop']) {
      expect(text, secret).to.not.include(secret);
    }
    const [entry] = out.entries();
    expect(entry).to.include({ count: 3, password: '[redacted]', msg: 'refresh failed with Bearer [redacted]' });
    expect(entry!.account).to.deep.equal({ email: 'a@b.example', credentials: '[redacted]' });
    expect((entry!.error as { message: string }).message).to.equal('invalid_grant: refresh_token=[redacted]');
  });
});
