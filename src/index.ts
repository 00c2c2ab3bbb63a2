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
import { checkRouter } from './web/check-router';
import { oauthRouter } from './web/oauth-router';
import { runsRouter } from './web/runs-router';
import { setupRouter } from './web/setup-router';
import { tabRouter } from './web/tab-router';
import { parseManifest } from './module-manifest';
import manifest from '../module.json' with { type: 'json' };

const started = new WeakMap<Host, Triggers>();

export default defineModule({
  register(host) {
    const router = Router();
    router.use(runsRouter(host));
    router.use(tabRouter(host));
    router.use(oauthRouter(host));
    router.use(checkRouter(host));
    router.use(setupRouter(host, parseManifest(manifest).settings));
    host.ui.mount(router);
  },
  async bootstrap(host) {
    await migrateModule(host.db);
    await ensureInstanceId(host);
    const sync = createSync(host);
    started.set(host, sync.listen());
    await scheduleJobs(host, sync);
  },
  async destroy(host) {
    cancelJobs(host);
    // Writes the changes still queued in memory before the module stops listening.
    await started.get(host)?.stop();
    started.delete(host);
  },
  async removeData(host) {
    await dropModuleTables(host.db);
  },
});
