/**
 * The GContacts module: wires its pieces to the host, nothing else.
 * register: routes (no I/O). bootstrap: migrations, event subscriptions, jobs. destroy: stop them.
 */
import { Router } from 'express';
import { defineModule, type Host } from './host-contract';
import { dropModuleTables, migrateModule } from './store/migrate';
import { createSync } from './sync';
import { cancelJobs, scheduleJobs } from './sync/schedule';
import { ensureInstanceId } from './sync/settings';
import type { Triggers } from './sync/triggers';
import { backupRouter } from './web/backup-router';
import { runsRouter } from './web/runs-router';
import { setupRouter } from './web/setup-router';
import { tabRouter } from './web/tab-router';
import manifest from '../module.json' with { type: 'json' };

/** What bootstrap started per host: the event triggers and the startup read of the change feed. */
const started = new WeakMap<Host, { triggers: Triggers; catchingUp: Promise<unknown> }>();

export default defineModule({
  register(host) {
    const router = Router();
    router.use(runsRouter(host));
    router.use(tabRouter(host));
    router.use(setupRouter(host, manifest.settings));
    router.use(backupRouter(host));
    host.ui.mount(router);
  },
  async bootstrap(host) {
    await migrateModule(host.db);
    await ensureInstanceId(host);
    const sync = createSync(host);
    const triggers = sync.listen();
    // What a crash lost between a save and its outbox row; not awaited, so a long backlog never delays the host.
    const catchingUp = sync.catchUp().catch((e: Error) => host.log.error('gcontacts: could not read the CRM change feed', { error: e.message }));
    started.set(host, { triggers, catchingUp });
    await scheduleJobs(host, sync);
  },
  async destroy(host) {
    cancelJobs(host);
    // Writes the changes still queued in memory before the module stops listening.
    const running = started.get(host);
    await running?.catchingUp;
    await running?.triggers.stop();
    started.delete(host);
  },
  async removeData(host) {
    await dropModuleTables(host.db);
  },
});
