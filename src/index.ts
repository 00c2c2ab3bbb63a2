/**
 * The GContacts module: wires its pieces to the host, nothing else.
 * register: routes (no I/O). bootstrap: migrations, event subscriptions, jobs. destroy: stop them.
 */
import { Router } from 'express';
import { defineModule, type Host } from './host-contract';
import { dropModuleTables, migrateModule } from './store/migrate';
import { createSync, type Listening } from './sync';
import { cancelJobs, scheduleJobs } from './sync/schedule';
import { ensureInstanceId } from './sync/settings';
import { backupRouter } from './web/backup-router';
import { checkRouter } from './web/check-router';
import { importRouter } from './web/import-router';
import { oauthRouter } from './web/oauth-router';
import { runsRouter } from './web/runs-router';
import { setupRouter } from './web/setup-router';
import { googleListColumn } from './web/list-column';
import { lazySync } from './web/lazy-sync';
import { tabRouter } from './web/tab-router';
import { parseManifest } from './module-manifest';
import manifest from '../module.json' with { type: 'json' };

/** What bootstrap started per host: the event triggers and the startup read of the change feed. */
const started = new WeakMap<Host, { listening: Listening; catchingUp: Promise<unknown> }>();

export default defineModule({
  register(host) {
    const router = Router();
    router.use(runsRouter(host));
    router.use(tabRouter(host));
    router.use(oauthRouter(host));
    router.use(checkRouter(host));
    router.use(setupRouter(host, parseManifest(manifest).settings));
    router.use(backupRouter(host));
    router.use(importRouter(host));
    host.ui.mount(router);
    host.ui.listColumn(googleListColumn(host, lazySync(host)));
  },
  async bootstrap(host) {
    await migrateModule(host.db);
    await ensureInstanceId(host);
    const sync = createSync(host);
    // GCONTACTS_BACKGROUND=off: no wake-ups nor polls in this process, only the scheduled jobs (tests that drive
    // every run themselves).
    const listening = sync.listen(host.env.GCONTACTS_BACKGROUND !== 'off');
    // What a crash lost between a save and its outbox row, then what is due: not awaited, so a long backlog never
    // delays the host's start.
    const catchingUp = sync
      .catchUp()
      .then(() => listening.wakeAll())
      .catch((e: Error) => host.log.error('gcontacts: could not read the CRM change feed', { error: e.message }));
    started.set(host, { listening, catchingUp });
    await scheduleJobs(host, sync);
  },
  async destroy(host) {
    cancelJobs(host);
    // Writes the changes still queued in memory before the module stops listening.
    const running = started.get(host);
    await running?.catchingUp;
    await running?.listening.stop();
    started.delete(host);
  },
  async removeData(host) {
    await dropModuleTables(host.db);
  },
});
