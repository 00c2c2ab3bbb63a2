/**
 * The Import page's figures (issue 11), with 10,000 import candidates in Google and 20,000 CRM contacts: the Google
 * requests made when the page opens (an incremental read, nothing changed), the time to draw one page of 50 with
 * its duplicate scoring (HTTP request to HTML, database included; goal ≤ 300 ms), and the time to import 500.
 *
 * Every tenth candidate looks like a CRM contact (first and last names swapped, another email), so the scoring
 * finds look-alikes on every page. The sandbox runs in-process here: the page time then includes its share of the
 * CPU only when the page reads Google (page 1); pages 2+ never do.
 * BENCH_IMPORT_CANDIDATES / BENCH_IMPORT_CONTACTS change the sizes for a quick try.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { google, type people_v1 } from 'googleapis';
import { readConfig } from '../host/config';
import { createCrm } from '../host/crm';
import { googleEndpoints } from '../src/google/endpoints';
import { createPeopleGateway } from '../src/google/people-gateway';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../src/sandbox/index';
import { startModuleSandbox } from '../test/support/module-sandbox';
import { createSync } from '../src/sync';
import { runImport, startImport, type ImportRow } from '../src/sync/import';
import { refreshCandidates } from '../src/sync/import-listing';
import { readSettings } from '../src/sync/settings';
import type { BenchModule, Row } from './main';

const CANDIDATES = Number(process.env.BENCH_IMPORT_CANDIDATES ?? 10_000);
const CONTACTS = Number(process.env.BENCH_IMPORT_CONTACTS ?? 20_000);
const IMPORTED = 500;
const SYSTEM = { userId: null };
const API_KEY = 'bench-import-key';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function run(): Promise<Row[]> {
  const sandbox = await startModuleSandbox();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-import-'));
  const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'crm.sqlite')}`, MODULES: '.', SEED_DEMO: '0', PORT: '0' });
  const env = { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'bench', SESSION_SECRET: 'bench' };
  const crm = await createCrm({ config, env });
  try {
    const admin = await crm.users.create({ login: 'admin', password: 'admin-bench', admin: true });
    await crm.users.setApiKey(admin.id, API_KEY);
    for (let i = 0; i < CONTACTS; i++) {
      await crm.contacts.create(SYSTEM, { lastname: `Family${i}`, firstname: `Given${i}`, email: `crm${i}@example.com`, phoneMobile: `+336${String(i).padStart(8, '0')}` });
    }
    await crm.modules.enable('gcontacts');
    crm.scheduler.cancelAll('gcontacts:');
    const host = crm.modules.get('gcontacts').handle.host;
    await host.settings.set('requests_per_minute', 6000);
    const sync = createSync(host, {
      gateway: ({ account, refreshToken }) =>
        createPeopleGateway({ endpoints: googleEndpoints(env), clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, refreshToken, email: account.email, requestsPerMinute: 1_000_000 }),
    });
    const email = 'bench.import@example.com';
    const outcome = await sync.connect({ email, scope: { kind: 'all' } });
    if (outcome.kind !== 'connected') throw new Error('sandbox connect failed');
    const account = outcome.account;

    // The phone's new people, 200 per batchCreate.
    const tokens = sandbox.control.createAccount(email);
    const auth = new google.auth.OAuth2({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    const people = google.people({ version: 'v1', rootUrl: `${sandbox.url}/`, auth, retry: false });
    for (let start = 0; start < CANDIDATES; start += 200) {
      const contacts: people_v1.Schema$ContactToCreate[] = [];
      for (let i = start; i < Math.min(CANDIDATES, start + 200); i++) {
        // Every tenth one is a CRM contact with its names swapped; the others are new people.
        const names = i % 10 === 0 ? { givenName: `Family${i}`, familyName: `Given${i}` } : { givenName: `New${i}`, familyName: `Person${i}` };
        contacts.push({ contactPerson: { names: [names], emailAddresses: [{ value: `phone${i}@example.org`, type: 'home' }], organizations: [{ name: `Company ${i % 500}` }] } });
      }
      await people.people.batchCreateContacts({ requestBody: { contacts, readMask: 'names' } });
    }
    const settings = await readSettings(host);
    const [first] = await sync.pull({ trigger: 'cli', waitForLease: true });
    if (first?.status !== 'done') throw new Error(`pull failed: ${first?.error ?? first?.status}`);
    const total = (await sync.context.stores.candidates.page({ accountIds: [account.id], ignored: false, offset: 0, limit: 1 })).total;

    const requests = await refreshCandidates(sync.context, [account], settings, admin.id);

    const url = await crm.listen(0);
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`, { headers: { DOLAPIKEY: API_KEY } });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
      const html = await res.text();
      if (!html.includes('data-candidate')) throw new Error(`GET ${path} shows no candidate`);
      return html;
    };
    const cold = await timed(() => get('/m/gcontacts/import?p=2'));
    const warm: number[] = [];
    for (let p = 3; p < 13; p++) warm.push(await timed(() => get(`/m/gcontacts/import?p=${p}`)));
    const searched = await timed(() => get('/m/gcontacts/import?p=2&q=person'));
    const opened: number[] = [];
    for (let i = 0; i < 5; i++) opened.push(await timed(() => get('/m/gcontacts/import')));
    const lookalikes = (await get('/m/gcontacts/import?p=2')).split('Possible duplicate of').length - 1;

    const { items } = await sync.context.stores.candidates.page({ accountIds: [account.id], ignored: false, offset: 0, limit: IMPORTED, search: 'person' });
    const rows: ImportRow[] = items.map((c) => ({
      accountId: account.id, resourceName: c.resourceName, action: { kind: 'create' }, thirdParty: { kind: 'new', status: 'prospect' }, salesRepId: admin.id, private: false, syncFlag: true, lastname: null,
    }));
    const runId = await startImport(sync.context, admin.id, rows.length);
    const importMs = await timed(() => runImport(sync.context, runId, admin.id, rows));
    const importRun = await sync.context.stores.runs.get(runId);
    if (importRun?.counts.imported !== rows.length) throw new Error(`import created ${importRun?.counts.imported} of ${rows.length}: ${JSON.stringify(importRun?.counts)}`);

    const bench = 'import';
    const what = `${total} candidates, ${CONTACTS} CRM contacts`;
    return [
      { bench, metric: `${what}: Google requests when the page opens`, value: requests, unit: 'requests', note: 'incremental read through the sync token, nothing changed (+ the access token refresh)' },
      { bench, metric: `${what}: draw a page of 50 with duplicate scoring`, value: median(warm), unit: 'ms', note: `median of ${warm.length} pages over HTTP; goal ≤ 300 ms; ${lookalikes} of 50 rows on page 2 have a look-alike` },
      { bench, metric: `${what}: first page drawn after start`, value: cold, unit: 'ms', note: `builds the in-memory index of the ${CONTACTS} CRM contacts once` },
      { bench, metric: `${what}: page opened (reads Google first)`, value: median(opened), unit: 'ms', note: 'median of 5; incremental read included' },
      { bench, metric: `${what}: a searched page`, value: searched, unit: 'ms', note: 'search text over every candidate' },
      { bench, metric: `import ${rows.length} (new prospect third parties)`, value: importMs / 1000, unit: 's', note: `${(importMs / rows.length).toFixed(1)} ms per contact: CRM create, third party, link, Google update + groups` },
    ];
  } finally {
    await crm.close();
    await sandbox.close();
  }
}

const bench: BenchModule = { name: 'import', run };
export const { name } = bench;
export { run };
