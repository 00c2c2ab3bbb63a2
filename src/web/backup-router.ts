/**
 * Downloads of the vCard backups the module writes before deleting Google contacts (store/backups.ts), for the
 * module's administrators only: they hold personal data. The name in the URL is looked up among the backups
 * themselves (the store refuses anything that is not one of its own names), so no path can reach another file.
 */
import { Router } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';
import { requireRight } from './guard';
import { lazySync } from './lazy-sync';

export function backupRouter(host: Host): Router {
  const router = Router();
  const sync = lazySync(host);
  router.get('/backups/:name', requireRight(host, 'gcontacts.admin'), async (req, res) => {
    const name = String(req.params.name ?? '');
    const text = await sync().backups.read(name);
    if (text === null) throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'backups.not_found'));
    res.set({
      'Content-Type': 'text/vcard; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(text);
  });
  return router;
}
