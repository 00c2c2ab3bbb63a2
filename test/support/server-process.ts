/**
 * The product as an operator runs it: `npm start` (host/main.ts) and the module's CLI (host/cli.ts) as real child
 * processes on one DATA_DIR, talking to a sandbox of the test's own process, so the sandbox (Google) outlives every
 * SIGKILL of the server. The crash tests use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type RunningSandbox } from '../../src/sandbox/index';
import { moduleRedirectUris } from '../../src/sync/accounts';

const ROOT = join(import.meta.dirname, '../..');

export const API_KEY = 'demo-admin-key';

/**
 * What every child gets: the data dir, the outside sandbox as "Google" (which learns the module's redirect URIs,
 * as an admin registers them at Google), demo seed (admin and its API key).
 */
export function productEnv(sandbox: RunningSandbox, dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    GCONTACTS_GOOGLE_URL: sandbox.url,
    GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    GCONTACTS_SECRET: 'crash-test',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  for (const uri of moduleRedirectUris(env)) sandbox.control.registerRedirectUri(uri);
  return env;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hook runs, whatever the server was doing. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the clean stop. */
  stop(): Promise<void>;
  /** What the server wrote to stderr so far: its log (stdout has the start banner with the demo logins). */
  log(): string;
}

export async function startServer(env: NodeJS.ProcessEnv, script = 'host/main.ts'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => void ((out += chunk.toString()), (log += chunk.toString())));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (${code}): ${out}`)));
  });
  const ended = once(child, 'exit');
  return {
    url,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await ended;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await ended;
    },
    log: () => log,
  };
}

/** `npm run gcontacts -- <args>` as a child process; resolves with its exit code and output. */
export async function runCliProcess(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

/** A JSON API call with the demo admin's key. */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/api${path}`, {
    method,
    headers: { DOLAPIKEY: API_KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
