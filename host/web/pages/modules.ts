/**
 * The modules page (admins only): each loaded module with its state, and the lifecycle buttons — enable (runs its
 * migrations), disable (stops its jobs, hides its pages), remove data (drops its tables, only while disabled).
 */
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app';
import { requireAdmin } from '../auth';
import { context, flash } from '../context';

export function modulesRouter({ modules, renderer }: AppDeps): Router {
  const router = Router();
  router.use('/admin/modules', requireAdmin);

  /** The module's own name, in the reader's language. */
  const nameOf = (req: Request, id: string) => {
    const m = modules.get(id);
    return m.translator.t(context(req).locale, m.manifest.nameKey);
  };

  router.get('/admin/modules', async (req, res) => {
    const locale = context(req).locale;
    const list = modules.list().map((m) => ({
      id: m.manifest.id,
      name: m.translator.t(locale, m.manifest.nameKey),
      description: m.translator.t(locale, m.manifest.descriptionKey),
      version: m.manifest.version,
      enabled: m.enabled,
    }));
    await renderer.view(req, res, 'admin/modules', { modules: list }, { title: renderer.t(req, 'module.list') });
  });

  router.get('/admin/modules/:id/remove', async (req, res) => {
    const id = String(req.params.id);
    const name = nameOf(req, id);
    await renderer.view(
      req,
      res,
      'confirm',
      { question: renderer.t(req, 'module.remove_confirm', { name }), action: `/admin/modules/${encodeURIComponent(id)}/remove`, cancelHref: '/admin/modules' },
      { title: name },
    );
  });

  const run = (doneKey: string, work: (id: string) => Promise<void>) => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const name = nameOf(req, id);
    try {
      await work(id);
      flash(req, 'ok', `${doneKey}|${name}`);
    } catch (e) {
      // A module that fails to start (a migration error) or refuses: the admin reads why on the same page.
      flash(req, 'error', e instanceof Error ? e.message : String(e));
    }
    res.redirect(303, '/admin/modules');
  };

  router.post('/admin/modules/:id/enable', run('module.enabled', (id) => modules.enable(id)));
  router.post('/admin/modules/:id/disable', run('module.disabled', (id) => modules.disable(id)));
  router.post('/admin/modules/:id/remove', run('module.data_removed', (id) => modules.removeData(id)));

  return router;
}
