/** The GContacts tab of a contact card. */
import { Router } from 'express';
import { GContactsError } from '../errors';
import type { Host } from '../host-contract';
import { idParam, requireRight } from './guard';
import { renderView } from './render';

export function tabRouter(host: Host): Router {
  const router = Router();
  router.get('/contact/:id', requireRight(host, 'gcontacts.read'), async (req, res) => {
    const contactId = idParam(req);
    const contact = await host.contacts.get(contactId);
    const user = host.ui.user(req);
    // The module sees private contacts; the reader may not: answer as if it did not exist.
    if (!contact || (contact.private && contact.createdBy !== user.id)) {
      throw new GContactsError('NOT_FOUND', host.i18n.t(host.ui.locale(req), 'error.contact_not_found'));
    }
    const body = await renderView(host, req, 'tab', { contact, accounts: [] });
    host.ui.page(req, res, { title: host.i18n.t(host.ui.locale(req), 'tab.label'), body, contactTab: { contactId, tabId: 'gcontacts' } });
  });
  return router;
}
