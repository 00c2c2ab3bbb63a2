import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { api, productEnv, runCliProcess, startServer, type ServerProcess } from '../support/server-process';

const ROOT = join(import.meta.dirname, '../..');

describe('npm run worker: the background work in processes that serve no pages', function () {
  this.timeout(180_000);
  let sandbox: RunningSandbox;
  let dataDir: string;
  let server: ServerProcess | null = null;
  const workers: ReturnType<typeof spawn>[] = [];
  const email = 'workers@crash.example';

  before(async () => {
    sandbox = await startSandbox();
    dataDir = mkdtempSync(join(tmpdir(), 'gc-workers-'));
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await server?.kill();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startWorker = async (env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host/worker.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    workers.push(child);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/running \(no pages\)/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${out}`)));
    });
    expect(out).to.not.match(/listening on/);
    return child;
  };

  const familyNames = () => sandbox.control.dump().accounts.find((a) => a.email === email)?.book.contacts.map((c) => c.fields.names?.[0]?.familyName) ?? [];
  const eventually = async (check: () => boolean, what: string) => {
    const until = Date.now() + 120_000;
    while (!check()) {
      if (Date.now() > until) throw new Error(`never happened: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('two workers push what the web server queued, once; a killed worker leaves the other to carry on', async () => {
    const env = productEnv(sandbox, dataDir);
    // The web server only queues: the workers do the pushing.
    server = await startServer({ ...env, GCONTACTS_BACKGROUND: 'off' });
    expect((await runCliProcess(env, 'accounts', 'connect', email)).code).to.equal(0);
    expect((await runCliProcess(env, 'push')).code).to.equal(0);
    const [first] = [await startWorker(env), await startWorker(env)];

    for (let i = 0; i < 20; i++) expect((await api(server.url, 'POST', '/contacts', { lastname: `Worked ${i}` })).status).to.equal(201);
    await eventually(() => Array.from({ length: 20 }, (_, i) => `Worked ${i}`).every((n) => familyNames().includes(n)), 'the workers pushed the saves');

    first!.kill('SIGKILL');
    await once(first!, 'exit');
    expect((await api(server.url, 'POST', '/contacts', { lastname: 'After The Kill' })).status).to.equal(201);
    await eventually(() => familyNames().includes('After The Kill'), 'the other worker pushed it');

    const names = familyNames().filter((n) => n?.startsWith('Worked') || n === 'After The Kill');
    expect(names).to.have.length(21);
    expect(new Set(names).size).to.equal(21);
  });
});
