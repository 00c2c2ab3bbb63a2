/**
 * The composition root of the reference CRM: database, migrations, services, modules, web app. `npm start`, the
 * CLI and the end-to-end tests all build the CRM through here, so they run the same thing.
 */
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { HostConfig } from './config';
import { connect } from './db/connect';
import { migrateHost } from './db/migrate';
import { loadCatalog, Translator } from './i18n';
import { createLog } from './log';
import { ModuleRegistry } from './modules/registry';
import { ContactService } from './services/contacts';
import { EventBus } from './services/events';
import { Scheduler } from './services/scheduler';
import { ThirdPartyService } from './services/thirdparties';
import { publicUser, UserService } from './services/users';
import { fileSecret } from './secret';
import { createApp } from './web/app';
import { context, csrfToken, currentUser } from './web/context';
import { PageRenderer } from './web/render';

export interface Crm {
  config: HostConfig;
  db: Knex;
  events: EventBus;
  contacts: ContactService;
  thirdParties: ThirdPartyService;
  users: UserService;
  scheduler: Scheduler;
  modules: ModuleRegistry;
  translator: Translator;
  app: Express;
  /** Listens on `port` (0 = any free port) and resolves with the URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface CrmOptions {
  config: HostConfig;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

export async function createCrm({ config, env = process.env, now = () => new Date() }: CrmOptions): Promise<Crm> {
  const log = createLog('crm');
  const db = connect(config.databaseUrl, config.dataDir);
  let ready = false;
  await migrateHost(db);
  const events = new EventBus(log);
  const contacts = new ContactService(db, events, now);
  const thirdParties = new ThirdPartyService(db, events, now);
  const users = new UserService(db, events, now);
  const scheduler = new Scheduler(createLog('scheduler'), now);
  const translator = new Translator(loadCatalog(join(import.meta.dirname, 'lang')));
  let modules: ModuleRegistry | undefined;
  const renderer = new PageRenderer(translator, () => modules!, contacts, thirdParties);
  modules = new ModuleRegistry({
    db,
    dataDir: config.dataDir,
    contacts,
    thirdParties,
    users,
    events,
    scheduler,
    web: {
      user: (req) => publicUser(currentUser(req)),
      locale: (req) => context(req).locale,
      csrfToken,
      // The contract's page() returns nothing: a failure drawing the frame goes to the error handler through the
      // request's own next, instead of an unanswered request and an unhandled rejection that ends the process.
      page: (req, res, options, moduleId) => void renderer.page(req, res, options, moduleId).catch((e: unknown) => req.next?.(e)),
    },
    log: (scope) => createLog(scope),
    now,
    env,
  });
  const app = createApp({
    db,
    contacts,
    thirdParties,
    users,
    modules,
    scheduler,
    translator,
    renderer,
    sessionSecret: fileSecret(env.SESSION_SECRET, join(config.dataDir, 'session.secret')),
    secureCookies: config.publicUrl.startsWith('https:'),
    now,
    isReady: () => ready,
    logError: log.error,
  });
  for (const dir of config.moduleDirs) await modules.load(dir);
  ready = true;

  let server: Server | null = null;
  return {
    config,
    db,
    events,
    contacts,
    thirdParties,
    users,
    scheduler,
    modules,
    translator,
    app,
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
      scheduler.stop();
      await modules.stopAll();
      // close() only stops accepting: its callback waits for every open connection, so a browser's keep-alive (or a
      // page polling a run) would hold the shutdown; they are closed at once instead.
      if (server) {
        const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      }
      await db.destroy();
    },
  };
}
