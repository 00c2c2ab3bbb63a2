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

/** What the body parsers (express.json / urlencoded) refuse: the client's fault, said in words, not a 500. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'error.bad_json' },
  'entity.too.large': { status: 413, message: 'error.body_too_large' },
  'charset.unsupported': { status: 415, message: 'error.body_charset' },
  'encoding.unsupported': { status: 415, message: 'error.body_charset' },
  'request.size.invalid': { status: 400, message: 'error.body_unreadable' },
  'request.aborted': { status: 400, message: 'error.body_unreadable' },
  'parameters.too.many': { status: 413, message: 'error.body_too_large' },
};

/** Host and module errors both carry a code and a status; anything else is a 500 whose details stay in the log. */
function coded(err: unknown): CodedError | null {
  if (err instanceof HostError) return { status: err.status, code: err.code, message: err.message, field: err.field };
  const e = err as { status?: unknown; code?: unknown; message?: unknown; name?: string };
  // A module's client errors (4xx) speak to the reader; its server failures (5xx) are internals — a file path, a
  // library's words — that stay in the log like any other 500.
  if (e && e.name === 'GContactsError' && typeof e.status === 'number' && typeof e.code === 'string' && e.status < 500) {
    return { status: e.status, code: e.code, message: String(e.message) };
  }
  const bodyError = e ? BODY_ERRORS[String((e as { type?: unknown }).type)] : undefined;
  if (bodyError) return { code: 'BAD_INPUT', ...bodyError };
  // Other client errors raised by Express's own parts (a broken gzip body, a malformed %-escape in the path).
  const http = err as { status?: unknown; expose?: unknown };
  if (http && (http.expose === true || err instanceof URIError) && typeof http.status === 'number' && http.status >= 400 && http.status < 500) {
    return { status: http.status, code: 'BAD_INPUT', message: 'error.bad_request' };
  }
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
