import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { createContact, push, syncWorld, SYSTEM } from '../sync/helpers';

for (const engine of testEngines()) {
  describe(`vCard backups of deleted Google contacts [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const get = async (path: string, key = 'demo-admin-key') => {
      const res = await fetch(`${world.crm.url}/m/gcontacts/${path}`, { headers: { DOLAPIKEY: key } });
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
    };

    it('lists nothing before the module deleted anything, and says so on the setup page', async () => {
      expect(await world.sync.context.backups.list()).to.deep.equal([]);
      expect((await get('setup')).text).to.include('No backup yet');
    });

    it('keeps one file per account and day for the push, with its count, newest first, private to the server user', async () => {
      const a = await createContact(world, { lastname: 'Backed', email: 'backed@backup.test' });
      const b = await createContact(world, { lastname: 'Up', email: 'up@backup.test' });
      await push(world);
      await world.crm.crm.contacts.remove(SYSTEM, a.id);
      await push(world);
      await world.crm.crm.contacts.remove(SYSTEM, b.id);
      await push(world);
      const list = await world.sync.context.backups.list();
      expect(list).to.have.length(1);
      expect(list[0]!.name).to.match(/^deleted-.+-\d{4}-\d{2}-\d{2}\.vcf$/);
      expect(list[0]!.count).to.equal(2);
      const text = await world.sync.context.backups.read(list[0]!.name);
      expect(text).to.include('backed@backup.test').and.include('up@backup.test');
      expect(statSync(join(world.host.dataDir, 'backups', list[0]!.name)).mode & 0o777).to.equal(0o600);
      expect(statSync(join(world.host.dataDir, 'backups')).mode & 0o777).to.equal(0o700);
    });

    it('shows each backup on the setup page (name, time, count) with a download link an administrator can follow', async () => {
      const [backup] = await world.sync.context.backups.list();
      const page = (await get('setup')).text;
      expect(page).to.include(backup!.name);
      expect(page).to.include(`href="backups/${encodeURIComponent(backup!.name)}"`);
      expect(page).to.match(/<td>2<\/td>/);
      const file = await get(`backups/${encodeURIComponent(backup!.name)}`);
      expect(file.status).to.equal(200);
      expect(file.type).to.match(/^text\/vcard/);
      expect(file.disposition).to.equal(`attachment; filename="${backup!.name}"`);
      expect(file.text).to.include('BEGIN:VCARD').and.include('backed@backup.test');
    });

    it('serves no other file: a path, an encoded path, a name it did not write, a missing backup', async () => {
      // A file beside the backups that a path could try to reach, and one in the directory that is no backup.
      writeFileSync(join(world.host.dataDir, 'backups', 'notes.txt'), 'not a backup');
      for (const name of ['..%2Fsecret.key', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..', 'notes.txt', 'deleted-x%2F..%2F..%2Fsecret.key.vcf', 'deleted-nobody-2026-01-01.vcf']) {
        const res = await get(`backups/${name}`);
        expect(res.status, name).to.equal(404);
        expect(res.text, name).to.not.include('not a backup');
      }
      expect(await world.sync.context.backups.read('../secret.key')).to.equal(null);
      expect((await world.sync.context.backups.list()).map((b) => b.name)).to.not.include('notes.txt');
    });

    it('is for administrators of the module only', async () => {
      const [backup] = await world.sync.context.backups.list();
      const rep = await world.crm.crm.users.create({ login: 'backup-rep', password: 'secret1' });
      await world.crm.crm.users.setRights(rep.id, ['gcontacts.read', 'gcontacts.sync', 'gcontacts.import']);
      const key = await world.crm.crm.users.newApiKey(rep.id);
      const res = await get(`backups/${encodeURIComponent(backup!.name)}`, key);
      expect(res.status).to.equal(403);
      expect(res.text).to.not.include('BEGIN:VCARD');
    });

    it('lists Cleanup backups beside the push ones, in the reader\'s language on the page', async () => {
      await createContact(world, { lastname: 'Cleaned', email: 'cleaned@backup.test' });
      await push(world);
      await world.sync.cleanup({ trigger: 'test', waitForLease: true });
      const list = await world.sync.context.backups.list();
      expect(list.map((b) => b.name.split('-')[0]).sort()).to.deep.equal(['cleanup', 'deleted']);
      const fr = await world.crm.crm.users.create({ login: 'backup-fr', password: 'secret1', lang: 'fr_FR' });
      await world.crm.crm.users.setRights(fr.id, ['gcontacts.admin']);
      const page = (await get('setup', await world.crm.crm.users.newApiKey(fr.id))).text;
      expect(page).to.include('Sauvegardes des contacts Google supprimés').and.include('Télécharger');
    });
  });
}
