/**
 * Scale (issue 12), with Google's round trip simulated at 150 ms ± 50 by the sandbox, which runs in its own process
 * (`npm run sandbox`) so the module's processes have the CPU to themselves:
 * - N accounts × 50 changes (N = BENCH_SCALE_ACCOUNTS, default 300): wall time of the push one account at a time,
 *   side by side in one process (concurrent_accounts, BENCH_SCALE_CONCURRENT, default 8), and in 3 `npm run worker`
 *   processes sharing one database through the account leases; duplicates (double pushes) counted in the sandbox.
 * - A worker process killed (SIGKILL) in the middle of its runs: time until another worker runs its accounts again.
 * - A full sync of 50,000 contacts (BENCH_SCALE_FULL) in a process run under `node --max-old-space-size=256`
 *   (scale-memory.ts): it must finish; its peak RSS.
 * The database is a SQLite file, or a fresh MariaDB database when GCONTACTS_TEST_MYSQL is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../host/config';
import { createCrm, type Crm } from '../host/crm';
import type { Host } from '../src/host-contract';
import { controlHeaders, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../src/sandbox/index';
import { createSync, type Sync } from '../src/sync';
import { ownerName } from '../src/sync/lease';
import { testEngines } from '../test/support/engines';
import type { BenchModule, Row } from './main';
import { sandboxProcess } from './pull';

const ACCOUNTS = Number(process.env.BENCH_SCALE_ACCOUNTS ?? 300);
const CONCURRENT = Number(process.env.BENCH_SCALE_CONCURRENT ?? 8);
const KILL_ACCOUNTS = Number(process.env.BENCH_SCALE_KILL_ACCOUNTS ?? 40);
const FULL_CONTACTS = Number(process.env.BENCH_SCALE_FULL ?? 50_000);
const CHANGES = 50;
const WORKERS = 3;
const LATENCY = { fixedMs: 100, jitterMs: 100 };
const SYSTEM = { userId: null };
const ACCOUNT_TABLE = 'gcontacts_account';
const OUTBOX_TABLE = 'gcontacts_outbox';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const engine = testEngines().find((e) => e.name === 'mysql') ?? testEngines()[0]!;

interface Sandbox {
  url: string;
  child: ChildProcess;
}

interface World {
  crm: Crm;
  host: Host;
  sync: Sync;
  emails: string[];
  /** What a worker process needs to run on this world's database and Google. */
  env: Record<string, string>;
}

async function control(sandbox: Sandbox, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sandbox.url}/__sandbox/${path}`, body === undefined ? { headers: controlHeaders() } : { method: 'POST', headers: controlHeaders(), body: JSON.stringify(body) });
  return res.json();
}

/**
 * A fresh database with `accounts` connected accounts (each linked once, while the sandbox answers at once) and 50
 * new CRM contacts waiting in every account's outbox; the sandbox's latency is on when it returns.
 */
async function world(sandbox: Sandbox, label: string, accounts: number): Promise<World> {
  await control(sandbox, 'latency', { fixedMs: 0, jitterMs: 0 }); // each world has accounts of its own in the sandbox
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-scale-'));
  const databaseUrl = engine.name === 'mysql' ? await engine.freshUrl() : `sqlite:${join(dataDir, 'crm.sqlite')}`;
  // No PORT here: the module's redirect URI stays the default one the sandbox knows.
  const env = {
    DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MODULES: '.', SEED_DEMO: '0',
    GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    GCONTACTS_SECRET: 'bench', SESSION_SECRET: 'bench',
  };
  const crm = await createCrm({ config: readConfig({ ...env, PORT: '0' }), env: { ...env, GCONTACTS_BACKGROUND: 'off' } });
  try {
    await crm.modules.enable('gcontacts');
    crm.scheduler.cancelAll('gcontacts:');
    const host = crm.modules.get('gcontacts').handle.host;
    await host.settings.set('requests_per_minute', 600);
    await host.settings.set('concurrent_accounts', CONCURRENT);
    const sync = createSync(host);
    const emails = Array.from({ length: accounts }, (_, i) => `${label}.${i}@bench.example`);
    for (const email of emails) {
      const outcome = await sync.connect({ email, scope: { kind: 'all' } });
      if (outcome.kind !== 'connected') throw new Error(`sandbox connect failed: ${outcome.kind}`);
    }
    await sync.push({ trigger: 'cli', waitForLease: true }); // first links (the accounts are empty): not what is measured
    for (let i = 0; i < CHANGES; i++) await crm.contacts.create(SYSTEM, { lastname: `Change ${i}` });
    await control(sandbox, 'latency', LATENCY);
    return { crm, host, sync, emails, env: { ...env, GCONTACTS_BACKGROUND: 'on' } };
  } catch (e) {
    await crm.close();
    throw e;
  }
}

/** People created in the world's accounts, and how many of them are a second copy of the same contact. */
async function duplicates(sandbox: Sandbox, w: World): Promise<{ created: number; duplicates: number }> {
  const dump = (await control(sandbox, 'dump')) as { accounts: Array<{ email: string; book: { contacts: Array<{ fields: { names?: Array<{ familyName?: string }> } }> } }> };
  let created = 0;
  let twice = 0;
  for (const account of dump.accounts.filter((a) => w.emails.includes(a.email))) {
    const names = account.book.contacts.map((c) => c.fields.names?.[0]?.familyName);
    created += names.length;
    twice += names.length - new Set(names).size;
  }
  return { created, duplicates: twice };
}

async function inProcess(sandbox: Sandbox, concurrent: number): Promise<{ ms: number; created: number; duplicates: number }> {
  const w = await world(sandbox, `one.${concurrent}`, ACCOUNTS);
  try {
    await w.host.settings.set('concurrent_accounts', concurrent);
    const started = performance.now();
    const results = await w.sync.push({ trigger: 'cli', waitForLease: true });
    const ms = performance.now() - started;
    if (results.some((r) => r.status !== 'done')) throw new Error('a push did not finish');
    return { ms, ...(await duplicates(sandbox, w)) };
  } finally {
    await w.crm.close();
  }
}

/** `npm run worker` on the world's database, answered once it says it runs. */
async function worker(w: World): Promise<ChildProcess> {
  // node itself (not the tsx launcher): the pid in the lease owner names is this child's, and SIGKILL reaches it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'host/worker.ts'], { env: { ...process.env, ...w.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('worker') && out.includes('running')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`a worker exited (${code})`)));
  });
  return child;
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => {
    c.once('exit', resolve);
    c.kill('SIGTERM');
  })));
}

/**
 * The bench holds every account's lease while the workers start, so none begins before the others are up; letting
 * go of them all at once is the start.
 */
async function holdAll(w: World): Promise<() => Promise<number>> {
  const owner = ownerName('bench-hold');
  await w.host.db(ACCOUNT_TABLE).update({ lease_owner: owner, lease_until: new Date(Date.now() + 3_600_000).toISOString() });
  return async () => {
    await w.host.db(ACCOUNT_TABLE).where({ lease_owner: owner }).update({ lease_owner: null, lease_until: null });
    return performance.now();
  };
}

async function outboxLeft(w: World): Promise<number> {
  const [row] = await w.host.db(OUTBOX_TABLE).count({ n: '*' });
  return Number(row?.n ?? 0);
}

async function untilEmpty(w: World, limitMs = 30 * 60_000): Promise<void> {
  const started = Date.now();
  while ((await outboxLeft(w)) > 0) {
    if (Date.now() - started > limitMs) throw new Error('the outbox did not empty');
    await sleep(50);
  }
}

async function processes(sandbox: Sandbox): Promise<{ ms: number; created: number; duplicates: number }> {
  const w = await world(sandbox, 'workers', ACCOUNTS);
  const children: ChildProcess[] = [];
  try {
    const release = await holdAll(w);
    for (let i = 0; i < WORKERS; i++) children.push(await worker(w));
    const started = await release();
    await untilEmpty(w);
    const ms = performance.now() - started;
    await stop(children);
    return { ms, ...(await duplicates(sandbox, w)) };
  } finally {
    await stop(children);
    await w.crm.close();
  }
}

/** Two workers share the accounts; one is killed while it holds leases. Timed: until the other runs each of them. */
async function killed(sandbox: Sandbox): Promise<{ firstMs: number; allMs: number; doneMs: number; held: number; created: number; duplicates: number }> {
  const w = await world(sandbox, 'killed', KILL_ACCOUNTS);
  const children: ChildProcess[] = [];
  try {
    const release = await holdAll(w);
    const victim = await worker(w);
    const survivor = await worker(w);
    children.push(victim, survivor);
    await release();
    const mark = `:${victim.pid}:`;
    const leasesOf = async (pid: number | undefined) =>
      (await w.host.db(ACCOUNT_TABLE).where('lease_owner', 'like', `%:${pid}:%`).select<Array<{ id: number }>>('id')).map((r) => Number(r.id));
    let held: number[] = [];
    while (held.length === 0) {
      held = (await w.host.db(ACCOUNT_TABLE).where('lease_owner', 'like', `%${mark}%`).select<Array<{ id: number }>>('id')).map((r) => Number(r.id));
      if (held.length === 0) await sleep(20);
    }
    await sleep(500); // in the middle of its runs, not at their first query
    held = (await w.host.db(ACCOUNT_TABLE).where('lease_owner', 'like', `%${mark}%`).select<Array<{ id: number }>>('id')).map((r) => Number(r.id));
    victim.kill('SIGKILL');
    const killedAt = performance.now();
    const ranAgain = new Map<number, number>();
    while (ranAgain.size < held.length) {
      const taken = new Set(await leasesOf(survivor.pid));
      const pending = new Set((await w.host.db(OUTBOX_TABLE).whereIn('account_id', held).distinct<Array<{ account_id: number }>>('account_id')).map((r) => Number(r.account_id)));
      for (const id of held) if (!ranAgain.has(id) && (taken.has(id) || !pending.has(id))) ranAgain.set(id, performance.now() - killedAt);
      if (performance.now() - killedAt > 10 * 60_000) throw new Error('the killed worker’s accounts did not run again');
      await sleep(20);
    }
    await untilEmpty(w);
    const doneMs = performance.now() - killedAt;
    const times = [...ranAgain.values()];
    await stop(children);
    return { firstMs: Math.min(...times), allMs: Math.max(...times), doneMs, held: held.length, ...(await duplicates(sandbox, w)) };
  } finally {
    await stop(children);
    await w.crm.close();
  }
}

/** scale-memory.ts in `node --max-old-space-size=256`: its rows, or a FAILED row saying how it ended. */
async function memory(): Promise<Row[]> {
  const child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', 'bench/scale-memory.ts'], {
    env: { ...process.env, BENCH_PULL_FULL: String(FULL_CONTACTS) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? -1 : null))));
  const line = out.split('\n').find((l) => l.startsWith('ROWS '));
  if (code !== 0 || !line) {
    return [{ bench: 'scale', metric: `full sync of ${FULL_CONTACTS} contacts under --max-old-space-size=256`, value: 0, unit: '', note: `FAILED: the process ended with code ${code}` }];
  }
  return JSON.parse(line.slice('ROWS '.length)) as Row[];
}

const bench: BenchModule = {
  name: 'scale',
  async run() {
    const sandbox = await sandboxProcess();
    const rows: Row[] = [];
    const what = `${ACCOUNTS} accounts × ${CHANGES} changes`;
    const db = engine.name === 'mysql' ? 'MariaDB' : 'SQLite';
    try {
      const one = await inProcess(sandbox, 1);
      const side = await inProcess(sandbox, CONCURRENT);
      const three = await processes(sandbox);
      const fate = (r: { created: number; duplicates: number }) => `${r.created} people created, ${r.duplicates} duplicates`;
      rows.push(
        { bench: 'scale', metric: `${what}: push one account at a time`, value: one.ms, unit: 'ms', note: `${fate(one)}; ${db}; sandbox 150 ± 50 ms per call` },
        { bench: 'scale', metric: `${what}: concurrent in one process (${CONCURRENT} at once)`, value: side.ms, unit: 'ms', note: fate(side) },
        { bench: 'scale', metric: `${what}: concurrent / one at a time`, value: one.ms / side.ms, unit: '×', note: 'speed-up; goal ≥ 10' },
        { bench: 'scale', metric: `${what}: ${WORKERS} worker processes`, value: three.ms, unit: 'ms', note: `${fate(three)}; ${(one.ms / three.ms).toFixed(1)}× one at a time; leases in one ${db} database` },
      );
      const k = await killed(sandbox);
      rows.push(
        { bench: 'scale', metric: 'worker killed (SIGKILL): its accounts run again, first', value: k.firstMs, unit: 'ms', note: `${k.held} accounts held by the killed worker, of ${KILL_ACCOUNTS}; same machine (dead pid seen at once)` },
        { bench: 'scale', metric: 'worker killed (SIGKILL): its accounts run again, all', value: k.allMs, unit: 'ms', note: `all pushed ${(k.doneMs / 1000).toFixed(1)} s after the kill; ${fate(k)}` },
      );
    } finally {
      sandbox.child.kill();
      await engine.cleanup();
    }
    rows.push(...(await memory()));
    return rows;
  },
};
export const { name, run } = bench;
