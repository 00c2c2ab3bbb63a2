/**
 * The pull's figures (issue 5): an incremental sync bringing one phone edit among 20,000 linked contacts (Google
 * requests, the module's CPU time, database queries), and the peak memory of a full sync of 50,000 linked
 * contacts (the daily reconcile, or a pull whose token expired).
 *
 * The sandbox runs in a child process (`npm run sandbox`), so this process's CPU time and memory are the CRM's
 * and the module's alone; queries are counted with knex's 'query' event on the host's database. The contacts are
 * linked the way they are in production: seeded in the CRM (module off), then sent by Export all.
 * BENCH_PULL_INCREMENTAL / BENCH_PULL_FULL change the sizes for a quick try.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { google } from 'googleapis';
import { readConfig } from '../host/config';
import { createCrm, type Crm } from '../host/crm';
import { googleEndpoints } from '../src/google/endpoints';
import { createPeopleGateway } from '../src/google/people-gateway';
import type { Host } from '../src/host-contract';
import { controlHeaders, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../src/sandbox/index';
import { createSync, type Sync } from '../src/sync';
import { moduleRedirectUris } from '../src/sync/accounts';
import type { RunResult } from '../src/sync/run-recorder';
import type { BenchModule, Row } from './main';

const INCREMENTAL_CONTACTS = Number(process.env.BENCH_PULL_INCREMENTAL ?? 20_000);
const FULL_CONTACTS = Number(process.env.BENCH_PULL_FULL ?? 50_000);
const SYSTEM = { userId: null };
const MB = 1024 * 1024;

// A collection before and after the measured pull, without asking for `node --expose-gc`: the heap then shows
// what the pull keeps, apart from the garbage V8 had not collected yet.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface World {
  crm: Crm;
  host: Host;
  sync: Sync;
  sandboxUrl: string;
  email: string;
  close(): Promise<void>;
}

/** `npm run sandbox` on a free port, answered once it prints its address. */
export async function sandboxProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['src/sandbox/main.ts'], { env: { ...process.env, SANDBOX_PORT: '0', DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  // A standalone sandbox knows no redirect URI: it learns the module's, as an admin registers them at Google. On a
  // socket of its own: a pooled one would sit idle through the seeding, closed by the sandbox, and fail the connect.
  for (const uri of moduleRedirectUris({})) {
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${url}/__sandbox/redirect-uris`, { method: 'POST', headers: controlHeaders(), agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ uri }));
    });
  }
  return { url, child };
}

async function world(contacts: number): Promise<World> {
  const sandbox = await sandboxProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-pull-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const env = { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'bench', GCONTACTS_BACKGROUND: 'off', SESSION_SECRET: 'bench' };
  const crm = await createCrm({ config, env });
  for (let i = 0; i < contacts; i++) {
    await crm.contacts.create(SYSTEM, { lastname: `Family${i}`, firstname: `Given${i}`, email: `person${i}@example.com`, phoneMobile: `+336${String(i).padStart(8, '0')}`, jobTitle: 'Buyer' });
  }
  await crm.modules.enable('gcontacts');
  crm.scheduler.cancelAll('gcontacts:');
  const host = crm.modules.get('gcontacts').handle.host;
  const sync = createSync(host, {
    gateway: ({ account, refreshToken }) =>
      createPeopleGateway({ endpoints: googleEndpoints(env), clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, refreshToken, email: account.email, requestsPerMinute: 1_000_000 }),
  });
  const email = `bench.pull.${contacts}@example.com`;
  const outcome = await sync.connect({ email, scope: { kind: 'all' } });
  if (outcome.kind !== 'connected') throw new Error('sandbox connect failed');
  const [exported] = await sync.exportAll({ trigger: 'cli', waitForLease: true });
  if (exported?.status !== 'done') throw new Error(`export failed: ${exported?.error ?? 'no run'}`);
  return {
    crm, host, sync, sandboxUrl: sandbox.url, email,
    async close() {
      await crm.close();
      sandbox.child.kill();
    },
  };
}

async function pullOnce(w: World, full: boolean): Promise<RunResult> {
  const [result] = await w.sync.pull({ trigger: 'cli', waitForLease: true, full });
  if (result?.status !== 'done') throw new Error(`pull failed: ${result?.error ?? result?.status ?? 'no run'}`);
  return result;
}

/** A phone user changes one contact's title, through the People API as a phone app does. */
async function phoneEdit(w: World): Promise<void> {
  const tokens = (await (await fetch(`${w.sandboxUrl}/__sandbox/accounts`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify({ email: w.email }) })).json()) as { access_token: string };
  const auth = new google.auth.OAuth2({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
  auth.setCredentials({ access_token: tokens.access_token });
  const people = google.people({ version: 'v1', rootUrl: `${w.sandboxUrl}/`, auth, retry: false });
  const { data } = await people.people.connections.list({ resourceName: 'people/me', personFields: 'organizations', pageSize: 1 });
  const person = data.connections![0]!;
  await people.people.updateContact({
    resourceName: person.resourceName!, updatePersonFields: 'organizations',
    requestBody: { etag: person.etag, organizations: [{ ...person.organizations?.[0], title: 'Head buyer' }] },
  });
}

async function incremental(): Promise<Row[]> {
  const w = await world(INCREMENTAL_CONTACTS);
  try {
    await pullOnce(w, false); // brings the export's own writes back (echoes, no-ops), so the next pull sees only the edit
    await phoneEdit(w);
    let queries = 0;
    const onQuery = () => void queries++;
    w.host.db.on('query', onQuery);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const run = await pullOnce(w, false);
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - started;
    w.host.db.off('query', onQuery);
    const bench = 'pull';
    const what = `incremental sync, 1 change among ${INCREMENTAL_CONTACTS} linked`;
    return [
      { bench, metric: `${what}: Google requests`, value: run.counts.requests ?? 0, unit: 'requests', note: `updated ${run.counts.updated}, ${ms.toFixed(0)} ms wall` },
      { bench, metric: `${what}: module CPU time`, value: (used.user + used.system) / 1000, unit: 'ms', note: 'process.cpuUsage, user + system (the sandbox runs in its own process)' },
      { bench, metric: `${what}: DB queries`, value: queries, unit: 'queries', note: "knex 'query' events on the host database" },
    ];
  } finally {
    await w.close();
  }
}

/** `latency`: the sandbox's per-call delay during the measured pull (the scale bench asks for 150 ± 50 ms). */
export async function fullMemory(latency?: { fixedMs: number; jitterMs: number }): Promise<Row[]> {
  const w = await world(FULL_CONTACTS);
  try {
    await pullOnce(w, false); // the export's echoes settled (Export all's first pull stored the token)
    if (latency) await fetch(`${w.sandboxUrl}/__sandbox/latency`, { method: 'POST', headers: controlHeaders(), body: JSON.stringify(latency) });
    gc();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
    }, 10);
    const started = performance.now();
    const run = await pullOnce(w, true);
    clearInterval(sample);
    const seconds = (performance.now() - started) / 1000;
    gc();
    const kept = process.memoryUsage().heapUsed - base.heapUsed;
    const bench = 'pull';
    const what = `full sync of ${FULL_CONTACTS} linked contacts`;
    return [
      { bench, metric: `${what}: peak heap`, value: peakHeap / MB, unit: 'MB', note: `${(base.heapUsed / MB).toFixed(0)} MB before (the CRM, the module, ${FULL_CONTACTS} contacts exported); ${seconds.toFixed(1)} s, ${run.counts.requests} requests` },
      { bench, metric: `${what}: peak heap growth`, value: (peakHeap - base.heapUsed) / MB, unit: 'MB', note: 'during the pull, garbage not yet collected included' },
      { bench, metric: `${what}: heap kept after it`, value: kept / MB, unit: 'MB', note: `after a collection: what the ${FULL_CONTACTS / 1000} pages left behind` },
      { bench, metric: `${what}: peak RSS`, value: peakRss / MB, unit: 'MB', note: `${(base.rss / MB).toFixed(0)} MB before` },
    ];
  } finally {
    await w.close();
  }
}

const bench: BenchModule = {
  name: 'pull',
  async run() {
    return [...(await incremental()), ...(await fullMemory())];
  },
};
export const { name, run } = bench;
