/**
 * The GContacts module: wires its pieces to the host, nothing else.
 * register: routes (no I/O). bootstrap: migrations, event subscriptions, jobs. destroy: stop them.
 */
import { Router } from 'express';
import { defineModule } from './host-contract';
import { dropModuleTables, migrateModule } from './store/migrate';
import { tabRouter } from './web/tab-router';

export default defineModule({
  register(host) {
    const router = Router();
    router.use(tabRouter(host));
    host.ui.mount(router);
  },
  async bootstrap(host) {
    await migrateModule(host.db);
  },
  async destroy() {
    // Nothing runs yet between bootstrap and destroy; the host releases subscriptions and jobs on its side.
  },
  async removeData(host) {
    await dropModuleTables(host.db);
  },
});
