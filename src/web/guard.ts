/** Rights are checked server-side on every module route, from the rights declared in module.json. */
import type { NextFunction, Request, Response } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';

export function requireRight(host: Host, right: string) {
  return requireAnyRight(host, [right]);
}

/** Passes when the user has one of the rights (an account's operations: its owner's sync right, or admin). */
export function requireAnyRight(host: Host, rights: readonly string[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = host.ui.user(req);
    for (const right of rights) if (await host.rights.check(user, right)) return next();
    next(new GContactsError('FORBIDDEN', host.i18n.t(host.ui.locale(req), 'error.forbidden')));
  };
}

/** Who may act on a connected account: its owner (sync right) or an admin of the module; mayManage says which. */
export const ACCOUNT_RIGHTS = ['gcontacts.sync', 'gcontacts.admin'] as const;

/** Who may reach the pages that connect or disconnect an account: also a user with the import right (import only). */
export const CONNECT_ANY_RIGHTS = [...ACCOUNT_RIGHTS, 'gcontacts.import'] as const;

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
