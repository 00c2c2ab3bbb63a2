/** The sandbox's HTML pages (phone view, consent) show Google data, which is hostile input: all of it escaped. */
import { expect } from 'chai';
import { SANDBOX_CLIENT_ID } from '../../src/sandbox/index';
import { harness, uniqueEmail } from './helpers';

const XSS = '<img src=x onerror=alert(1)>';
const QUOTE = '"><script>alert(2)</script>';

describe('sandbox: hostile data on its HTML pages', function () {
  const h = harness(this);

  it('escapes names, phones, emails, notes, job titles and label names on the phone list and edit pages', async () => {
    const email = uniqueEmail('hostile');
    const api = h.people(email);
    const { data: label } = await api.contactGroups.create({ requestBody: { contactGroup: { name: XSS } } });
    const { data: person } = await api.people.createContact({
      personFields: 'names',
      requestBody: {
        names: [{ givenName: XSS, familyName: QUOTE }],
        emailAddresses: [{ value: `x${QUOTE}@example.com` }],
        organizations: [{ name: XSS, title: QUOTE }],
        biographies: [{ value: `</textarea>${XSS}` }],
        memberships: [{ contactGroupMembership: { contactGroupResourceName: label.resourceName! } }],
      },
    });
    const base = `${h.sandbox.url}/phone/${encodeURIComponent(email)}`;
    const pages = [
      await (await fetch(base)).text(),
      await (await fetch(`${base}?group=${encodeURIComponent(label.resourceName!)}`)).text(),
      await (await fetch(`${base}/c/${person.resourceName!.slice('people/'.length)}`)).text(),
      await (await fetch(`${h.sandbox.url}/phone`)).text(),
    ];
    for (const html of pages) {
      expect(html).to.not.include('<img src=x').and.not.include('<script>alert').and.not.include('</textarea><img');
    }
    expect(pages[0]).to.include('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes what the authorisation request carries on the chooser, consent and error pages', async () => {
    const clientId = SANDBOX_CLIENT_ID;
    const q = (extra: Record<string, string>) => new URLSearchParams({
      client_id: clientId, redirect_uri: 'http://127.0.0.1:9/cb', response_type: 'code', scope: `email ${XSS}`, state: QUOTE, login_hint: QUOTE, ...extra,
    });
    const chooser = await (await fetch(`${h.sandbox.url}/o/oauth2/v2/auth?${q({})}`)).text();
    const bad = await (await fetch(`${h.sandbox.url}/o/oauth2/v2/auth?${q({ response_type: XSS })}`)).text();
    const consent = await (await fetch(`${h.sandbox.url}/o/oauth2/v2/auth/choose`, { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(q({})), email: uniqueEmail('consent') }) })).text();
    for (const html of [chooser, bad, consent]) {
      expect(html).to.not.include('<img src=x').and.not.include('<script>alert');
    }
    expect(consent).to.include('&lt;img src=x onerror=alert(1)&gt;');
  });
});
