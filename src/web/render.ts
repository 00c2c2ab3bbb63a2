/** Renders the module's EJS views (views/) to HTML for the host's layout; `t` translates in the reader's locale. */
import { join } from 'node:path';
import ejs from 'ejs';
import type { Request } from 'express';
import type { Host } from '../host-contract';

const VIEWS = join(import.meta.dirname, '..', '..', 'views');

export function renderView(host: Host, req: Request, view: string, locals: Record<string, unknown>): Promise<string> {
  const locale = host.ui.locale(req);
  const t = (key: string, params?: Record<string, string | number>) => host.i18n.t(locale, key, params);
  return ejs.renderFile(join(VIEWS, `${view}.ejs`), { ...locals, t, csrfToken: host.ui.csrfToken(req) }, { async: false });
}
