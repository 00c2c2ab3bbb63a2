/** A user's own preferences from the user menu: the language of the CRM's pages, kept per user (Dolibarr's MAIN_LANG_DEFAULT per user). */
import { Router } from 'express';
import { LOCALES } from '../../i18n';
import type { AppDeps } from '../app';
import { currentUser, flash } from '../context';

/** A path of this site to go back to; anything else (another site, a protocol-relative URL) goes home. */
function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export function preferencesRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/preferences/lang', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lang = String(body.lang ?? '');
    if ((LOCALES as readonly string[]).includes(lang)) {
      await deps.users.update(currentUser(req).id, { lang });
      flash(req, 'ok', 'preferences.lang_saved');
    }
    res.redirect(303, localPath(body.back));
  });
  return router;
}
