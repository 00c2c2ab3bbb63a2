/**
 * Secrets never reach a log (issue 14): a whole run of the product as an operator runs it — the server, then the
 * CLI connecting a Google account, exporting and pulling through the sandbox, and the JSON API called with the
 * admin's API key (and once with a wrong key) — at LOG_LEVEL=debug, so every line that can be written is. The
 * server's log and the whole output of every CLI run are then searched for the refresh and access tokens the sandbox
 * issued and for the keys. (The server's stdout is its start banner, which prints the demo logins on purpose.)
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox/index';
import { startModuleSandbox } from '../support/module-sandbox';
import { api, API_KEY, productEnv, runCliProcess, startServer, type ServerProcess } from '../support/server-process';

describe('logs of a full run carry no secret', function () {
  this.timeout(180_000);
  let sandbox: RunningSandbox;
  let dataDir: string;
  let server: ServerProcess | undefined;

  before(async () => {
    sandbox = await startModuleSandbox();
    dataDir = mkdtempSync(join(tmpdir(), 'gc-log-secrets-'));
  });
  after(async () => {
    await server?.stop();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('connect + export + pull + API calls at debug level: no refresh token, access token nor API key in any output', async () => {
    const env = productEnv(sandbox, dataDir, { LOG_LEVEL: 'debug' });
    server = await startServer(env);
    const outputs: string[] = [];
    const cli = async (...args: string[]) => {
      const { code, out } = await runCliProcess(env, ...args);
      outputs.push(out);
      expect(code, `${args.join(' ')}: ${out}`).to.equal(0);
    };
    await cli('accounts', 'connect', 'logs@logs.example');
    expect((await api(server.url, 'POST', '/contacts', { lastname: 'Logged', firstname: 'Ada' })).status).to.equal(201);
    const wrongKey = await fetch(`${server.url}/api/contacts`, { headers: { DOLAPIKEY: 'wrong-key-4f2a9c' } });
    expect(wrongKey.status).to.equal(401);
    await cli('export');
    await cli('sync', '--full');
    await server.stop();
    outputs.push(server.log());

    const dump = sandbox.control.dump({ secrets: true });
    const secrets = [
      ...dump.grants.flatMap((g) => g.refreshTokens),
      ...dump.accessTokens.map((t) => t.token),
      API_KEY,
      'wrong-key-4f2a9c',
      env.GCONTACTS_SECRET!,
      env.GOOGLE_CLIENT_SECRET!,
    ];
    expect(dump.grants.flatMap((g) => g.refreshTokens), 'the sandbox issued a refresh token').to.not.be.empty;
    const log = outputs.join('\n');
    // The run did log: JSON lines from the host and from the module, debug ones included.
    const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; scope: string });
    expect(lines.length).to.be.greaterThan(0);
    for (const secret of secrets) expect(log, 'a secret in the log').to.not.include(secret);
  });
});
