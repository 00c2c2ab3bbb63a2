import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { connect } from '../../../host/db/connect';
import { knexStores, type Stores } from '../../../src/store';
import { migrateModule } from '../../../src/store/migrate';
import { secretBox, tokenKey } from '../../../src/store/secret-box';
import { announceSkippedEngines, testEngines } from '../../support/engines';

describe('secret box (refresh tokens at rest)', () => {
  it('seals with AES-256-GCM: a fresh IV each time, opened only with the same key, tampering detected', () => {
    const box = secretBox(tokenKey({ GCONTACTS_SECRET: 'one' }, tmpdir()));
    const a = box.seal('1//refresh-token');
    expect(a).to.match(/^v1:/).and.not.include('refresh');
    expect(box.seal('1//refresh-token')).to.not.equal(a);
    expect(box.open(a)).to.equal('1//refresh-token');
    expect(() => secretBox(tokenKey({ GCONTACTS_SECRET: 'two' }, tmpdir())).open(a)).to.throw(/cannot be decrypted/);
    const raw = Buffer.from(a.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).to.throw(/cannot be decrypted/);
  });

  it('without GCONTACTS_SECRET, creates a 0600 key file once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-key-'));
    const key = tokenKey({}, dir);
    expect(key).to.have.length(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).to.equal(0o600);
    expect(tokenKey({}, dir).equals(key)).to.equal(true);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).to.not.equal('');
  });
});

for (const engine of testEngines()) {
  describe(`store repositories [${engine.name}]`, () => {
    let db: Knex;
    let stores: Stores;
    let now = new Date('2026-01-01T10:00:00.000Z');
    before(async () => {
      announceSkippedEngines();
      db = connect(await engine.freshUrl(), mkdtempSync(join(tmpdir(), 'gc-store-')));
      await migrateModule(db);
      stores = knexStores(db, () => now, secretBox(tokenKey({ GCONTACTS_SECRET: 'store-test' }, tmpdir())));
    });
    after(async () => {
      await db.destroy();
      await engine.cleanup();
    });

    it('keeps the refresh token encrypted and returns it only when asked; reconnecting replaces it', async () => {
      const a = await stores.accounts.connect({ email: 'a@example.com', refreshToken: 'token-1', scope: { kind: 'all' } });
      expect(JSON.stringify(a)).to.not.include('token-1');
      expect(String((await db('gcontacts_account').where({ id: a.id }).first<{ refresh_token_enc: unknown }>()).refresh_token_enc)).to.not.include('token-1');
      expect(await stores.accounts.refreshToken(a.id)).to.equal('token-1');
      const again = await stores.accounts.connect({ email: 'a@example.com', refreshToken: 'token-2', scope: { kind: 'salesrep', userId: 7 } });
      expect(again.id).to.equal(a.id);
      expect(again.scope).to.deep.equal({ kind: 'salesrep', userId: 7 });
      expect(await stores.accounts.refreshToken(a.id)).to.equal('token-2');
    });

    it('gives an account lease to one holder at a time, and to another once it expired or was released', async () => {
      const { id } = (await stores.accounts.byEmail('a@example.com'))!;
      const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
      expect(await stores.accounts.acquireLease(id, 'A', later(60_000))).to.equal(true);
      expect(await stores.accounts.acquireLease(id, 'B', later(60_000))).to.equal(false);
      expect(await stores.accounts.acquireLease(id, 'A', later(120_000))).to.equal(true);
      now = new Date(now.getTime() + 121_000);
      expect(await stores.accounts.acquireLease(id, 'B', later(60_000))).to.equal(true);
      await stores.accounts.releaseLease(id, 'B');
      expect(await stores.accounts.acquireLease(id, 'A', later(60_000))).to.equal(true);
      await stores.accounts.releaseLease(id, 'A');
    });

    it('coalesces outbox rows per account and contact, and never clears a row changed since it was read', async () => {
      const { id: accountId } = (await stores.accounts.byEmail('a@example.com'))!;
      await stores.outbox.enqueue([{ accountId, contactId: 1, op: 'change' }, { accountId, contactId: 2, op: 'change' }]);
      await stores.outbox.enqueue([{ accountId, contactId: 1, op: 'delete' }]);
      const rows = await stores.outbox.due(accountId, 10);
      expect(rows.map((r) => [r.contactId, r.op, r.version])).to.deep.equal([[1, 'delete', 1], [2, 'change', 0]]);
      await stores.outbox.enqueue([{ accountId, contactId: 1, op: 'change' }]);
      await stores.outbox.clear(rows);
      const left = await stores.outbox.due(accountId, 10);
      expect(left.map((r) => [r.contactId, r.version])).to.deep.equal([[1, 2]]);
      await stores.outbox.postpone(left, () => new Date(now.getTime() + 60_000).toISOString(), 'Google answered 503');
      expect(await stores.outbox.due(accountId, 10)).to.deep.equal([]);
      const postponed = (await db('gcontacts_outbox').where({ contact_id: 1 }).first<{ attempts: unknown; last_error: unknown } | undefined>())!;
      expect([Number(postponed.attempts), postponed.last_error]).to.deep.equal([1, 'Google answered 503']);
      now = new Date(now.getTime() + 61_000);
      expect((await stores.outbox.due(accountId, 10)).map((r) => r.attempts)).to.deep.equal([1]);
    });

    it('reads sync flags back as booleans, and keeps groups with their adopted mark', async () => {
      await stores.flags.set(5, false, null);
      await stores.flags.set(6, true, 1);
      expect([...(await stores.flags.get([5, 6, 7]))]).to.deep.equal([[5, false], [6, true]]);
      const { id: accountId } = (await stores.accounts.byEmail('a@example.com'))!;
      await stores.groups.save({ accountId, kind: 'salesrep', key: '3', resourceName: 'contactGroups/abc', name: 'CRM/marie', etag: null, adopted: true });
      await stores.groups.save({ accountId, kind: 'salesrep', key: '3', resourceName: 'contactGroups/abc', name: 'CRM/marie.d', etag: 'e2', adopted: true });
      expect(await stores.groups.list(accountId)).to.deep.equal([{ accountId, kind: 'salesrep', key: '3', resourceName: 'contactGroups/abc', name: 'CRM/marie.d', etag: 'e2', adopted: true }]);
    });

    it('records results and clears outbox rows in one transaction: a failure keeps both as they were', async () => {
      const { id: accountId } = (await stores.accounts.byEmail('a@example.com'))!;
      await stores.outbox.enqueue([{ accountId, contactId: 9, op: 'change' }]);
      const rows = await stores.outbox.due(accountId, 10);
      const card = { civility: null, givenName: null, familyName: 'X', emailWork: null, emailHome: null, phoneWork: null, phoneHome: null, phoneMobile: null, fax: null, homeAddress: null, organisation: null, jobTitle: null, birthday: null, note: null };
      try {
        await stores.transaction(async (tx) => {
          await tx.links.saveLinked(accountId, [{ contactId: 9, resourceName: 'people/c9', etag: 'e', clientUid: 'u9', crmHash: 'h', googleHash: 'g', baseCard: card, state: 'linked' }]);
          await tx.outbox.clear(rows.filter((r) => r.contactId === 9));
          throw new Error('crash');
        });
      } catch {
        // expected
      }
      expect((await stores.links.forContacts(accountId, [9])).size).to.equal(0);
      expect((await stores.outbox.due(accountId, 10)).map((r) => r.contactId)).to.include(9);
    });

    it('keeps the later change time of a CRM field, whatever order the times come in', async () => {
      await stores.fieldTimes.record([{ contactId: 41, fields: { note: '2026-01-01T10:05:00.000Z', givenName: '2026-01-01T10:01:00.000Z' } }]);
      await stores.fieldTimes.record([
        { contactId: 41, fields: { note: '2026-01-01T10:02:00.000Z', givenName: '2026-01-01T10:09:00.000Z' } },
        { contactId: 42, fields: {} },
      ]);
      const times = await stores.fieldTimes.forContacts([41, 42]);
      expect(times.get(41)).to.deep.equal({ note: '2026-01-01T10:05:00.000Z', givenName: '2026-01-01T10:09:00.000Z' });
      expect(times.has(42)).to.equal(false);
    });
  });
}
