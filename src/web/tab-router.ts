/**
 * The GContacts tab of a contact card: for each connected Google account, whether this contact is linked there,
 * when it was last synced, and its sync flag. Read-only for now; the per-field comparison comes with the tab's own
 * issue.
 */
import { Router } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';
import { readSettings } from '../sync/settings';
import { idParam, requireRight } from './guard';
import { lazySync } from './lazy-sync';
import { renderView } from './render';

export function tabRouter(host: Host): Router {
  const router = Router();
  const sync = lazySync(host);
  router.get('/contact/:id', requireRight(host, 'gcontacts.read'), async (req, res) => {
    const contactId = idParam(host, req);
    const contact = await host.contacts.get(contactId);
    const user = host.ui.user(req);
    // The module sees private contacts; the reader may not: answer as if it did not exist.
    if (!contact || (contact.private && contact.createdBy !== user.id)) {
      throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'error.contact_not_found'));
    }
    const { stores } = sync();
    const [accounts, flags, settings] = await Promise.all([stores.accounts.list(), stores.flags.get([contactId]), readSettings(host)]);
    const rows = await Promise.all(
      accounts.map(async (account) => {
        const link = (await stores.links.forContacts(account.id, [contactId])).get(contactId) ?? null;
        return { email: account.email, status: account.status, state: link?.state ?? 'none', syncedAt: link?.syncedAt ?? null };
      }),
    );
    const syncFlag = flags.get(contactId) ?? settings.defaultSyncFlag;
    const body = await renderView(host, req, 'tab', { contact, accounts: rows, syncFlag, isPrivate: contact.private });
    host.ui.page(req, res, { title: host.i18n.t(host.ui.locale(req), 'tab.label'), body, contactTab: { contactId, tabId: 'gcontacts' } });
  });
  return router;
}
