import { badRequest } from '../api-error';

/** Query values as Express's simple parser yields them: a string, or an array when the key repeats. */
export type Query = Record<string, unknown>;

/** A posted form as express.urlencoded (simple parser) yields it: a string, or an array when the key repeats. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * The posted form. Express leaves the body undefined when the request is not a form; reading it then fails, as
 * reading a field of undefined did.
 */
export function formOf(req: { body?: unknown }): FormBody {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) throw new TypeError('The request carries no form.');
  return body as FormBody;
}

export function list(q: Query, key: string): string[] {
  const v = q[key] ?? q[`${key}[]`];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function str(q: Query, key: string): string | undefined {
  const v = q[key];
  if (Array.isArray(v)) return v.length > 0 ? String(v[v.length - 1]) : undefined;
  return v === undefined ? undefined : String(v);
}

export function bool(q: Query, key: string): boolean {
  const v = str(q, key);
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw badRequest(key, `Invalid value at '${key}' (TYPE_BOOL), "${v}"`);
}

export function int(q: Query, key: string, def: number): number {
  const v = str(q, key);
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(key, `Invalid value at '${key}' (TYPE_INT32), "${v}"`);
  return n;
}
