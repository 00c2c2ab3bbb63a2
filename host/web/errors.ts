/** Errors become a status and a message in the reader's language: JSON for the API, a page for people. */
import type { NextFunction, Request, Response } from 'express';
import { HostError } from '../errors';
import type { Translator } from '../i18n';
import { context } from './context';
import type { PageRenderer } from './render';

interface CodedError {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
}

/** Host and module errors both carry a code and a status; anything else is a 500 whose details stay in the log. */
function coded(err: unknown): CodedError | null {
  if (err instanceof HostError) return { status: err.status, code: err.code, message: err.message, field: err.field };
  const e = err as { status?: unknown; code?: unknown; message?: unknown; name?: string };
  if (e && e.name === 'GContactsError' && typeof e.status === 'number' && typeof e.code === 'string') {
    return { status: e.status, code: e.code, message: String(e.message) };
  }
  if (e && (e as { type?: string }).type === 'entity.parse.failed') return { status: 400, code: 'BAD_INPUT', message: 'error.bad_json' };
  return null;
}

export function errorHandler(translator: Translator, renderer: PageRenderer, log: (m: string, f?: Record<string, unknown>) => void) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = coded(err);
    if (!known) log('request failed', { path: req.path, error: (err as Error)?.stack ?? String(err) });
    const { locale } = context(req);
    const status = known?.status ?? 500;
    const message = translator.message(locale, known?.message ?? 'error.internal');
    if (req.path.startsWith('/api/') || req.get('accept')?.includes('application/json')) {
      res.status(status).json({ error: { code: known?.code ?? 'INTERNAL', message, ...(known?.field ? { field: known.field } : {}) } });
      return;
    }
    if (status === 401) {
      res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    void renderer.view(req, res, 'error', { status, message }, { title: translator.t(locale, 'error.title'), status }).catch(() => {
      res.status(status).type('text').send(message);
    });
  };
}
