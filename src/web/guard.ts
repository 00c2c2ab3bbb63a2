/** Rights are checked server-side on every module route, from the rights declared in module.json. */
import type { NextFunction, Request, Response } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';

export function requireRight(host: Host, right: string) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    if (await host.rights.check(host.ui.user(req), right)) return next();
    next(new GContactsError('FORBIDDEN', host.i18n.t(host.ui.locale(req), 'error.forbidden')));
  };
}

/**
 * Route parameters are untrusted text: a contact id must be a positive integer. The message is the reader's
 * language and does not echo what was sent.
 */
export function idParam(host: Host, req: Request, name = 'id'): number {
  const raw = String(req.params[name] ?? '');
  const id = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
    throw new GContactsError('BAD_INPUT', host.i18n.t(host.ui.locale(req), 'error.bad_contact_id'), { field: name });
  }
  return id;
}
