/**
 * Check synchro's figures (issue 5 item 7): wall time and peak heap of a check of one account with 50,000 linked
 * contacts, and for scale the heap the same account's Google people take when held all at once (what streaming
 * avoids). Real pieces throughout — the reference CRM on SQLite, the module, the sandbox over HTTP in this
 * process (its own address book is in the baseline) — with the gateway's pacing lifted. The CRM rows are
 * inserted in bulk (seeding is not measured), then Export all links them; 500 notes are then changed behind the
 * module's back and 100 people deleted in Google, so the report has something to list.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readConfig } from '../host/config';
import { createCrm } from '../host/crm';
import { googleEndpoints } from '../src/google/endpoints';
import type { Person } from '../src/google/gateway';
import { createPeopleGateway } from '../src/google/people-gateway';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../src/sandbox/index';
import { startModuleSandbox } from '../test/support/module-sandbox';
import { createSync } from '../src/sync';
import { checkAccount } from '../src/sync/check';
import { PERSON_FIELDS } from '../src/sync/person-fields';
import type { BenchModule, Row } from './main';

const CONTACTS = 50_000;
const THIRD_PARTIES = 500;
const CHANGED = 500;
const DELETED = 100;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection: the baseline a measure starts from. */
function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap in use right after a full collection at `onPage`: what the run really holds there, garbage left out. */
class LiveHeap {
  peak = 0;
  readonly onPage = () => {
    this.peak = Math.max(this.peak, settledHeap());
  };
}

async function measureCheck(): Promise<Row[]> {
  const sandbox = await startModuleSandbox();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-check-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const env = { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'bench', GCONTACTS_BACKGROUND: 'off', SESSION_SECRET: 'bench' };
  const crm = await createCrm({ config, env });
  try {
    await crm.modules.enable('gcontacts');
    crm.scheduler.cancelAll('gcontacts:');
    const host = crm.modules.get('gcontacts').handle.host;
    const gateway = (refreshToken: string, email: string) =>
      createPeopleGateway({ endpoints: googleEndpoints(env), clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, refreshToken, email, requestsPerMinute: 1_000_000 });
    const sync = createSync(host, { gateway: ({ account, refreshToken }) => gateway(refreshToken, account.email) });

    const thirdParties: number[] = [];
    for (let i = 0; i < THIRD_PARTIES; i++) thirdParties.push((await crm.thirdParties.create({ name: `Company ${i}`, town: 'Paris', client: true })).id);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: CONTACTS }, (_, i) => {
      const time = new Date(base + i).toISOString();
      const phone = `06 ${String(i).padStart(8, '0').replace(/(\d\d)(?=\d)/g, '$1 ')}`;
      return { lastname: `Family${i}`, firstname: `Given${i}`, email: `person${i}@example.com`, phone_mobile: phone, poste: 'Buyer', fk_soc: thirdParties[i % THIRD_PARTIES], datec: time, tms: time, version: 1 };
    });
    for (let i = 0; i < rows.length; i += 500) await host.db('llx_socpeople').insert(rows.slice(i, i + 500));

    const connected = await sync.connect({ email: 'bench.check@example.com', scope: { kind: 'all' } });
    if (connected.kind !== 'connected') throw new Error('sandbox connect failed');
    const account = connected.account;
    const exported = await sync.exportAll({ trigger: 'cli', waitForLease: true });
    if (exported[0]?.counts.created !== CONTACTS) throw new Error(`export created ${exported[0]?.counts.created ?? 0} of ${CONTACTS}`);

    await host.db('llx_socpeople').where('rowid', '<=', CHANGED).update({ note_private: 'changed behind the module' });
    const google = gateway((await sync.context.stores.accounts.refreshToken(account.id))!, account.email);
    const victims = await sync.context.stores.links.page(account.id, CONTACTS - DELETED, DELETED);
    await google.batchDelete(victims.map((link) => link.resourceName!));

    // Timed alone, then again with a collection after every page to find the largest live heap along the way.
    const started = performance.now();
    const report = await checkAccount(sync.context, account, { trigger: 'cli' });
    const seconds = (performance.now() - started) / 1000;
    const compared = report.compared;
    if (!compared) throw new Error(`check failed: ${report.error}`);
    const requests = (await sync.context.stores.runs.get(report.runId))?.counts.requests ?? 0;
    const baseline = settledHeap();
    const live = new LiveHeap();
    await checkAccount(sync.context, account, { trigger: 'cli', onProgress: live.onPage });

    const heldBaseline = settledHeap();
    const all: Person[] = [];
    let pageToken: string | null = null;
    do {
      const page = await google.listConnections({ personFields: PERSON_FIELDS, pageSize: 1000, pageToken });
      all.push(...page.people);
      pageToken = page.nextPageToken;
    } while (pageToken);
    const held = settledHeap() - heldBaseline;

    const found = `${compared.inSync} in sync, ${compared.different.count} different, ${compared.orphanLinks.count} orphan links`;
    return [
      { bench: 'check', metric: `check of ${CONTACTS} linked contacts: time`, value: seconds, unit: 's', note: `${found}; ${requests} Google requests` },
      { bench: 'check', metric: `check of ${CONTACTS} linked contacts: peak live heap`, value: (live.peak - baseline) / MB, unit: 'MB', note: `above a ${(baseline / MB).toFixed(0)} MB baseline (the in-process sandbox's book included); after a GC at each page` },
      { bench: 'check', metric: `for scale: ${all.length} Google people held at once`, value: held / MB, unit: 'MB', note: 'what streaming the Google side avoids' },
    ];
  } finally {
    await crm.close();
    await sandbox.close();
  }
}

const bench: BenchModule = { name: 'check', run: measureCheck };
export const { name, run } = bench;
