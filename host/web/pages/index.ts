/** The CRM's pages for people; each area has its own router file. */
import { Router } from 'express';
import type { AppDeps } from '../app';
import { context } from '../context';

export function pagesRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const viewer = { userId: context(req).user!.id };
    const [contacts, thirdParties] = await Promise.all([deps.contacts.search(viewer, { limit: 1 }), deps.thirdParties.search({ limit: 1 })]);
    await deps.renderer.view(req, res, 'home', { contactCount: contacts.total, thirdPartyCount: thirdParties.total }, { title: deps.translator.t(context(req).locale, 'home.title') });
  });
  return router;
}
