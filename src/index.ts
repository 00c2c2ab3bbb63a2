/**
 * The GContacts module: wires its pieces to the host, nothing else.
 * register: routes (no I/O). bootstrap: migrations, event subscriptions, jobs. destroy: stop them.
 */
import { Router } from 'express';
import { defineModule, type Host } from './host-contract';
import { dropModuleTables, migrateModule } from './store/migrate';
import { createSync } from './sync';
import { ensureInstanceId } from './sync/settings';
import type { Triggers } from './sync/triggers';
import { tabRouter } from './web/tab-router';

/** module.json job "push": every minute, pushes what the triggers queued. */
const PUSH_JOB = { id: 'push', cron: '* * * * *' };

const started = new WeakMap<Host, Triggers>();

export default defineModule({
  register(host) {
    const router = Router();
    router.use(tabRouter(host));
    host.ui.mount(router);
  },
  async bootstrap(host) {
    await migrateModule(host.db);
    await ensureInstanceId(host);
    const sync = createSync(host);
    started.set(host, sync.listen());
    host.scheduler.every(PUSH_JOB.id, PUSH_JOB.cron, async () => {
      await sync.push({ trigger: 'cron' });
    });
  },
  async destroy(host) {
    host.scheduler.cancel(PUSH_JOB.id);
    // Writes the changes still queued in memory before the module stops listening.
    await started.get(host)?.stop();
    started.delete(host);
  },
  async removeData(host) {
    await dropModuleTables(host.db);
  },
});
