import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { controlHeaders } from '../../src/sandbox/index';

describe('sandbox: npm run sandbox (standalone)', function () {
  this.timeout(30_000);

  it('listens on SANDBOX_PORT, serves the control API, and keeps its state under DATA_DIR on shutdown', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gcontacts-sandbox-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src/sandbox/main.ts')], {
      env: { ...process.env, SANDBOX_PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${out}`)));
      });
      const res = await fetch(`${url}/__sandbox/accounts`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ email: 'standalone@example.com' }) });
      expect(res.status).to.equal(200);
      child.kill('SIGTERM');
      await once(child, 'exit');
      const file = join(dataDir, 'google-sandbox.json');
      expect(existsSync(file)).to.equal(true);
      expect((JSON.parse(readFileSync(file, 'utf8')) as { accounts: { email: string }[] }).accounts.map((a) => a.email)).to.deep.equal(['standalone@example.com']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
