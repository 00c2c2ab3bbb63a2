/**
 * The Import page (issue 11): the Google contacts of the accounts a sales rep may import from (the CRM-wide ones,
 * the rep's own, import-only ones) that no CRM contact is linked to, a page at a time, with their likely CRM
 * duplicates; "Import selected" runs the import (sync/import.ts), in the background past BACKGROUND_FROM rows (a
 * background operation, sync/operation.ts, followed live by the shared run-progress partial).
 *
 *   GET  /import                 the page (reads Google incrementally first, import-listing.ts)
 *   POST /import                 import the ticked rows (or every matching one, bounded by import_max_rows)
 *   POST /import/ignore|unignore remember (or forget) that a person is not to be imported
 *   GET  /import/third-parties   JSON search of third parties, for the "Existing third party" choice
 *   GET  /import/import.js|css   the page's script and styles (the host's CSP takes them from the CRM's origin only)
 */
import { join } from 'node:path';
import { Router, type Request } from 'express';
import { preselectedLink, suggestLastName } from '../core/duplicates';
import { isGContactsError } from '../errors';
import type { Host } from '../host-contract';
import type { Account } from '../store/accounts';
import { runImport, startImport, type ImportRow } from '../sync/import';
import { refreshCandidates } from '../sync/import-listing';
import { CrmLookalikes } from '../sync/lookalikes';
import { startOperation, type OperationControl, type OperationResult } from '../sync/operation';
import { readSettings } from '../sync/settings';
import { OWN_PAGE, SETUP_PAGE } from './account-access';
import { requireRight } from './guard';
import { badChoice, bulkThirdParty, many, one, parseBulk, parseRow, parseRowKey, type FormBody } from './import-form';
import { accountsFor, candidateQuery, pageUrl, readFilters, RESULTS_PARAM, type PageFilters } from './import-filters';
import { importPage } from './import-view';
import { lazySync } from './lazy-sync';
import { renderView } from './render';
import { answerStart, followedRun, RUN_PARAM } from './runs-router';

export const PAGE_SIZE = 50;
/** Imports of more rows than this run in the background, the page following their progress. */
export const BACKGROUND_FROM = 50;
const RIGHT = 'gcontacts.import';
const VIEWS = join(import.meta.dirname, '..', '..', 'views');

export function importRouter(host: Host): Router {
  const router = Router();
  const sync = lazySync(host);
  const lookalikes = new CrmLookalikes(host);
  const guard = requireRight(host, RIGHT);
  const myAccounts = async (req: Request) => accountsFor(await sync().stores.accounts.list({ importOnly: 'include' }), host.ui.user(req).id);

  router.get('/import/import.js', guard, (_req, res) => res.type('application/javascript').sendFile(join(VIEWS, 'import.js')));
  router.get('/import/import.css', guard, (_req, res) => res.type('text/css').sendFile(join(VIEWS, 'import.css')));

  router.get('/import', guard, async (req, res) => {
    const user = host.ui.user(req);
    const accounts = await myAccounts(req);
    const settings = await readSettings(host);
    const filters = readFilters(req.query as Record<string, unknown>, accounts);
    // Google is read when the page opens, not when it pages or comes back from an import.
    if (filters.page === 1 && req.query[RUN_PARAM] === undefined && req.query[RESULTS_PARAM] === undefined) await refreshCandidates(sync(), accounts, settings, user.id);
    const index = await lookalikes.current(settings.compare);
    const view = await importPage(host, sync(), req, { user, accounts: await myAccounts(req), settings, filters, index, pageSize: PAGE_SIZE });
    // Another Google account to import from is connected on the setup page (admins) or the user's own page.
    const connectPage = (await host.rights.check(user, 'gcontacts.admin')) ? SETUP_PAGE : OWN_PAGE;
    const body = await renderView(host, req, 'import', { ...view, connectPage, operation: await followedRun(host, req) });
    host.ui.page(req, res, { title: host.i18n.t(host.ui.locale(req), 'import.title'), body });
  });

  router.post('/import', guard, async (req, res) => {
    const user = host.ui.user(req);
    const accounts = await myAccounts(req);
    const body = req.body as FormBody;
    const filters = readFilters(body, accounts);
    const max = await host.settings.get<number>('import_max_rows');
    let rows: ImportRow[];
    let selected: number;
    try {
      if (one(body, 'all') === '1') ({ rows, selected } = await allMatching(body, filters, accounts, max, user.id));
      else selected = (rows = many(body, 'pick').map((i) => parseRow(body, i, parseBulk(body)))).length;
      if (rows.some((row) => !accounts.some((a) => a.id === row.accountId))) throw badChoice();
    } catch (e) {
      if (!isGContactsError(e, 'BAD_INPUT')) throw e;
      return res.redirect(303, pageUrl(filters, { error: 'bad_choice' }));
    }
    if (rows.length === 0) return res.redirect(303, pageUrl(filters, { error: 'nothing_selected' }));
    // One run takes at most the setting's number of rows; the page says how many are left.
    const taken = rows.slice(0, max);
    const left = selected - taken.length;
    const runId = await startImport(sync(), user.id, taken.length);
    const results = pageUrl(filters, { [RESULTS_PARAM]: runId, ...(left > 0 ? { left } : {}) });
    if (taken.length <= BACKGROUND_FROM) {
      // Failures are in the run (and the log): the page that follows shows them.
      await runImport(sync(), runId, user.id, taken).catch(() => undefined);
      return res.redirect(303, results);
    }
    const work = async (control: OperationControl): Promise<OperationResult> => {
      control.phase('import', taken.length);
      const counts = await runImport(sync(), runId, user.id, taken, (done, total) => control.progress(done, total));
      return { status: 'done', counts, error: null, runIds: [runId], link: { label: { key: 'import.run.results' }, href: results } };
    };
    await answerStart(host, req, res, startOperation(sync(), { kind: 'import', account: null, userId: user.id, work }), results, null);
  });

  for (const [path, ignored] of [['/import/ignore', true], ['/import/unignore', false]] as const) {
    router.post(path, guard, async (req, res) => {
      const accounts = await myAccounts(req);
      const body = req.body as FormBody;
      const filters = readFilters(body, accounts);
      try {
        const keys = [...many(body, 'key'), ...many(body, 'ignore'), ...many(body, 'unignore')].map(parseRowKey);
        for (const { accountId, resourceName } of keys) {
          if (!accounts.some((a) => a.id === accountId)) throw badChoice();
          await sync().stores.candidates.setIgnored(accountId, [resourceName], ignored);
        }
      } catch (e) {
        if (!isGContactsError(e, 'BAD_INPUT')) throw e;
        return res.redirect(303, pageUrl(filters, { error: 'bad_choice' }));
      }
      res.redirect(303, pageUrl(filters));
    });
  }

  router.get('/import/third-parties', guard, async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res.json((await host.contacts.searchThirdParties(q, 20)).map((tp) => ({ id: tp.id, name: tp.name })));
  });

  /** "Import all matching": every candidate the filters find, with the bulk choices and pre-selected links. */
  async function allMatching(body: FormBody, filters: PageFilters, accounts: readonly Account[], limit: number, userId: number): Promise<{ rows: ImportRow[]; selected: number }> {
    const bulk = parseBulk(body);
    const settings = await readSettings(host);
    const index = await lookalikes.current(settings.compare);
    const { items, total } = await sync().stores.candidates.page(candidateQuery(filters, accounts, 0, limit));
    const rows = items.map((c) => {
      const link = preselectedLink(index.find(c.card, userId));
      const row: ImportRow = {
        accountId: c.accountId,
        resourceName: c.resourceName,
        action: link === null ? { kind: 'create' } : { kind: 'link', contactId: link },
        thirdParty: bulkThirdParty(bulk),
        salesRepId: bulk.salesRepId,
        private: bulk.private,
        syncFlag: bulk.syncFlag,
        lastname: c.hasLastName ? null : suggestLastName(c.card),
      };
      return row;
    });
    return { rows, selected: total };
  }

  return router;
}
