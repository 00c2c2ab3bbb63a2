/**
 * The push's figures (issue 4): Google requests per contact for an Export all of 10,000 contacts (goal ≤ 1/150),
 * the same export with one contact per request for comparison, a second export (no write expected), and the CRM
 * save latency (contacts.update through the host service) with the module enabled vs disabled (goal ≤ 1.15).
 * Everything is real: the reference CRM on SQLite (and MariaDB for the save latency when GCONTACTS_TEST_MYSQL
 * names one, as for the tests), the module, the sandbox over HTTP; only the gateway's pacing is lifted (the
 * sandbox has no quota unless asked), so the figures count requests, not waiting.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../host/config';
import { createCrm, type Crm } from '../host/crm';
import { googleEndpoints } from '../src/google/endpoints';
import { createPeopleGateway } from '../src/google/people-gateway';
import type { Host } from '../src/host-contract';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type RunningSandbox } from '../src/sandbox/index';
import { startModuleSandbox } from '../test/support/module-sandbox';
import { createSync, type Sync } from '../src/sync';
import { testEngines, type TestEngine } from '../test/support/engines';
import type { BenchModule, Row } from './main';

const CONTACTS = 10_000;
const THIRD_PARTIES = 200;
const SALES_REPS = 5;
const SAVES = 1000;
const ROUNDS = 7;
const SYSTEM = { userId: null };

interface World {
  crm: Crm;
  host: Host;
  sync: Sync;
  sandbox: RunningSandbox;
}

async function world(databaseUrl?: string): Promise<World> {
  const sandbox = await startModuleSandbox();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const env = { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'bench', GCONTACTS_BACKGROUND: 'off', SESSION_SECRET: 'bench' };
  const crm = await createCrm({ config, env });
  await crm.modules.enable('gcontacts');
  const host = crm.modules.get('gcontacts').handle.host;
  await host.settings.set('requests_per_minute', 6000);
  const sync = createSync(host, {
    gateway: ({ account, refreshToken }) =>
      createPeopleGateway({ endpoints: googleEndpoints(env), clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, refreshToken, email: account.email, requestsPerMinute: 1_000_000 }),
  });
  return { crm, host, sync, sandbox };
}

/** The CRM's address book, seeded with the module disabled (seeding is not what is measured). */
async function seed(w: World, contacts: number): Promise<number[]> {
  await w.crm.modules.disable('gcontacts');
  const reps = [];
  for (let i = 0; i < SALES_REPS; i++) reps.push(await w.crm.users.create({ login: `rep${i}`, password: 'bench-password' }));
  const thirdParties = [];
  for (let i = 0; i < THIRD_PARTIES; i++) {
    const tp = await w.crm.thirdParties.create({ name: `Company ${i}`, phone: `01 40 ${String(i).padStart(2, '0')} 00 00`, town: 'Paris', client: i % 2 === 0 });
    await w.crm.thirdParties.setSalesReps(tp.id, [reps[i % SALES_REPS]!.id]);
    thirdParties.push(tp);
  }
  const ids: number[] = [];
  for (let i = 0; i < contacts; i++) {
    const c = await w.crm.contacts.create(SYSTEM, {
      lastname: `Family${i}`,
      firstname: `Given${i}`,
      email: `person${i}@example.com`,
      phoneMobile: `06 ${String(i).padStart(8, '0').replace(/(\d\d)(?=\d)/g, '$1 ')}`,
      jobTitle: 'Buyer',
      thirdPartyId: thirdParties[i % THIRD_PARTIES]!.id,
    });
    ids.push(c.id);
  }
  await w.crm.modules.enable('gcontacts');
  return ids;
}

async function connect(w: World, email: string): Promise<void> {
  const outcome = await w.sync.connect({ email, scope: { kind: 'all' } });
  if (outcome.kind !== 'connected') throw new Error('sandbox connect failed');
}

async function exportRun(w: World): Promise<{ requests: number; seconds: number; counts: Record<string, number> }> {
  const started = performance.now();
  const [result] = await w.sync.exportAll({ trigger: 'cli', waitForLease: true });
  if (!result || result.status !== 'done') throw new Error(`export failed: ${result?.error ?? 'no run'}`);
  return { requests: result.counts.requests ?? 0, seconds: (performance.now() - started) / 1000, counts: result.counts };
}

function writes(w: World): number {
  return w.sandbox.control.dump().accounts.reduce((n, a) => n + a.book.peopleLog.length, 0);
}

async function exports(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const batchSize of [200, 1]) {
    const w = await world();
    try {
      await seed(w, CONTACTS);
      await w.host.settings.set('push_batch_size', batchSize);
      await connect(w, `bench.${batchSize}@example.com`);
      const first = await exportRun(w);
      const perContact = first.requests / CONTACTS;
      const note = `1/${(CONTACTS / first.requests).toFixed(0)}: ${first.requests} requests, ${first.counts.created ?? 0} created, ${first.seconds.toFixed(1)} s${batchSize === 200 ? '; goal ≤ 1/150' : ''}`;
      rows.push({ bench: 'push', metric: `export ${CONTACTS} contacts, batch ${batchSize}: requests per contact`, value: perContact, unit: 'req/contact', note });
      if (batchSize === 200) {
        const before = writes(w);
        const second = await exportRun(w);
        rows.push({ bench: 'push', metric: 'second export: Google writes', value: writes(w) - before, unit: 'writes', note: `${second.requests} read requests, ${second.counts.unchanged ?? 0} unchanged, ${second.seconds.toFixed(1)} s` });
      }
    } finally {
      await w.crm.close();
      await w.sandbox.close();
    }
  }
  return rows;
}

/** Mean ms of `SAVES` contact saves through the host's service, the way a CRM page saves a contact. */
async function saves(w: World, ids: readonly number[], label: string): Promise<number> {
  const started = performance.now();
  // A new note each time: a save that changes nothing writes nothing and would measure nothing.
  for (let i = 0; i < SAVES; i++) await w.crm.contacts.update(SYSTEM, ids[i % ids.length]!, { note: `${label} save ${i}` });
  return (performance.now() - started) / SAVES;
}

async function saveLatency(engine: TestEngine): Promise<Row[]> {
  const w = await world(await engine.freshUrl());
  try {
    const ids = await seed(w, 1000);
    await connect(w, 'bench.saves@example.com');
    await saves(w, ids, 'warm-up'); // JIT, SQLite page cache
    const on: number[] = [];
    const off: number[] = [];
    // Interleaved rounds, so drift (GC, disk cache) falls on both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      on.push(await saves(w, ids, `on ${round}`));
      await w.crm.modules.disable('gcontacts');
      off.push(await saves(w, ids, `off ${round}`));
      await w.crm.modules.enable('gcontacts');
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [enabled, disabled] = [median(on), median(off)];
    const queued = await w.sync.context.stores.outbox.count((await w.sync.context.stores.accounts.list())[0]!.id);
    const db = `[${engine.name}]`;
    return [
      { bench: 'push', metric: `CRM save, module disabled ${db}`, value: disabled, unit: 'ms', note: `median of ${ROUNDS} rounds × ${SAVES} saves` },
      { bench: 'push', metric: `CRM save, module enabled ${db}`, value: enabled, unit: 'ms', note: `every save queued for Google (${queued} outbox rows)` },
      { bench: 'push', metric: `CRM save ratio enabled/disabled ${db}`, value: enabled / disabled, unit: '×', note: 'goal ≤ 1.15' },
    ];
  } finally {
    await w.crm.close();
    await w.sandbox.close();
    await engine.cleanup();
  }
}

const bench: BenchModule = {
  name: 'push',
  async run() {
    const rows: Row[] = [];
    for (const engine of testEngines()) rows.push(...(await saveLatency(engine)));
    return [...rows, ...(await exports())];
  },
};
export const { name, run } = bench;
