/**
 * The module running on the Dolibarr bridge against the fake Dolibarr and the Google sandbox, both over HTTP, with
 * Dolibarr's webhook target pointed at the bridge as `npm run dolibarr` prints it. The same helpers as the push
 * and pull suites drive Google; Dolibarr is driven through its REST API with the seeded users' keys, as its own
 * pages would change it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBridge, type Bridge } from '../../../bridges/dolibarr/bridge';
import { readBridgeConfig } from '../../../bridges/dolibarr/config';
import { DolibarrApi } from '../../../bridges/dolibarr/api';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../../src/sandbox/index';
import { startModuleSandbox } from '../../support/module-sandbox';
import { createSync } from '../../../src/sync';
import { startFakeDolibarr, type FakeDolibarr } from '../../support/fake-dolibarr';
import type { TestEngine } from '../../support/engines';
import { uniqueEmail } from '../../sandbox/helpers';
import { connectAccount, quickGateways, type SyncWorld } from '../../integration/sync/helpers';

export const FAST = { settleMs: 10, retriesMs: [20, 40, 80, 160, 320], recheckMs: 60 };

export interface BridgeWorld extends Omit<SyncWorld, 'crm'> {
  dolibarr: FakeDolibarr;
  bridge: Bridge;
  /** Dolibarr's REST API as a seeded user (admin, marie, james). */
  as(login: 'admin' | 'marie' | 'james' | 'lucas'): DolibarrApi;
  /** The world as the push and pull helpers take it (they never touch the reference CRM). */
  sync_: SyncWorld;
  /** Stops the bridge and starts it again on the same database (a restart of the sidecar). */
  restart(): Promise<void>;
}

export function bridgeWorld(engine: TestEngine): BridgeWorld {
  const world = { wrap: { gateway: null }, gateways: [], advance: () => {} } as unknown as BridgeWorld;
  let env: Record<string, string> = {};
  const start = async () => {
    world.bridge = await createBridge({ config: readBridgeConfig(env), env, timing: FAST, timers: false });
    // The module's own jobs would race the tests' runs.
    world.bridge.scheduler.cancelAll('gcontacts:');
    const url = await world.bridge.listen(0);
    world.dolibarr.control.webhookUrl = `${url}${world.bridge.webhookPath}`;
    world.host = world.bridge.host;
    world.sync = createSync(world.host, { gateway: quickGateways(world, world.host), retryPauseMs: 20 });
  };
  before(async function () {
    this.timeout(60_000);
    world.sandbox = await startModuleSandbox();
    world.dolibarr = await startFakeDolibarr();
    const dataDir = mkdtempSync(join(tmpdir(), 'gc-dolibarr-'));
    env = {
      DOLIBARR_URL: world.dolibarr.url,
      DOLIBARR_API_KEY: 'dolibarr-admin-key',
      DATA_DIR: dataDir,
      DATABASE_URL: await engine.freshUrl(),
      PORT: '0',
      SESSION_SECRET: 'test-secret',
      GCONTACTS_GOOGLE_URL: world.sandbox.url,
      GOOGLE_CLIENT_ID: SANDBOX_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
      GCONTACTS_SECRET: 'test',
      // No wake-ups nor polls in the background: they would race the tests' runs like the jobs.
      GCONTACTS_BACKGROUND: 'off',
    };
    await start();
    world.as = (login) => new DolibarrApi({ url: world.dolibarr.url, apiKey: `dolibarr-${login}-key` });
    world.restart = async () => {
      await world.bridge.close();
      await start();
    };
    // The module read the bridge's change feed before the account existed (as a running module does): the contacts
    // Dolibarr already had reach Google by Export all, not as changes.
    await world.sync.catchUp();
    await connectAccount(world, uniqueEmail('dolibarr'));
    world.sync_ = world as unknown as SyncWorld;
  });
  after(async () => {
    await world.bridge?.close();
    await world.dolibarr?.close();
    await world.sandbox?.close();
    await engine.cleanup();
  });
  return world;
}
