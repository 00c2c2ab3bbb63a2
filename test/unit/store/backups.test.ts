import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { backupStore } from '../../../src/store/backups';

const card = (name: string) => `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:${name}\r\nEND:VCARD\r\n`;

describe('store/backups', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'gc-backups-'));

  it('has no backup before the first delete, even without its directory', async () => {
    expect(await backupStore(dataDir()).list()).to.deep.equal([]);
  });

  it("gathers a day's push deletes of an account in one file, and keeps one file per Cleanup run", async () => {
    const store = backupStore(dataDir());
    const day = new Date('2026-12-02T10:00:00.000Z');
    const a = await store.save('deleted', 'rep@example.com', card('A'), day);
    const b = await store.save('deleted', 'rep@example.com', card('B') + card('C'), new Date('2026-12-02T11:00:00.000Z'));
    expect(b).to.equal(a);
    await store.save('deleted', 'rep@example.com', card('D'), new Date('2026-12-03T09:00:00.000Z'));
    await store.save('cleanup', 'rep@example.com', card('E'), day);
    const list = await store.list();
    expect(list.map((b) => [b.name, b.count]).sort()).to.deep.equal([
      ['cleanup-rep@example.com-2026-12-02T10-00-00-000Z.vcf', 1],
      ['deleted-rep@example.com-2026-12-02.vcf', 3],
      ['deleted-rep@example.com-2026-12-03.vcf', 1],
    ]);
    expect(await store.read('deleted-rep@example.com-2026-12-02.vcf')).to.equal(card('A') + card('B') + card('C'));
  });

  it('makes an account email safe in a file name', async () => {
    const store = backupStore(dataDir());
    const file = await store.save('deleted', 'a/../../b c@example.com', card('A'), new Date('2026-12-02T10:00:00.000Z'));
    expect(file.endsWith('/backups/deleted-a_.._.._b_c@example.com-2026-12-02.vcf')).to.equal(true);
  });

  it('reads only names it writes: no path, no other file of the directory', async () => {
    const dir = dataDir();
    const store = backupStore(dir);
    await store.save('deleted', 'rep@example.com', card('A'), new Date('2026-12-02T10:00:00.000Z'));
    writeFileSync(join(dir, 'backups', 'notes.vcf'), card('not a backup'));
    writeFileSync(join(dir, 'secret.key'), 'key');
    for (const name of ['../secret.key', 'notes.vcf', 'deleted-../../secret.key', 'deleted-x/../../secret.key.vcf', '', 'deleted-nobody.vcf']) {
      expect(await store.read(name), name).to.equal(null);
    }
    expect((await store.list()).map((b) => b.name)).to.deep.equal(['deleted-rep@example.com-2026-12-02.vcf']);
  });
});
