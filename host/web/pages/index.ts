/** The CRM's pages for people; each area has its own router file. */
import { Router } from 'express';
import type { AppDeps } from '../app';
import { contactsRouter } from './contacts';
import { viewer } from './forms';
import { modulesRouter } from './modules';
import { preferencesRouter } from './preferences';
import { thirdPartiesRouter } from './thirdparties';
import { usersRouter } from './users';

export function pagesRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [contacts, thirdParties] = await Promise.all([deps.contacts.search(viewer(req), { limit: 1 }), deps.thirdParties.search({ limit: 1 })]);
    await deps.renderer.view(req, res, 'home', { contactCount: contacts.total, thirdPartyCount: thirdParties.total }, { title: deps.renderer.t(req, 'home.title') });
  });
  router.use(thirdPartiesRouter(deps));
  router.use(contactsRouter(deps));
  router.use(usersRouter(deps));
  router.use(modulesRouter(deps));
  router.use(preferencesRouter(deps));
  return router;
}
