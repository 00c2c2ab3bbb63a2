/**
 * Builds the `Host` a module receives: host services seen through the contract, with the module's origin stamped
 * on its writes, its event subscriptions and jobs tracked so that disabling the module stops all of them even if
 * the module forgets.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Request, Response, Router } from 'express';
import type { ContactDirectory, CrmUser, Host, HostEventHandler, HostEventName, HostLog, ListColumn, PageOptions } from '../../src/host-contract';
import { HOST_API_VERSION } from '../../src/host-contract';
import type { ModuleManifest } from '../../src/module-manifest';
import type { Translator } from '../i18n';
import type { ContactService } from '../services/contacts';
import { SYSTEM } from '../services/contacts';
import type { EventBus } from '../services/events';
import type { Scheduler } from '../services/scheduler';
import { ModuleSettings } from '../services/settings';
import type { ThirdPartyService } from '../services/thirdparties';
import { publicUser, type UserService } from '../services/users';

/** What the web layer lends to modules. */
export interface WebBindings {
  user(req: Request): CrmUser;
  locale(req: Request): string;
  csrfToken(req: Request): string;
  page(req: Request, res: Response, options: PageOptions, moduleId: string): void;
}

export interface HostDeps {
  db: Knex;
  dataDir: string;
  contacts: ContactService;
  thirdParties: ThirdPartyService;
  users: UserService;
  events: EventBus;
  scheduler: Scheduler;
  web: WebBindings;
  log: (scope: string) => HostLog;
  now: () => Date;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ModuleHandle {
  host: Host;
  settings: ModuleSettings;
  router: Router | null;
  /** The list columns the module declared (host contract's ListColumn). */
  columns: ListColumn[];
  /** Stops every subscription and job the module made. */
  release(): void;
}

export function createModuleHost(deps: HostDeps, manifest: ModuleManifest, translator: Translator): ModuleHandle {
  const id = manifest.id;
  const unsubscribers = new Set<() => void>();
  const settings = new ModuleSettings(deps.db, id, manifest.settings);
  const dataDir = join(deps.dataDir, 'modules', id);
  mkdirSync(dataDir, { recursive: true });
  const handle: ModuleHandle = {
    settings,
    router: null,
    columns: [],
    host: undefined as unknown as Host,
    release() {
      for (const off of unsubscribers) off();
      unsubscribers.clear();
      deps.scheduler.cancelAll(`${id}:`);
    },
  };
  handle.host = {
    apiVersion: HOST_API_VERSION,
    db: deps.db,
    dataDir,
    contacts: directory(deps, id),
    events: {
      on<E extends HostEventName>(event: E, handler: HostEventHandler<E>) {
        const off = deps.events.on(event, handler);
        unsubscribers.add(off);
        return () => {
          off();
          unsubscribers.delete(off);
        };
      },
    },
    ui: {
      mount(router) {
        handle.router = router;
      },
      listColumn(column) {
        handle.columns.push(column);
      },
      user: (req) => deps.web.user(req),
      locale: (req) => deps.web.locale(req),
      csrfToken: (req) => deps.web.csrfToken(req),
      page: (req, res, options) => deps.web.page(req, res, options, id),
    },
    rights: { check: (user, right) => deps.users.hasRight(user, right) },
    settings,
    scheduler: {
      every: (name, cron, fn) => deps.scheduler.every(`${id}:${name}`, cron, fn),
      cancel: (name) => deps.scheduler.cancel(`${id}:${name}`),
    },
    i18n: { t: (locale, key, params) => translator.t(locale, key, params) },
    log: deps.log(id),
    clock: { now: deps.now },
    env: deps.env,
  };
  return handle;
}

/** Host data through the contract: the module sees every contact (it must notice one turning private). */
function directory(deps: HostDeps, moduleId: string): ContactDirectory {
  const stamp = <T extends { origin?: string }>(options?: T) => ({ ...options, origin: options?.origin ?? moduleId });
  return {
    get: (id) => deps.contacts.get(SYSTEM, id),
    getMany: (ids) => deps.contacts.getMany(SYSTEM, ids),
    list: (query) => deps.contacts.list(SYSTEM, query),
    create: (input, options) => deps.contacts.create(SYSTEM, input, stamp(options)),
    update: (id, patch, options) => deps.contacts.update(SYSTEM, id, patch, stamp(options)),
    remove: (id, options) => deps.contacts.remove(SYSTEM, id, stamp(options)),
    thirdParty: (id) => deps.thirdParties.get(id),
    thirdParties: (ids) => deps.thirdParties.getMany(ids),
    createThirdParty: (input) => deps.thirdParties.create(input),
    searchThirdParties: async (query, limit) => (await deps.thirdParties.search({ q: query, limit })).items,
    thirdPartiesByName: (names) => deps.thirdParties.byNames(names),
    setSalesReps: async (thirdPartyId, userIds, options) => void (await deps.thirdParties.setSalesReps(thirdPartyId, userIds, stamp(options))),
    salesReps: (thirdPartyId) => deps.thirdParties.salesReps(thirdPartyId),
    salesRepsOf: (ids) => deps.thirdParties.salesRepsOf(ids),
    thirdPartiesOfSalesRep: (userId) => deps.thirdParties.thirdPartiesOfSalesRep(userId),
    users: () => deps.users.list().then((list) => list.map(publicUser)),
    user: (id) => deps.users.get(id).then((u) => (u ? publicUser(u) : null)),
  };
}
