/**
 * The Check synchro report as a page (the counts, then each category's items a page at a time), and as CSV and
 * JSON downloads. Reports live in memory (account-operations.ts) for a while after their run; an older one asks
 * for a new check.
 */
import { Router, type Request } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';
import { checkSections, type CheckSection } from '../sync/check-report';
import { runCounts, type CheckReport } from '../sync/check';
import { mayManage, accountFor } from './account-access';
import { checkReport } from './account-operations';
import { ACCOUNT_RIGHTS, idParam, requireAnyRight } from './guard';
import { lazySync } from './lazy-sync';
import { renderView } from './render';
import { countLines } from './words';

const PER_PAGE = 50;

export function checkRouter(host: Host): Router {
  const router = Router();
  const sync = lazySync(host);
  const tr = (req: Request) => {
    const locale = host.ui.locale(req);
    return (key: string, params?: Record<string, string | number>) => host.i18n.t(locale, key, params);
  };

  /** The report of the run, when the reader may manage its account. */
  async function reportOf(req: Request): Promise<CheckReport> {
    const report = checkReport(idParam(host, req, 'runId'));
    if (!report) throw new GContactsError('NOT_FOUND', tr(req)('check.page.gone'));
    const account = await accountFor(sync(), host, req, report.account.id);
    if (!(await mayManage(host, req, account))) throw new GContactsError('NOT_FOUND', tr(req)('check.page.gone'));
    return report;
  }

  const sectionsOf = (req: Request, report: CheckReport) => checkSections(report, tr(req), Number.MAX_SAFE_INTEGER);

  router.get('/check/:runId', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const report = await reportOf(req);
    const t = tr(req);
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    const chosen = String(req.query.section ?? '');
    const sections = sectionsOf(req, report).map((s: CheckSection) => {
      const current = s.category === chosen ? page : 1;
      const pages = Math.max(1, Math.ceil(s.lines.length / PER_PAGE));
      return { ...s, lines: s.lines.slice((current - 1) * PER_PAGE, current * PER_PAGE), page: Math.min(current, pages), pages, listed: s.lines.length };
    });
    const body = await renderView(host, req, 'check', {
      report,
      counts: countLines(runCounts(report), t),
      sections,
      base: `${req.baseUrl}/check/${report.runId}`,
      failed: report.status === 'failed',
    });
    host.ui.page(req, res, { title: t('check.page.title', { email: report.account.email }), body });
  });

  router.get('/check/:runId/report.json', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const report = await reportOf(req);
    res.attachment(`check-${report.runId}.json`).json(report);
  });

  router.get('/check/:runId/report.csv', requireAnyRight(host, ACCOUNT_RIGHTS), async (req, res) => {
    const report = await reportOf(req);
    const t = tr(req);
    const rows = [[t('check.csv.section'), t('check.csv.item')], ...sectionsOf(req, report).flatMap((s) => s.lines.map((line) => [s.title, line]))];
    res.attachment(`check-${report.runId}.csv`).set('Content-Type', 'text/csv; charset=utf-8').send(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`);
  });

  return router;
}

/**
 * One CSV cell: quoted, quotes doubled; a cell starting like a formula (=, +, -, @) gets a leading apostrophe, so a
 * Google contact named "=HYPERLINK(...)" stays text in a spreadsheet.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
