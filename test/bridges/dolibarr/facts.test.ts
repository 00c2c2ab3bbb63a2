/**
 * One unit test per fact of FACTS.md the bridge must handle, on the captured fixtures themselves: the pure parts
 * of the bridge (mapping, deliveries, visibility, rights, hashes) and, where a fact is about answers, the REST
 * client against the fake Dolibarr.
 */
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import knex, { type Knex } from 'knex';
import { DolibarrApi, DolibarrError } from '../../../bridges/dolibarr/api';
import { CALLER } from '../../../bridges/dolibarr/directory';
import { parseDelivery } from '../../../bridges/dolibarr/inbox';
import { contactFromDolibarr, contactToDolibarr, contentHash, epochToDate, flagOf, idOf, restorePhone, sqlTime, thirdPartyFromDolibarr, userFromDolibarr } from '../../../bridges/dolibarr/mapping';
import { rightsFrom } from '../../../bridges/dolibarr/rights';
import { SalesRepTable } from '../../../bridges/dolibarr/salesreps';
import { migrateBridge } from '../../../bridges/dolibarr/state';
import { canSee } from '../../../bridges/dolibarr/visibility';
import type { CrmUser } from '../../../src/host-contract';
import { fixture, startFakeDolibarr, type FakeDolibarr } from '../../support/fake-dolibarr';

type Obj = Record<string, unknown>;
const body = (name: string) => (fixture(name).response as Obj).body as Obj;
const hook = (name: string, i = 0) => ((fixture(name).webhooks as Obj[])[i]!.request as Obj).body as Obj;
const contactAt = (name: string) => ({ ...contactFromDolibarr(body(name)), updatedAt: '', version: 1 });
const marie: CrmUser = { id: 2, login: 'marie', firstname: 'Marie', lastname: 'Dupont', email: null, admin: false, active: true };

describe('Dolibarr bridge: one test per fact of FACTS.md', () => {
  it('§1 no readable modification time: t.tms is filtered as text in MariaDB’s time zone, from the bridge’s clock', () => {
    expect(body('contacts-get-admin')).to.include({ date_modification: '', tms: null });
    const t0 = new Date('2026-12-02T02:51:21Z');
    expect(sqlTime(t0, 'UTC')).to.equal('2026-12-02 02:51:21');
    expect(sqlTime(t0, 'Europe/Paris')).to.equal('2026-12-02 03:51:21');
    expect(decodeURIComponent((fixture('contacts-list-sqlfilters-tms').request as Obj).path as string)).to.include(`(t.tms:>:'${sqlTime(t0, 'UTC')}')`);
  });

  it('§2 priv is ignored by the API: the bridge reads it and shows a private contact to its creator only', () => {
    const eleven = contactAt('contacts-get-private-other-as-rep'); // james's private contact, read by marie: 200
    expect(eleven.private).to.equal(true);
    expect(canSee({ user: marie, seesAll: false, thirdParties: [1, 3] }, eleven)).to.equal(false);
    const eighteen = contactAt('contacts-get-private-nocompany-other-rep'); // marie's, read by james: 200
    expect(canSee({ user: marie, seesAll: false, thirdParties: [] }, eighteen)).to.equal(true);
    expect(canSee({ user: { ...marie, id: 3, login: 'james' }, seesAll: false, thirdParties: [2, 3, 5] }, eighteen)).to.equal(false);
    expect(canSee({ user: { ...marie, id: 1, admin: true }, seesAll: true, thirdParties: [] }, eighteen)).to.equal(false);
  });

  it('§3 rep scoping leaks (thirdparty_ids=, company-less contacts): the bridge applies the rep’s third parties', () => {
    const rows = body('contacts-list-marie-other-thirdparty') as unknown as Obj[]; // Bäckerei's contacts, listed to marie
    const viewer = { user: marie, seesAll: false, thirdParties: [1, 3] };
    for (const row of rows) expect(canSee(viewer, { ...contactFromDolibarr(row), updatedAt: '', version: 1 })).to.equal(false);
    const own = contactAt('contacts-get-rep-own-nocompany');
    expect(canSee(viewer, own)).to.equal(true);
    expect(canSee(viewer, { ...own, createdBy: 3 })).to.equal(false);
  });

  it('§4 webhooks fire inside the transaction: the delivery carries only what the bridge needs to read back', () => {
    expect(((fixture('contacts-post').webhooks as Obj[])[0]!.probe_during_hook as Obj).status).to.equal(404);
    expect(parseDelivery(hook('contacts-post'))).to.deep.equal({ trigger: 'CONTACT_CREATE', id: 21, caller: null, userId: null });
    expect(parseDelivery(hook('thirdparties-post'))).to.equal(null); // COMPANY_CREATE: not a trigger to tick
    expect(parseDelivery({ triggercode: 'CONTACT_MODIFY', object: { id: 'abc' } })).to.equal(null);
  });

  it('§5 payloads: int ids on CREATE/MODIFY, strings on DELETE/LINK, socid over a stale fk_soc', () => {
    expect(parseDelivery(hook('contacts-delete'))).to.include({ trigger: 'CONTACT_DELETE', id: 21 });
    expect(parseDelivery(hook('representative-add'))).to.include({ trigger: 'COMPANY_LINK_SALE_REPRESENTATIVE', id: 4, userId: 2 });
    expect(parseDelivery(hook('web-salesreps-set', 1))).to.include({ id: 4, userId: 3 });
    const moved = hook('contacts-put-move-company').object as Obj;
    expect([moved.socid, moved.fk_soc]).to.deep.equal(['3', '1']);
    expect(contactFromDolibarr(moved).thirdPartyId).to.equal(3);
    expect(contactFromDolibarr((hook('web-contact-create').object as Obj)).thirdPartyId).to.equal(1); // fk_soc null on CREATE
  });

  it('§6 loop detection: the caller marker goes out in POST/PUT bodies and comes back as context.caller', () => {
    expect(contactToDolibarr({ phoneMobile: '+33 6 12' }, CALLER)).to.deep.equal({ phone_mobile: '+33 6 12', caller: CALLER });
    expect(parseDelivery(hook('contacts-put-caller'))?.caller).to.equal('bridge');
    expect(parseDelivery(hook('contacts-post-caller-private'))?.caller).to.equal('bridge');
  });

  it('§7 a no-op PUT still fires CONTACT_MODIFY: the content hash does not move, so nothing is sent', () => {
    const before = contactFromDolibarr(body('contacts-put-priv')); // priv=1, then the same PUT again
    const after = contactFromDolibarr(body('contacts-put-noop'));
    expect(contentHash(after)).to.equal(contentHash(before));
    expect(contentHash({ ...after, phoneMobile: '+49 1' })).to.not.equal(contentHash(after));
  });

  describe('§8 sales reps: membership kept by the bridge (the representatives route is a 404)', () => {
    let db: Knex;
    before(async () => {
      db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
      await migrateBridge(db);
    });
    after(() => db.destroy());

    it('a LINK that changes nothing (fired on no-ops) reports no change; UNLINK removes', async () => {
      expect((fixture('thirdparties-representatives').response as Obj).status).to.equal(404);
      const reps = new SalesRepTable(db);
      expect(await reps.set(4, 2, true)).to.deep.equal({ before: [], after: [2] });
      expect(await reps.set(4, 2, true)).to.deep.equal({ before: [2], after: [2] });
      expect(await reps.set(4, 2, false)).to.deep.equal({ before: [2], after: [] });
    });

    it('a rep’s own /thirdparties listing replaces their membership and names the third parties that changed', async () => {
      const reps = new SalesRepTable(db);
      const listed = (body('thirdparties-list-marie') as unknown as Obj[]).map((t) => idOf(t.id)!);
      expect(await reps.replaceFor(2, listed)).to.deep.equal([1, 3]);
      expect(await reps.replaceFor(2, [...listed, 4])).to.deep.equal([4]);
      expect(await reps.thirdPartiesOf(2)).to.deep.equal([1, 3, 4]);
    });
  });

  it('§10 shapes: string ids and flags, "" for nothing, epoch dates, users and third parties', () => {
    const types = body('dates-and-types');
    expect([idOf(types.id), idOf(types.socid), flagOf(types.priv), flagOf(types.statut), idOf(''), idOf('0'), idOf(null)]).to.deep.equal([2, 1, false, true, null, null, null]);
    const c = contactAt('contacts-get-admin');
    expect(c).to.include({ id: 1, thirdPartyId: 1, lastname: 'Müller', phoneWork: '+49 30 1234567', phoneHome: null, birthday: null, createdBy: 2, status: 1 });
    expect(c.createdAt).to.equal('2026-12-02T02:51:15.000Z');
    expect(thirdPartyFromDolibarr(body('thirdparties-get-admin'))).to.include({ id: 1, name: 'Acme GmbH', client: true, prospect: false, supplier: false, country: 'DE' });
    expect(userFromDolibarr((body('users-list-admin') as unknown as Obj[])[1]!)).to.deep.equal({ id: 2, login: 'marie', firstname: 'Marie', lastname: 'Dupont', email: 'marie@bridge-lab.example', admin: false, active: true });
  });

  it('§10 epoch dates are off by the server’s time zone: a birthday reads back as the same day from any server', () => {
    const tz = fixture('timezone-php-europe-paris').read_back as Record<string, number>;
    expect(tz.new_contact_date_creation_via_utc_server! - tz.new_contact_date_creation_via_paris_server!).to.equal(3600);
    // Midnight of 1990-05-17 stored by a Paris server, read by a UTC one, and the other way round.
    expect(epochToDate(Date.parse('1990-05-16T22:00:00Z') / 1000)).to.equal('1990-05-17');
    expect(epochToDate(Date.parse('1990-05-17T00:00:00Z') / 1000)).to.equal('1990-05-17');
    expect(epochToDate(Date.parse('1990-05-17T05:00:00Z') / 1000)).to.equal('1990-05-17');
    expect(contactToDolibarr({ birthday: '1990-05-17' }, CALLER).birthday).to.equal(Date.parse('1990-05-17T12:00:00Z') / 1000);
  });

  it('§10 third-party phones lose spaces and dots: the text the bridge wrote stands, so diffs do not churn', () => {
    const hookPhone = (hook('thirdparties-put').object as Obj).phone as string;
    expect(hookPhone).to.equal('+49309999999');
    expect(restorePhone(hookPhone, '+49 30 9999999')).to.equal('+49 30 9999999');
    expect(restorePhone(hookPhone, '+49 30 1111111')).to.equal('+49309999999');
    expect(restorePhone(hookPhone, null)).to.equal('+49309999999');
  });

  it('module rights come from Dolibarr permissions, admin status and groups named like the right', () => {
    const perms = body('users-info-rep-perms').rights as Record<string, Record<string, unknown>>;
    expect([...rightsFrom(false, perms, [])].sort()).to.deep.equal(['gcontacts.import', 'gcontacts.read', 'gcontacts.sync']);
    expect([...rightsFrom(false, {}, ['gcontacts.admin', 'Sales'])]).to.deep.equal(['gcontacts.admin']);
    expect(rightsFrom(true, {}, []).has('gcontacts.admin')).to.equal(true);
    expect(rightsFrom(false, {}, []).size).to.equal(0);
  });

  describe('§10 errors, through the REST client against the fake Dolibarr', () => {
    let fake: FakeDolibarr;
    before(async () => (fake = await startFakeDolibarr()));
    after(() => fake.close());

    it('401 for a bad key, 403 without rights, 404 as null on find, and a 503 never leaks its SQL', async () => {
      const as = (key: string) => new DolibarrApi({ url: fake.url, apiKey: key });
      const refused = await as('not-a-key').get('/contacts').catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(DolibarrError).and.include({ code: 'UNAUTHENTICATED', httpStatus: 401 });
      expect(await as('dolibarr-lucas-key').get('/contacts').catch((e: DolibarrError) => e.code)).to.equal('FORBIDDEN');
      expect(await as('dolibarr-admin-key').find('/contacts/99999')).to.equal(null);
      const leak = (await as('dolibarr-admin-key').get('/contacts', { sqlfilters: "(t.nosuch:=:'x')" }).catch((e: unknown) => e)) as DolibarrError;
      expect(leak.httpStatus).to.equal(503);
      expect(leak.message).to.not.match(/SELECT|llx_/);
    });

    it('a read whose connection drops without an answer is tried again; a write is not', async () => {
      let calls = 0;
      const flaky = createServer((req, res) => {
        calls++;
        if (calls === 1) return req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
      });
      await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
      const { port } = flaky.address() as AddressInfo;
      try {
        const api = new DolibarrApi({ url: `http://127.0.0.1:${port}/api/index.php`, apiKey: 'k' });
        expect(await api.get('/contacts/1')).to.deep.equal({ id: '1' });
        calls = 0;
        expect(await api.put('/contacts/1', {}).catch((e: DolibarrError) => e.httpStatus)).to.equal(0);
        expect(calls).to.equal(1);
      } finally {
        flaky.closeAllConnections();
        await new Promise<void>((resolve) => flaky.close(() => resolve()));
      }
    });

    it('pages are 0-based and a page past the end is an empty list', async () => {
      const all = await new DolibarrApi({ url: fake.url, apiKey: 'dolibarr-admin-key' }).all<Obj>('/contacts', { properties: 'id' }, 7);
      expect(all.map((o) => Number(o.id))).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });
});
