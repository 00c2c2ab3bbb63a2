/**
 * What the page routers share: ids from the URL, form fields in and out, the one way a form POST is handled
 * (bad input → the form again, status 400, values kept; success → redirect with a flash), and list paging.
 */
import type { Request, Response } from 'express';
import { HostError } from '../../errors';
import { currentUser, flash } from '../context';

export const PAGE_SIZE = 25;

/** A record id from the URL; anything else names no page. */
export function idParam(req: Request, name = 'id'): number {
  const raw = String(req.params[name] ?? '');
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new HostError('NOT_FOUND', 'error.page_not_found');
  return Number(raw);
}

/** The signed-in user as the services' viewer, so private contacts stay their creator's. */
export function viewer(req: Request): { userId: number } {
  return { userId: currentUser(req).id };
}

/** One text value of the query string ('' when absent or repeated). */
export function queryText(req: Request, name: string): string {
  const raw = req.query[name];
  return typeof raw === 'string' ? raw.trim() : '';
}

/** The fields of one form: text-like inputs (text, select, textarea) and checkboxes. */
export interface FormSpec {
  text: readonly string[];
  checkboxes?: readonly string[];
}

/**
 * A form's fields from a POST body, as strings. Only the spec's fields are kept (not `_csrf`, not anything a
 * crafted request adds). An unchecked box sends nothing, which must mean "off", or unchecking would never stick.
 */
export function formFields(body: unknown, spec: FormSpec): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of spec.text) {
    const v = b[name];
    out[name] = typeof v === 'string' ? v : '';
  }
  for (const name of spec.checkboxes ?? []) out[name] = b[name] === undefined || b[name] === '0' ? '0' : '1';
  return out;
}

/** A stored record as the strings its form shows: '' for no value, '1'/'0' for booleans. */
export function formValues(record: object, spec: FormSpec): Record<string, string> {
  const r = record as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of [...spec.text, ...(spec.checkboxes ?? [])]) {
    const v = r[name];
    out[name] = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return out;
}

/** The values of a multi-choice field (checkboxes sharing a name): none, one or many. */
export function formList(body: unknown, name: string): string[] {
  const v = ((body ?? {}) as Record<string, unknown>)[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A message for the form: a service message ("key|param") and the field it belongs beside, if any. */
export interface FormError {
  field: string | null;
  message: string;
  status: number;
}

/** Errors the person filling the form can fix; anything else goes to the error page. */
function formError(e: unknown): FormError | null {
  if (!(e instanceof HostError)) return null;
  if (e.code !== 'BAD_INPUT' && !(e.code === 'CONFLICT' && e.field)) return null;
  return { field: e.field ?? null, message: e.message, status: e.status };
}

export interface FormSubmission<T> {
  write: () => Promise<T>;
  /** Shows the form again with the entered values and the error; nothing was stored. */
  invalid: (error: FormError) => Promise<void>;
  /** Where to go after the write, and the flash message ("key|param") to show there. */
  done: (result: T) => { redirect: string; flash: string };
}

/** Post/redirect/get: a refresh after saving never posts again. */
export async function submitForm<T>(req: Request, res: Response, form: FormSubmission<T>): Promise<void> {
  let result: T;
  try {
    result = await form.write();
  } catch (e) {
    const error = formError(e);
    if (!error) throw e;
    return form.invalid(error);
  }
  const next = form.done(result);
  flash(req, 'ok', next.flash);
  res.redirect(303, next.redirect);
}

export interface Pager {
  page: number;
  pages: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
}

/** The list page asked for by `?page=` (1-based) and its row offset. */
export function pageOf(req: Request): { page: number; offset: number } {
  const n = Number(queryText(req, 'page'));
  const page = Number.isInteger(n) && n > 0 && n < 100000 ? n : 1;
  return { page, offset: (page - 1) * PAGE_SIZE };
}

/** Previous/next links that keep the list's other filters. */
export function pager(req: Request, page: number, total: number): Pager {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (k !== 'page' && typeof v === 'string' && v !== '') params.set(k, v);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return req.baseUrl + req.path + (qs ? `?${qs}` : '');
  };
  return { page, pages, total, prevHref: page > 1 ? href(page - 1) : null, nextHref: page < pages ? href(page + 1) : null };
}
