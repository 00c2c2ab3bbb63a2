/**
 * Renders the module's EJS views (views/) to HTML for the host's layout. Every view gets `t` (the reader's
 * locale), the CSRF token, `moduleBase` (where the module is mounted, for links and its script) and the time
 * wording helpers: `ago` ("3 min ago", then the UTC time) and `utc`; views wrap them in partials/time.
 */
import { join } from 'node:path';
import ejs from 'ejs';
import type { Request } from 'express';
import type { Host } from '../host-contract';
import { ago, utc } from './words';

const VIEWS = join(import.meta.dirname, '..', '..', 'views');

export function renderView(host: Host, req: Request, view: string, locals: Record<string, unknown>): Promise<string> {
  const locale = host.ui.locale(req);
  const t = (key: string, params?: Record<string, string | number>) => host.i18n.t(locale, key, params);
  const now = host.clock.now();
  return ejs.renderFile(
    join(VIEWS, `${view}.ejs`),
    { ...locals, t, csrfToken: host.ui.csrfToken(req), moduleBase: req.baseUrl, ago: (iso: string) => ago(iso, now, t), utc: (iso: string) => utc(iso, t) },
    // Compiled once per view and process: a page of 50 candidates is drawn often (Import page bench).
    { async: false, cache: true },
  );
}
