/**
 * Who may act on a connected Google account from the pages: an admin of the module on every account; a user with
 * the sync right on the account connected for them (their own Gmail). Also the "reconnect" banner an account's
 * owner sees (setup page, their account page, the GContacts tab).
 */
import type { Request } from 'express';
import { GContactsError } from '../errors';
import type { CrmUser, Host } from '../host-contract';
import type { Account } from '../store/accounts';
import type { SyncContext } from '../sync/context';

/** The module's pages that list accounts: the admin's setup page, and a user's own Google account page. */
export const SETUP_PAGE = '/setup';
export const OWN_PAGE = '/account';

export async function accountFor(sync: SyncContext, host: Host, req: Request, id: number): Promise<Account> {
  const account = await sync.stores.accounts.get(id);
  if (!account) throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'error.account_not_found'));
  return account;
}

export function ownedBy(account: Account, user: CrmUser): boolean {
  return account.scope.kind === 'salesrep' && account.scope.userId === user.id;
}

/** An admin manages every account; a user their own: with the sync right, or the import right for an import-only one. */
export async function mayManage(host: Host, req: Request, account: Account): Promise<boolean> {
  const user = host.ui.user(req);
  if (await host.rights.check(user, 'gcontacts.admin')) return true;
  if (!ownedBy(account, user)) return false;
  return (await host.rights.check(user, 'gcontacts.sync')) || (account.importOnly && (await host.rights.check(user, 'gcontacts.import')));
}

/**
 * The account a sync operation (Sync now, Export all, Check synchro, Cleanup, a confirmation, a conflict) is asked
 * for: one the reader manages, and not an import-only one, which the module never writes to.
 */
export async function syncedAccountFor(sync: SyncContext, host: Host, req: Request, id: number): Promise<Account> {
  const account = await accountFor(sync, host, req, id);
  if (!(await mayManage(host, req, account))) throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'error.account_not_found'));
  if (account.importOnly) throw new GContactsError('CONFLICT', host.i18n.t(host.ui.locale(req), 'error.import_only_account', { email: account.email }));
  return account;
}

/** How the connect form names an account's owner and access, so "Reconnect" asks for the same again. */
export function connectFields(account: Account, user: CrmUser): Record<string, string> {
  const access: Record<string, string> = account.importOnly ? { access: 'import' } : {};
  if (account.scope.kind === 'all') return { for: 'all', hint: account.email, ...access };
  if (account.scope.userId === user.id) return { for: 'mine', hint: account.email, ...access };
  return { for: 'rep', rep: String(account.scope.userId), hint: account.email, ...access };
}

export interface BrokenAccount {
  email: string;
  /** Hidden fields of the POST form to /oauth2/connect that reconnects it. */
  fields: Record<string, string>;
}

/**
 * The accounts Google stopped accepting (revoked, invalid_grant) that this user is the one to reconnect: their own
 * Gmail, and for an admin of the module every account. For the banner of views/partials/reconnect-banner.ejs,
 * which the GContacts tab shows too: `include('partials/reconnect-banner', { broken })`. `known`: the accounts the
 * page has read already.
 */
export async function brokenAccountsFor(sync: SyncContext, host: Host, req: Request, known?: readonly Account[]): Promise<BrokenAccount[]> {
  const user = host.ui.user(req);
  const broken = (known ?? (await sync.stores.accounts.list({ importOnly: 'include' }))).filter((a) => a.status === 'reconnect');
  if (broken.length === 0) return [];
  const admin = await host.rights.check(user, 'gcontacts.admin');
  return broken.filter((a) => admin || ownedBy(a, user)).map((a) => ({ email: a.email, fields: connectFields(a, user) }));
}
