import { expect } from 'chai';
import { SANDBOX_CLIENT_ID } from '../../../src/sandbox/index';
import { completeSandboxConsent, parseForms } from '../../../src/google/sandbox-consent';
import { failsWith, googleHarness, uniqueEmail } from './helpers';

describe('google: browserless sandbox consent', function () {
  const h = googleHarness(this);
  const authUrl = (params: Record<string, string>) => `${h.endpoints.authUrl}?${new URLSearchParams({
    client_id: SANDBOX_CLIENT_ID, redirect_uri: 'http://127.0.0.1/cb', response_type: 'code', scope: 'openid email', state: 'st', ...params,
  })}`;

  it('parses forms like a browser: any attribute order, either quote, entities decoded, no name no field', () => {
    const forms = parseForms(`<form class="x" action='/a?b=1&amp;c=2' method="POST"><input value="&quot;x&quot; &#38; &#x3C;" name="v" type="hidden">` +
      `<input type="submit"><input name="empty"></form><form action="/get"><input name="q" value="1"></form>`);
    expect(forms).to.have.length(2);
    expect(forms[0]).to.deep.include({ action: '/a?b=1&c=2', method: 'post' });
    expect([...forms[0]!.fields]).to.deep.equal([['v', '"x" & <'], ['empty', '']]);
    expect(forms[1]).to.deep.include({ action: '/get', method: 'get' });
  });

  it('signs a new account in through "use another account" and an existing one through its own entry', async () => {
    for (const known of [false, true]) {
      const email = uniqueEmail(known ? 'known' : 'new');
      if (known) h.sandbox.control.createAccount(email);
      const back = await completeSandboxConsent(authUrl({ access_type: 'offline' }), email);
      expect(back.origin + back.pathname).to.equal('http://127.0.0.1/cb');
      expect(back.searchParams.get('state')).to.equal('st');
      expect(back.searchParams.get('code')).to.be.a('string');
    }
  });

  it('reports the sandbox\'s error page as GOOGLE_AUTH', async () => {
    const e = await failsWith(completeSandboxConsent(authUrl({ client_id: 'someone-else' }), uniqueEmail()), 'GOOGLE_AUTH');
    expect(e.details).to.deep.include({ status: 401 });
  });
});
