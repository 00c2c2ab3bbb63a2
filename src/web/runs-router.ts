/**
 * Background runs seen from the browser: the run-status endpoint polled by the page's script, the script and the
 * module's styles (served from the module, so the host's CSP `'self'` allows them), and how a page's POST starts an operation
 * and answers at once.
 *
 * How a page uses it:
 *   POST handler: `await answerStart(host, req, res, startOperation(sync, { kind, account, userId, work }), back, account.id)`
 *   GET handler:  `run: await followedRun(host, req)`, `busy: busyAccount(req)` in the view's locals; the view does
 *                 `<% if (run) { %><%- include('partials/run-progress', { run }) %><% } %>` and includes
 *                 `partials/scripts` once; buttons of an account held by a run carry `disabled
 *                 data-run-locked="<account id>"` (the script enables them when the run ends).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { GContactsError, isGContactsError } from '../errors';
import type { Host } from '../host-contract';
import { getOperation, type Operation } from '../sync/operation';
import { requireRight } from './guard';
import { runView, type RunView } from './run-view';

const ASSETS = join(import.meta.dirname, '..', '..', 'views', 'assets');

/** Query parameters a page reads after a start: the operation to follow, or the account found busy. */
export const RUN_PARAM = 'run';
export const BUSY_PARAM = 'busy';

export function runsRouter(host: Host): Router {
  const router = Router();
  const script = readFileSync(join(ASSETS, 'gcontacts.js'), 'utf8');
  const styles = readFileSync(join(ASSETS, 'gcontacts.css'), 'utf8');
  router.get('/assets/gcontacts.js', (_req, res) => {
    res.type('application/javascript').set('Cache-Control', 'no-cache').send(script);
  });
  router.get('/assets/gcontacts.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'no-cache').send(styles);
  });
  router.get('/runs/:id', requireRight(host, 'gcontacts.read'), async (req, res) => {
    const op = await visibleOperation(host, req, String(req.params.id));
    if (!op) throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'runs.not_found'));
    res.set('Cache-Control', 'no-store').json(viewOf(host, req, op));
  });
  return router;
}

/** The operation if the reader may follow it: the one who started it, or an admin of the module. */
export async function visibleOperation(host: Host, req: Request, id: string): Promise<Operation | null> {
  const op = getOperation(host, id);
  if (!op) return null;
  const user = host.ui.user(req);
  if (op.userId === user.id || (await host.rights.check(user, 'gcontacts.admin'))) return op;
  return null;
}

/** The run named by `?run=` of the page's URL, when the reader may follow it. */
export async function followedRun(host: Host, req: Request): Promise<RunView | null> {
  const id = req.query[RUN_PARAM];
  if (typeof id !== 'string') return null;
  const op = await visibleOperation(host, req, id);
  return op ? viewOf(host, req, op) : null;
}

/** The account a start found busy (`?busy=`), so the page can say "a run is already going" beside it. */
export function busyAccount(req: Request): number | null {
  const id = Number(req.query[BUSY_PARAM]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function viewOf(host: Host, req: Request, op: Operation): RunView {
  const locale = host.ui.locale(req);
  return runView(op, (key, params) => host.i18n.t(locale, key, params), host.clock.now(), req.baseUrl);
}

/**
 * Answers a POST that started an operation: back to `back` following it (`?run=<id>`), or, when a run already
 * holds the account, back with `?busy=<account id>` so the page says so. A script asking for JSON gets 202 with
 * the status URL, or 409 with the message.
 */
export async function answerStart(host: Host, req: Request, res: Response, start: Promise<Operation>, back: string, accountId: number | null): Promise<void> {
  const wantsJson = req.accepts(['html', 'json']) === 'json';
  try {
    const op = await start;
    if (wantsJson) res.status(202).json(viewOf(host, req, op));
    else res.redirect(303, withParam(back, RUN_PARAM, op.id));
  } catch (e) {
    if (!isGContactsError(e, 'BUSY')) throw e;
    if (wantsJson) res.status(409).json({ error: host.i18n.t(host.ui.locale(req), 'runs.error.BUSY') });
    else res.redirect(303, withParam(back, BUSY_PARAM, String(accountId ?? '')));
  }
}

function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
}
