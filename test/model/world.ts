/**
 * The model test's world: one reference CRM (host + module) and one Google sandbox per engine, reused by every run.
 * Each run starts clean: the CRM's contacts and the module's rows are wiped, and a new Google account (a fresh,
 * empty address book) is connected and pulled once, so a run sees nothing of the previous one. Starting a whole
 * CRM per run would cost a second; wiping costs milliseconds, which is what lets CI afford hundreds of runs.
 */
import { google, type people_v1 } from 'googleapis';
import type { Host } from '../../src/host-contract';
import type { PeopleGateway } from '../../src/google/gateway';
import { createPeopleGateway } from '../../src/google/people-gateway';
import { googleEndpoints } from '../../src/google/endpoints';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type RunningSandbox } from '../../src/sandbox/index';
import { startModuleSandbox } from '../support/module-sandbox';
import { createSync, type Sync } from '../../src/sync';
import { flushTriggers } from '../../src/sync/triggers';
import type { Account } from '../../src/store/accounts';
import { engineOf } from '../../host/db/connect';
import { startCrm, type RunningCrm } from '../support/crm';
import type { TestEngine } from '../support/engines';
import { oauthClient, uniqueEmail } from '../sandbox/helpers';

/** The gateway's timeout: a `hang` fault costs this much per attempt, so it is short. */
export const MODEL_TIMEOUT_MS = 250;

export interface ModelWorld {
  sandbox: RunningSandbox;
  crm: RunningCrm;
  host: Host;
  sync: Sync;
  account: Account;
  /** The same Google account as a phone sees it. */
  phone: people_v1.People;
  /** Third parties and sales reps every run shares (ids). */
  thirdParties: number[];
  reps: number[];
  /** How far the CRM's clock and the sandbox's clock were moved ahead of real time (ms), over all runs. */
  crmAheadMs: number;
  sandboxAheadMs: number;
  advanceCrm(ms: number): void;
  advanceSandbox(ms: number): void;
  /** Starts a run on a clean CRM and a new, empty Google account. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startModelWorld(engine: TestEngine): Promise<ModelWorld> {
  const sandbox = await startModuleSandbox();
  const env = { GCONTACTS_GOOGLE_URL: sandbox.url, GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID, GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, GCONTACTS_SECRET: 'test' };
  const world = { sandbox, crmAheadMs: 0, sandboxAheadMs: 0 } as ModelWorld;
  world.advanceCrm = (ms) => void (world.crmAheadMs += ms);
  world.advanceSandbox = (ms) => {
    sandbox.control.advanceClock(ms);
    world.sandboxAheadMs += ms;
  };
  world.crm = await startCrm({ databaseUrl: await engine.freshUrl(), env, now: () => new Date(Date.now() + world.crmAheadMs) });
  world.host = world.crm.crm.modules.get('gcontacts').handle.host;
  world.crm.crm.scheduler.cancelAll('gcontacts:');
  // Runs hold one to four links: one phone delete is a quarter of them, which the mass-deletion guard would stop.
  await world.host.settings.set('mass_delete_share', 1);
  const gateway = (options: { account: Account; refreshToken: string }): PeopleGateway =>
    createPeopleGateway({
      endpoints: googleEndpoints(world.host.env),
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      refreshToken: options.refreshToken,
      email: options.account.email,
      requestsPerMinute: 1_000_000,
      timeoutMs: MODEL_TIMEOUT_MS,
      backoff: { baseMs: 1, limitMs: 5 },
      crmNow: () => world.host.clock.now().getTime(),
    });
  world.sync = createSync(world.host, { gateway, retryPauseMs: 1 });
  const { crm } = world.crm;
  world.reps = [];
  for (const login of ['model.anna', 'model.bob']) world.reps.push((await crm.users.create({ login, password: 'model-password' })).id);
  world.thirdParties = [];
  for (const name of ['Acme', 'Globex']) world.thirdParties.push((await crm.thirdParties.create({ name })).id);

  world.reset = async () => {
    await flushTriggers(world.host);
    const db = crm.db;
    const tables = (await moduleTables(db)).sort((a, b) => Number(a === 'gcontacts_account') - Number(b === 'gcontacts_account'));
    await db.transaction(async (trx) => {
      for (const table of tables) await trx(table).delete();
      await trx('llx_socpeople').delete();
      await trx('llx_societe_commerciaux').delete();
    });
    sandbox.control.clearFaults();
    const email = uniqueEmail('model');
    const connected = await world.sync.connect({ email, scope: { kind: 'all' } });
    if (connected.kind !== 'connected') throw new Error('the sandbox connect should not need a browser');
    world.account = connected.account;
    const auth = oauthClient(sandbox);
    const tokens = sandbox.control.createAccount(email);
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    world.phone = google.people({ version: 'v1', rootUrl: `${sandbox.url}/`, auth, retry: false });
    // The first push of an account never pulled pulls it whole first; done here, a run starts on a linked account.
    await world.sync.push({ trigger: 'test', waitForLease: true });
  };
  world.close = async () => {
    await world.crm.close();
    await sandbox.close();
    await engine.cleanup();
  };
  return world;
}

/** The module's tables but its migration ledger. */
async function moduleTables(db: RunningCrm['crm']['db']): Promise<string[]> {
  const rows: Array<Record<string, string>> = engineOf(db) === 'mysql'
    ? // mysql2 answers [rows, fields]: the rows come first.
      (await db.raw<Record<string, string>[][]>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'gcontacts\\_%'"))[0]!
    : await db.raw<Record<string, string>[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'gcontacts\\_%' ESCAPE '\\'");
  return rows.map((r) => r.name ?? r.NAME ?? r.TABLE_NAME!).filter((name) => !/ledger|migration|lock/i.test(name));
}
