/**
 * The composition root of the Dolibarr bridge: a second implementation of the host contract, over Dolibarr's
 * REST API and Webhook module, running the unchanged GContacts module beside a real Dolibarr. `npm run dolibarr`,
 * the module's CLI (with DOLIBARR_URL set) and the bridge's tests all build it through here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { Router } from 'express';
import type { Host, ModuleDefinition } from '../../src/host-contract';
import { HOST_API_VERSION } from '../../src/host-contract';
import { loadManifest } from '../../src/module-manifest';
import { loadCatalog, Translator } from '../../host/i18n';
import { createLog } from '../../host/log';
import { EventBus } from '../../host/services/events';
import { Scheduler } from '../../host/services/scheduler';
import { ModuleSettings } from '../../host/services/settings';
import { fileSecret } from '../../host/secret';
import { DolibarrApi } from './api';
import type { BridgeConfig } from './config';
import { connectBridgeDb } from './db';
import { DolibarrDirectory } from './directory';
import { Inbox, type InboxTiming } from './inbox';
import { ContactMirror } from './mirror';
import { Poller } from './poller';
import { DolibarrRights } from './rights';
import { SalesRepTable } from './salesreps';
import { BridgeState, migrateBridge, SETTINGS_TABLE } from './state';
import { BridgeWeb, localeOf } from './web';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Bridge {
  config: BridgeConfig;
  host: Host;
  db: Knex;
  api: DolibarrApi;
  events: EventBus;
  directory: DolibarrDirectory;
  mirror: ContactMirror;
  inbox: Inbox;
  poller: Poller;
  scheduler: Scheduler;
  /** Path of the webhook endpoint (add it to PUBLIC_URL for Dolibarr). */
  webhookPath: string;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface BridgeOptions {
  config: BridgeConfig;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  /** Tests shorten the waits for Dolibarr's commit. */
  timing?: InboxTiming;
  /** False: no catch-up poll nor reconciliation timers (the CLI, tests that run them by hand). */
  timers?: boolean;
}

export async function createBridge({ config, env = process.env, now = () => new Date(), timing, timers = true }: BridgeOptions): Promise<Bridge> {
  const log = createLog('dolibarr');
  mkdirSync(config.dataDir, { recursive: true });
  const db = connectBridgeDb(config.databaseUrl, config.dataDir);
  await migrateBridge(db);
  const api = new DolibarrApi({ url: config.dolibarrUrl, apiKey: config.apiKey });
  await api.get('/users/info').catch((e: Error) => {
    throw new Error(`Dolibarr refused the bridge's API key at ${config.dolibarrUrl}: ${e.message}`);
  });
  const events = new EventBus(log);
  const state = new BridgeState(db);
  const mirror = new ContactMirror(db, events, now);
  await mirror.init();
  const reps = new SalesRepTable(db);
  if (await reps.copyFromDolibarr()) log.info('dolibarr: sales reps read from llx_societe_commerciaux');
  const directory = new DolibarrDirectory({ api, mirror, reps, state, now });
  const inbox = new Inbox({ api, mirror, reps, state, events, log, now, ...(timing ? { timing } : {}) });
  const poller = new Poller(api, mirror, state, log, now, { overlapMs: config.overlapSeconds * 1000, dbTimeZone: config.dbTimeZone });
  const scheduler = new Scheduler(createLog('scheduler'), now);
  const rights = new DolibarrRights(api, now);

  const manifest = loadManifest(join(ROOT, 'module.json'));
  const moduleTranslator = new Translator(loadCatalog(join(ROOT, manifest.lang)));
  const translator = new Translator(loadCatalog(join(import.meta.dirname, 'lang')));
  let router: Router | null = null;
  const web = new BridgeWeb({
    api,
    directory,
    reps,
    rights,
    inbox,
    events,
    translator,
    log,
    secret: fileSecret(env.SESSION_SECRET, join(config.dataDir, 'session.secret')),
    webhookSecret: config.webhookSecret,
    secureCookies: config.publicUrl.startsWith('https:'),
    moduleRouter: () => router,
    now,
  });
  const dataDir = join(config.dataDir, 'modules', manifest.id);
  mkdirSync(dataDir, { recursive: true });
  const host: Host = {
    apiVersion: HOST_API_VERSION,
    db,
    dataDir,
    contacts: directory,
    events,
    ui: {
      mount: (r) => void (router = r),
      // Dolibarr draws its own contact list; a module's list column has no place to go through the REST API.
      listColumn: () => undefined,
      user: (req) => web.user(req),
      locale: (req) => localeOf(req),
      csrfToken: (req) => web.csrfToken(req),
      page: (req, res, options) => web.page(req, res, options),
    },
    rights,
    settings: new ModuleSettings(db, manifest.id, manifest.settings, SETTINGS_TABLE),
    scheduler: {
      every: (name, cron, fn) => scheduler.every(`${manifest.id}:${name}`, cron, fn),
      cancel: (name) => scheduler.cancel(`${manifest.id}:${name}`),
    },
    i18n: { t: (locale, key, params) => moduleTranslator.t(locale, key, params) },
    log: createLog(manifest.id),
    clock: { now },
    env,
  };
  const definition = ((await import(pathToFileURL(join(ROOT, manifest.entry)).href)) as { default: ModuleDefinition }).default;
  definition.register(host);
  // Before the module starts: the first poll runs the first reconciliation (a silent baseline on a new
  // installation, older than the module's change cursor), and what changed while the sidecar was down gets new
  // update times that the module's startup read of the change feed (list with changedSince) then queues.
  await poller.catchUp().catch((e: Error) => log.warn('dolibarr: first catch-up poll failed; the next one retries', { error: e.message }));
  await definition.bootstrap(host);
  const intervals = timers
    ? [
        setInterval(() => void poller.catchUp().catch((e: Error) => log.warn('dolibarr: catch-up poll failed', { error: e.message })), config.pollSeconds * 1000),
        setInterval(() => void poller.reconcile().catch((e: Error) => log.warn('dolibarr: reconciliation failed', { error: e.message })), config.reconcileMinutes * 60_000),
      ]
    : [];
  const app = web.app();
  let server: Server | null = null;
  return {
    config,
    host,
    db,
    api,
    events,
    directory,
    mirror,
    inbox,
    poller,
    scheduler,
    webhookPath: `/dolibarr/webhook/${config.webhookSecret}`,
    listen(port = config.port) {
      return new Promise((resolve, reject) => {
        const s = app.listen(port, config.host, () => {
          const address = s.address();
          resolve(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${typeof address === 'object' && address ? address.port : port}`);
        });
        s.once('error', reject);
        server = s;
      });
    },
    async close() {
      intervals.forEach(clearInterval);
      scheduler.stop();
      await inbox.stop();
      await definition.destroy(host);
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server?.closeAllConnections?.();
      await db.destroy();
    },
  };
}
