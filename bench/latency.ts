/**
 * Latency and scale (issue 12), with Google's round trip simulated by the sandbox's latency setting (150 ms ± 50):
 * - CRM save → Google, single edits: p50/p99 from the save's return to the person showing the edit, with the
 *   module's own background (wake-ups) and nothing else asked for;
 * - a burst of 1,000 saves in about a second: time until all are in Google, and the push requests they took;
 * - phone edit → CRM at the default settings (adaptive polls), a few edits;
 * - N accounts × 50 changes: wall time of the push one account at a time, and side by side (concurrent_accounts 8),
 *   with duplicates counted in the sandbox.
 * BENCH_LATENCY_EDITS, BENCH_LATENCY_PHONE and BENCH_LATENCY_ACCOUNTS change the sizes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { google, type people_v1 } from 'googleapis';
import { readConfig } from '../host/config';
import { createCrm, type Crm } from '../host/crm';
import type { Host } from '../src/host-contract';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { createSync, type Sync } from '../src/sync';
import { moduleRedirectUris } from '../src/sync/accounts';
import type { BenchModule, Row } from './main';

const EDITS = Number(process.env.BENCH_LATENCY_EDITS ?? 30);
const BURST = 1000;
const PHONE_EDITS = Number(process.env.BENCH_LATENCY_PHONE ?? 4);
const ACCOUNTS = Number(process.env.BENCH_LATENCY_ACCOUNTS ?? 30);
const CHANGES = 50;
const SYSTEM = { userId: null };

interface World {
  crm: Crm;
  host: Host;
  sync: Sync;
  sandbox: RunningSandbox;
  close(): Promise<void>;
}

async function world(background: boolean): Promise<World> {
  const sandbox = await startSandbox({ redirectUris: moduleRedirectUris({}) });
  sandbox.control.setLatency({ fixedMs: 100, jitterMs: 100 });
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-latency-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const env = {
    GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
    GCONTACTS_SECRET: 'bench', SESSION_SECRET: 'bench', GCONTACTS_BACKGROUND: background ? 'on' : 'off',
  };
  const crm = await createCrm({ config, env });
  await crm.modules.enable('gcontacts');
  crm.scheduler.cancelAll('gcontacts:'); // the minute job would blur what the wake-ups do
  const host = crm.modules.get('gcontacts').handle.host;
  await host.settings.set('requests_per_minute', 600);
  return { crm, host, sync: createSync(host), sandbox, close: async () => void (await crm.close(), await sandbox.close()) };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 10 ms; resolves with the ms it took to hold. */
async function until(check: () => boolean | Promise<boolean>, limitMs = 180_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > limitMs) throw new Error('timed out');
    await sleep(10);
  }
  return performance.now() - started;
}

function titles(w: World, email: string): Map<string, string | undefined> {
  const book = w.sandbox.control.dump().accounts.find((a) => a.email === email)!.book;
  return new Map(book.contacts.map((c) => [c.fields.names?.[0]?.familyName ?? '', c.fields.organizations?.[0]?.title ?? undefined]));
}

async function pushLatency(): Promise<Row[]> {
  const w = await world(true);
  const email = 'latency@bench.example';
  try {
    await w.sync.connect({ email, scope: { kind: 'all' } });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await w.crm.contacts.create(SYSTEM, { lastname: `Edited ${i}` })).id);
    await until(() => titles(w, email).size >= 20);
    const single: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const k = i % ids.length;
      await w.crm.contacts.update(SYSTEM, ids[k]!, { jobTitle: `title ${i}` });
      single.push(await until(() => titles(w, email).get(`Edited ${k}`) === `title ${i}`));
      await sleep(200 + Math.random() * 800);
    }
    const before = await w.sync.context.stores.runs.recent(1000);
    const started = performance.now();
    for (let i = 0; i < BURST; i++) await w.crm.contacts.create(SYSTEM, { lastname: `Burst ${i}` });
    const savedIn = performance.now() - started;
    await until(() => titles(w, email).size >= 20 + BURST);
    const burstMs = performance.now() - started;
    await until(async () => (await w.sync.context.stores.runs.recent(50)).every((r) => r.status !== 'running'));
    const runs = (await w.sync.context.stores.runs.recent(1000)).filter((r) => !before.some((b) => b.id === r.id) && r.kind === 'push');
    const requests = runs.reduce((n, r) => n + (r.counts.requests ?? 0), 0);

    // Phone edits, at the default poll settings, after the account went quiet a while (the adaptive interval grew).
    const phone = google.people({ version: 'v1', rootUrl: `${w.sandbox.url}/`, auth: phoneAuth(w, email), retry: false });
    const phoneMs: number[] = [];
    for (let i = 0; i < PHONE_EDITS; i++) {
      await sleep(5000 + Math.random() * 25_000);
      phoneMs.push(await phoneEdit(w, phone, ids[i]!, `phone ${i}`));
    }
    const note = `sandbox latency 150 ± 50 ms per call; ${EDITS} edits`;
    return [
      { bench: 'latency', metric: 'CRM save → Google, single edits: p50', value: percentile(single, 50), unit: 'ms', note: `${note}; goal ≤ 1000` },
      { bench: 'latency', metric: 'CRM save → Google, single edits: p99', value: percentile(single, 99), unit: 'ms', note: `${note}; goal ≤ 5000` },
      { bench: 'latency', metric: `burst of ${BURST} saves → all in Google`, value: burstMs, unit: 'ms', note: `saved in ${savedIn.toFixed(0)} ms; ${runs.length} push runs, ${requests} requests` },
      { bench: 'latency', metric: `burst of ${BURST} saves: push requests`, value: requests, unit: 'requests', note: 'batches of 200, groups and memberships included' },
      { bench: 'latency', metric: 'phone edit → CRM, default settings: p50', value: percentile(phoneMs, 50), unit: 'ms', note: `${PHONE_EDITS} edits after 5–30 s of quiet; max ${Math.max(...phoneMs).toFixed(0)} ms; goal p50 ≤ 60000` },
    ];
  } finally {
    await w.close();
  }
}

function phoneAuth(w: World, email: string) {
  const tokens = w.sandbox.control.createAccount(email);
  const auth = new google.auth.OAuth2(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
  auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
  return auth;
}

async function phoneEdit(w: World, phone: people_v1.People, contactId: number, title: string): Promise<number> {
  const link = (await w.sync.context.stores.links.forContacts((await w.sync.context.stores.accounts.list())[0]!.id, [contactId])).get(contactId)!;
  const { data: person } = await phone.people.get({ resourceName: link.resourceName!, personFields: 'organizations,metadata' });
  await phone.people.updateContact({ resourceName: link.resourceName!, updatePersonFields: 'organizations', requestBody: { etag: person.etag, organizations: [{ title }] } });
  return until(async () => (await w.crm.contacts.get(SYSTEM, contactId))?.jobTitle === title);
}

async function accountsSideBySide(concurrent: number): Promise<{ ms: number; duplicates: number; created: number }> {
  const w = await world(false);
  try {
    await w.host.settings.set('concurrent_accounts', concurrent);
    const emails = Array.from({ length: ACCOUNTS }, (_, i) => `side.${concurrent}.${i}@bench.example`);
    for (const email of emails) await w.sync.connect({ email, scope: { kind: 'all' } });
    await w.sync.push({ trigger: 'cli' }); // first links (the accounts are empty): not what is measured
    for (let i = 0; i < CHANGES; i++) await w.crm.contacts.create(SYSTEM, { lastname: `Change ${i}` });
    const started = performance.now();
    const results = await w.sync.push({ trigger: 'cli', waitForLease: true });
    const ms = performance.now() - started;
    if (results.some((r) => r.status !== 'done')) throw new Error('a push did not finish');
    let duplicates = 0;
    let created = 0;
    for (const account of w.sandbox.control.dump().accounts.filter((a) => emails.includes(a.email))) {
      const names = account.book.contacts.map((c) => c.fields.names?.[0]?.familyName);
      created += names.length;
      duplicates += names.length - new Set(names).size;
    }
    return { ms, duplicates, created };
  } finally {
    await w.close();
  }
}

const bench: BenchModule = {
  name: 'latency',
  async run() {
    const rows = await pushLatency();
    const one = await accountsSideBySide(1);
    const eight = await accountsSideBySide(8);
    const what = `${ACCOUNTS} accounts × ${CHANGES} changes`;
    rows.push(
      { bench: 'latency', metric: `${what}: push one account at a time`, value: one.ms, unit: 'ms', note: `${one.created} people created, ${one.duplicates} duplicates` },
      { bench: 'latency', metric: `${what}: push side by side (8 at once)`, value: eight.ms, unit: 'ms', note: `${eight.created} people created, ${eight.duplicates} duplicates; ${(one.ms / eight.ms).toFixed(1)}× faster` },
    );
    return rows;
  },
};
export const { name, run } = bench;
