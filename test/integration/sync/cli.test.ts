import { expect } from 'chai';
import { runCli } from '../../../src/cli';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { uniqueEmail } from '../../sandbox/helpers';
import { createContact, runWorldCli, syncWorld } from './helpers';

for (const engine of testEngines()) {
  describe(`gcontacts CLI [${engine.name}]`, function () {
    this.timeout(30_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const cli = (...argv: string[]) => runWorldCli(world, ...argv);

    it('connects a sandbox account without a browser, as a sales rep account too, and lists them', async () => {
      const email = uniqueEmail('cli');
      expect(await cli('accounts', 'connect', email)).to.deep.equal({ code: 0, lines: [`Connected ${email} (scope: all). Send the CRM's contacts with: npm run gcontacts -- export`] });
      const rep = await world.crm.crm.users.create({ login: 'cli.rep', password: 'secret-password' });
      expect((await cli('accounts', 'connect', uniqueEmail('clirep'), '--scope', 'salesrep', '--rep', 'cli.rep')).code).to.equal(0);
      const { lines } = await cli('accounts', 'list');
      expect(lines.some((l) => l.includes(email) && l.includes('scope: all') && l.includes('status: active'))).to.equal(true);
      expect(lines.some((l) => l.includes(`salesrep #${rep.id}`))).to.equal(true);
      expect((await cli('accounts', 'connect', uniqueEmail('x'), '--scope', 'salesrep', '--rep', 'nobody')).lines[0]).to.equal('Error: No CRM user has the login nobody.');
    });

    it('push, export and cleanup print a progress line and a summary per account', async () => {
      await createContact(world, { lastname: 'Cli' });
      const pushed = await cli('push');
      expect(pushed.code).to.equal(0);
      expect(pushed.lines.some((l) => /^push .+: \d+\/\d+$/.test(l))).to.equal(true);
      expect(pushed.lines.some((l) => l.startsWith(`push ${world.account.email}: done — `) && l.includes('created 1'))).to.equal(true);
      const exported = await cli('export');
      expect(exported.lines.some((l) => l.startsWith(`export ${world.account.email}: done — `) && l.includes('unchanged'))).to.equal(true);
      const runs = await cli('runs');
      expect(runs.lines[0]).to.match(/^#\d+ export \(cli\) done /);
      expect(runs.lines.some((l) => / push \(cli\) done .*created 1/.test(l))).to.equal(true);
      const cleaned = await cli('cleanup');
      expect(cleaned.code).to.equal(0);
      expect(cleaned.lines.some((l) => l.startsWith('Backup of the deleted Google contacts: '))).to.equal(true);
    });

    it('against the real Google, prints the consent address to open, coming back to this CRM', async () => {
      const realGoogle = { ...world.host, env: { GOOGLE_CLIENT_ID: 'client.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'secret', GCONTACTS_SECRET: 'test', PUBLIC_URL: 'https://crm.example.com' } };
      const lines: string[] = [];
      expect(await runCli(realGoogle, ['accounts', 'connect', 'boss@example.com'], { out: (line) => lines.push(line), locale: 'en_US' })).to.equal(0);
      const url = new URL(lines[0]!.split('\n')[1]!);
      expect(url.origin + url.pathname).to.equal('https://accounts.google.com/o/oauth2/v2/auth');
      expect(url.searchParams.get('redirect_uri')).to.equal('https://crm.example.com/m/gcontacts/oauth2/callback');
      expect(url.searchParams.get('access_type')).to.equal('offline');
      expect(url.searchParams.get('login_hint')).to.equal('boss@example.com');
    });

    it('explains its usage on an unknown command (exit code 2)', async () => {
      const { code, lines } = await cli('frobnicate');
      expect(code).to.equal(2);
      expect(lines[0]).to.match(/^Unknown command: frobnicate\nUsage: npm run gcontacts/);
    });
  });
}
