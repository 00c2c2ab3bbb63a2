/**
 * The GContacts setup page, read-only for now: which Google the module talks to (the sandbox says so plainly),
 * the connected accounts, the settings in force and the run history. Connecting accounts and editing settings
 * from the page come with the setup page's own issue; until then the CLI does both.
 */
import { Router } from 'express';
import type { Host } from '../host-contract';
import { googleEndpoints } from '../google/endpoints';
import { requireRight } from './guard';
import { lazySync } from './lazy-sync';
import { renderView } from './render';

const RUNS_SHOWN = 20;

export function setupRouter(host: Host, manifestSettings: readonly { key: string; labelKey: string }[]): Router {
  const router = Router();
  const sync = lazySync(host);
  router.get('/setup', requireRight(host, 'gcontacts.admin'), async (req, res) => {
    const { stores, backups } = sync();
    const [accounts, runs, values, backupList] = await Promise.all([stores.accounts.list(), stores.runs.recent(RUNS_SHOWN), host.settings.all(), backups.list()]);
    const endpoints = googleEndpoints(host.env);
    const emails = new Map(accounts.map((a) => [a.id, a.email]));
    const body = await renderView(host, req, 'setup', {
      google: { sandbox: endpoints.sandbox, url: endpoints.peopleRootUrl },
      accounts,
      settings: manifestSettings.map((s) => ({ labelKey: s.labelKey, value: values[s.key] })),
      runs: runs.map((r) => ({ ...r, email: r.accountId === null ? null : (emails.get(r.accountId) ?? null) })),
      backups: backupList,
    });
    host.ui.page(req, res, { title: host.i18n.t(host.ui.locale(req), 'setup.title'), body });
  });
  return router;
}
