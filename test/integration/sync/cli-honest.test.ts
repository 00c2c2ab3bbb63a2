/**
 * Honest commands: a bad option is a usage error (exit 2, never a stack trace), a manual push retries what waits and
 * says what still cannot go, and a code typed into `accounts connect` must come back with the state this CRM issued.
 */
import { expect } from 'chai';
import { runCli } from '../../../src/cli';
import { oauthClientConfig } from '../../../src/google/endpoints';
import { createGoogleOAuth } from '../../../src/google/oauth';
import { completeSandboxConsent } from '../../../src/google/sandbox-consent';
import { redirectUri } from '../../../src/sync/accounts';
import { announceSkippedEngines, testEngines } from '../../support/engines';
import { uniqueEmail } from '../../sandbox/helpers';
import { runCliProcess } from '../../support/server-process';
import { createContact, googleContacts, runWorldCli, syncWorld, worldCliEnv } from './helpers';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

for (const engine of testEngines()) {
  describe(`gcontacts CLI, honest answers [${engine.name}]`, function () {
    this.timeout(60_000);
    before(announceSkippedEngines);
    const world = syncWorld(engine);
    const cli = (...argv: string[]) => runWorldCli(world, ...argv);
    afterEach(() => world.sandbox.control.clearFaults());

    describe('options', () => {
      const cases: Array<[string[], string]> = [
        [['push', '--frobnicate'], 'push: unknown option --frobnicate.'],
        [['runs', '--json'], 'runs: unknown option --json.'],
        [['accounts', 'list', '--x'], 'accounts: unknown option --x.'],
        [['export', '--full'], 'export: unknown option --full.'],
        [['cleanup', '-y'], 'cleanup: unknown option -y.'],
        [['check', '--account'], 'check: option --account needs a value.'],
        [['check', '--json=yes'], 'check: option --json takes no value.'],
        [['sync', '--contact'], 'sync: option --contact needs a value.'],
        [['sync', '--frobnicate'], 'sync: unknown option --frobnicate.'],
        [['conflicts', '--json'], 'conflicts: unknown option --json.'],
        [['confirm', '1', '--force'], 'confirm: unknown option --force.'],
        [['accounts', 'connect', 'a@example.com', '--code'], 'accounts: option --code needs a value.'],
        [['accounts', 'connect', 'a@example.com', '--scope', 'all', '--json'], 'accounts: unknown option --json.'],
      ];
      for (const [argv, problem] of cases) {
        it(`answers "${argv.join(' ')}" with what is wrong, the command's usage and exit code 2`, async () => {
          const { code, lines } = await cli(...argv);
          expect(code).to.equal(2);
          expect(lines).to.have.length(1);
          const [first, header, ...usage] = lines[0]!.split('\n');
          expect(first).to.equal(problem);
          expect(header).to.equal('Usage: npm run gcontacts -- <command>');
          expect(usage.length).to.be.greaterThan(0);
          for (const line of usage) expect(line.trim().split(' ')[0]).to.equal(argv[0]);
        });
      }

      it('answers a missing or extra word with the usage of that command (exit code 2)', async () => {
        for (const argv of [['accounts', 'connect'], ['push', 'now'], ['runs', 'all'], ['accounts', 'list', 'all'], ['check', 'x']]) {
          const { code, lines } = await cli(...argv);
          expect(code, argv.join(' ')).to.equal(2);
          expect(lines.join('\n'), argv.join(' ')).to.include(`  ${argv[0]}`);
        }
      });

      it('as a process: push --frobnicate, runs --json and accounts list --x print the usage and exit 2, no stack trace', async function () {
        this.timeout(120_000);
        for (const argv of [['push', '--frobnicate'], ['runs', '--json'], ['accounts', 'list', '--x']]) {
          const { code, out } = await runCliProcess(worldCliEnv(world), ...argv);
          expect(code, `${argv.join(' ')}: ${out}`).to.equal(2);
          expect(out).to.include(`unknown option ${argv.at(-1)}.`);
          expect(out).to.include('Usage: npm run gcontacts -- <command>');
          expect(out).to.not.match(STACK_LINE);
          expect(out).to.not.include('ERR_PARSE_ARGS');
        }
      });
    });

    describe('manual push', () => {
      const named = async (familyName: string) => (await googleContacts(world)).filter((p) => p.names?.[0]?.familyName === familyName);

      it('sends at once a create waiting for its backoff, instead of "nothing to do"', async () => {
        await cli('push');
        await createContact(world, { lastname: 'Waited' });
        // Two failures: a push rides out one by itself.
        world.sandbox.control.injectFaults({ route: 'people.batchCreateContacts', fault: 'error503', count: 2 });
        const failed = await cli('push');
        expect(failed.code).to.equal(1);
        expect(failed.lines.some((l) => l.startsWith(`push ${world.account.email}: failed`))).to.equal(true);
        const waiting = failed.lines.find((l) => l.startsWith(`${world.account.email}: 1 changes could not be sent`));
        expect(waiting, failed.lines.join('\n')).to.match(/next try at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; push again to retry them now\.$/);
        // The cron's push honours the backoff...
        expect(await world.sync.push({ trigger: 'test' })).to.deep.equal([]);
        // ...a person's push does not wait for it.
        const retried = await cli('push');
        expect(retried.lines).to.not.include('nothing to do');
        expect(retried.lines.some((l) => l.startsWith(`push ${world.account.email}: done`) && l.includes('created 1'))).to.equal(true);
        expect(retried.code).to.equal(0);
        expect(await named('Waited')).to.have.length(1);
        expect((await cli('push')).lines).to.deep.equal(['nothing to do']);
      });

      it('says how many changes wait and until when while Google keeps failing, every time', async () => {
        await createContact(world, { lastname: 'Stuck' });
        world.sandbox.control.injectFaults({ route: 'people.batchCreateContacts', fault: 'error503', count: 6 });
        for (let i = 0; i < 3; i++) {
          const { code, lines } = await cli('push');
          expect(code).to.equal(1);
          expect(lines).to.not.include('nothing to do');
          expect(lines.filter((l) => l.includes('1 changes could not be sent and wait for their next try at'))).to.have.length(1);
        }
        expect((await cli('push')).code).to.equal(0);
        expect(await named('Stuck')).to.have.length(1);
      });

      it('gives the number of changes for an account that must be connected again', async () => {
        const stores = world.sync.context.stores;
        const broken = await stores.accounts.connect({ email: uniqueEmail('revoked'), refreshToken: 'not-a-token', scope: { kind: 'all' } });
        try {
          await createContact(world, { lastname: 'For Everyone' });
          await cli('push');
          expect((await stores.accounts.get(broken.id))!.status).to.equal('reconnect');
          const { code, lines } = await cli('push');
          expect(code).to.equal(1);
          expect(lines).to.include(`${broken.email}: 1 changes wait until the account is connected again (npm run gcontacts -- accounts connect ${broken.email}).`);
        } finally {
          await stores.accounts.setStatus(broken.id, 'active', null);
          await world.host.db('gcontacts_outbox').where({ account_id: broken.id }).delete();
          await world.host.db('gcontacts_account').where({ id: broken.id }).delete();
        }
      });
    });

    describe('OAuth state of a code typed in', () => {
      // The same module, told to use the real Google: it prints the consent address with the state it issued.
      const realGoogle = () => ({ ...world.host, env: { GOOGLE_CLIENT_ID: 'client.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'secret', GCONTACTS_SECRET: 'test' } });
      async function issuedState(email: string): Promise<string> {
        const lines: string[] = [];
        expect(await runCli(realGoogle(), ['accounts', 'connect', email], { out: (line) => lines.push(line), locale: 'en_US' })).to.equal(0);
        const state = new URL(lines[0]!.split('\n')[1]!).searchParams.get('state');
        expect(state).to.match(/^[\w-]{40,}$/);
        return state!;
      }
      /** The state with one character of its sealed payload changed (inside the data, never in the padding). */
      function tampered(state: string): string {
        const sealed = Buffer.from(state, 'base64url').toString('utf8');
        const i = sealed.length - 10;
        return Buffer.from(`${sealed.slice(0, i)}${sealed[i] === 'A' ? 'B' : 'A'}${sealed.slice(i + 1)}`).toString('base64url');
      }
      /** A real code from the sandbox's consent pages, for the CRM's redirect URI, carrying `state`. */
      async function codeFor(email: string, state: string): Promise<string> {
        const oauth = createGoogleOAuth(oauthClientConfig(world.host.env));
        const back = await completeSandboxConsent(oauth.authorizationUrl(state, redirectUri(world.host.env), email), email);
        expect(back.searchParams.get('state')).to.equal(state);
        return back.searchParams.get('code')!;
      }

      it('connects with a code and the state this CRM issued for that email', async () => {
        const email = uniqueEmail('coded');
        const state = await issuedState(email);
        const { code, lines } = await cli('accounts', 'connect', email, '--code', await codeFor(email, state), '--state', state);
        expect(lines).to.deep.equal([`Connected ${email} (scope: all). Send the CRM's contacts with: npm run gcontacts -- export`]);
        expect(code).to.equal(0);
      });

      it('refuses a code without a state, with a state it did not issue, for another email, or too old — before any exchange', async () => {
        const email = uniqueEmail('refused');
        const state = await issuedState(email);
        const code = await codeFor(email, state);
        const refusals: Array<[string[], string]> = [
          [[], 'Error: --code needs the --state that came back with it: both are in the address Google sent you to.'],
          [['--state', 'made-up-state'], `Error: This state was not issued by this CRM, so the code is refused: start again with npm run gcontacts -- accounts connect ${email}`],
          [['--state', tampered(state)], `Error: This state was not issued by this CRM, so the code is refused: start again with npm run gcontacts -- accounts connect ${email}`],
          [['--state', await issuedState('someone.else@example.com')], `Error: This state was issued for another email than ${email}: start again with npm run gcontacts -- accounts connect ${email}`],
        ];
        for (const [extra, message] of refusals) {
          expect(await cli('accounts', 'connect', email, '--code', code, ...extra)).to.deep.equal({ code: 1, lines: [message] });
        }
        world.advance(61 * 60_000);
        try {
          expect(await cli('accounts', 'connect', email, '--code', code, '--state', state)).to.deep.equal({
            code: 1,
            lines: [`Error: This state has expired: start again with npm run gcontacts -- accounts connect ${email}`],
          });
        } finally {
          world.advance(-61 * 60_000);
        }
        expect(await world.sync.context.stores.accounts.byEmail(email)).to.equal(null);
        // The code was never spent: it still connects with its own state.
        expect((await cli('accounts', 'connect', email, '--code', code, '--state', state)).code).to.equal(0);
      });
    });
  });
}
