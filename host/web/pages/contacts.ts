/**
 * Contacts: list, card (the 'card' tab of the contact, beside the modules' tabs), create, edit, delete. Every read
 * and write passes the signed-in user as viewer, so another user's private contact is simply not found.
 */
import { Router, type Request, type Response } from 'express';
import type { CrmContact, ListCell } from '../../../src/host-contract';
import type { AppDeps } from '../app';
import { context, currentUser, flash } from '../context';
import { formFields, formValues, idParam, pageOf, pager, PAGE_SIZE, queryText, submitForm, viewer, type FormError } from './forms';

const CONTACT_FORM = {
  text: [
    'civility', 'lastname', 'firstname', 'jobTitle', 'thirdPartyId', 'email', 'personalEmail', 'phoneWork', 'phoneHome',
    'phoneMobile', 'fax', 'address', 'zip', 'town', 'state', 'country', 'birthday', 'note', 'status',
  ],
  checkboxes: ['private'],
} as const;

/** Dolibarr's civility dictionary; a value from elsewhere (a phone's "Prof.") is kept as typed. */
const CIVILITIES = ['MR', 'MME', 'MLE', 'MTRE', 'DR'] as const;

function displayName(c: Pick<CrmContact, 'firstname' | 'lastname'>): string {
  return [c.firstname, c.lastname].filter(Boolean).join(' ');
}

export function contactsRouter({ contacts, thirdParties, renderer, modules, logError }: AppDeps): Router {
  const router = Router();
  const actor = (req: Request) => ({ actorId: currentUser(req).id });
  /** Third parties for the filter and the form's select; the host is sized for a small company. */
  const thirdPartyChoices = async () => (await thirdParties.search({ limit: 1000 })).items.map((tp) => ({ id: tp.id, name: tp.name }));

  /**
   * The modules' list columns (host contract ListColumn): their filters restrict the search, their cells are read
   * for the page shown in one call per column. A module failing there costs its column, not the list.
   */
  const moduleColumns = async (req: Request) => {
    const { locale } = context(req);
    const found = await modules.columnsFor(currentUser(req), 'contacts');
    const selection: { onlyIds?: number[]; exceptIds?: number[] } = {};
    const filters: { param: string; label: string; value: string; choices: { value: string; label: string }[] }[] = [];
    for (const { param, column } of found) {
      if (!column.filter) continue;
      const options = column.filter.choices(locale);
      const value = queryText(req, param);
      filters.push({ param, label: column.filter.label(locale), value, choices: options });
      if (!options.some((o) => o.value === value)) continue;
      const picked = await column.filter.select(value);
      if ('only' in picked) selection.onlyIds = selection.onlyIds ? selection.onlyIds.filter((id) => picked.only.includes(id)) : picked.only;
      else selection.exceptIds = [...(selection.exceptIds ?? []), ...picked.except];
    }
    const cells = async (ids: number[]) => ({
      filters,
      list: await Promise.all(
        found.map(async ({ param, column }) => {
          let values = new Map<number, ListCell>();
          try {
            values = await column.cells(ids, locale);
          } catch (e) {
            logError('a module list column failed', { column: param, error: (e as Error).message });
          }
          return { param, label: column.label(locale), values };
        }),
      ),
    });
    return { selection, cells };
  };

  const showForm = async (req: Request, res: Response, values: Record<string, string>, error: FormError | null, contact: CrmContact | null) =>
    renderer.view(req, res, 'contacts/form', { values, error, contact, thirdPartyChoices: await thirdPartyChoices(), civilities: CIVILITIES }, {
      title: contact ? displayName(contact) : renderer.t(req, 'contact.new'),
      status: error?.status ?? 200,
    });

  router.get('/contacts', async (req, res) => {
    const q = queryText(req, 'q');
    const tpRaw = queryText(req, 'thirdPartyId');
    const thirdPartyId = /^\d{1,9}$/.test(tpRaw) ? Number(tpRaw) : undefined;
    const { page, offset } = pageOf(req);
    const columns = await moduleColumns(req);
    const { items, total } = await contacts.search(viewer(req), { q, offset, limit: PAGE_SIZE, ...(thirdPartyId ? { thirdPartyId } : {}), ...columns.selection });
    const choices = await thirdPartyChoices();
    const names = new Map(choices.map((tp) => [tp.id, tp.name]));
    await renderer.view(
      req,
      res,
      'contacts/list',
      { items, q, thirdPartyId: thirdPartyId ?? null, thirdPartyChoices: choices, names, pager: pager(req, page, total), columns: await columns.cells(items.map((c) => c.id)) },
      { title: renderer.t(req, 'contact.list') },
    );
  });

  router.get('/contacts/new', async (req, res) => {
    const values = formValues({ status: 1, private: false, thirdPartyId: queryText(req, 'thirdPartyId') }, CONTACT_FORM);
    await showForm(req, res, values, null, null);
  });

  router.post('/contacts/new', async (req, res) => {
    const values = formFields(req.body, CONTACT_FORM);
    await submitForm(req, res, {
      write: () => contacts.create(viewer(req), values, actor(req)),
      invalid: (error) => showForm(req, res, values, error, null),
      done: (c) => ({ redirect: `/contacts/${c.id}`, flash: `contact.created|${displayName(c)}` }),
    });
  });

  router.get('/contacts/:id', async (req, res) => {
    const contact = await contacts.mustGet(viewer(req), idParam(req));
    const thirdParty = contact.thirdPartyId ? await thirdParties.get(contact.thirdPartyId) : null;
    await renderer.view(req, res, 'contacts/card', { contact, thirdParty, civilities: CIVILITIES }, { title: displayName(contact), contactTab: { contactId: contact.id, tabId: 'card' } });
  });

  router.get('/contacts/:id/edit', async (req, res) => {
    const contact = await contacts.mustGet(viewer(req), idParam(req));
    await showForm(req, res, { ...formValues(contact, CONTACT_FORM), version: String(contact.version) }, null, contact);
  });

  router.post('/contacts/:id/edit', async (req, res) => {
    const contact = await contacts.mustGet(viewer(req), idParam(req));
    const values = formFields(req.body, CONTACT_FORM);
    // The version the editor read: saving over someone else's newer change must be a decision, not an accident.
    const read = Number((req.body as Record<string, unknown>).version);
    await submitForm(req, res, {
      write: () => contacts.update(viewer(req), contact.id, values, { ...actor(req), ...(Number.isInteger(read) ? { expectedVersion: read } : {}) }),
      // After a conflict the form carries the current version, so saving again knowingly overwrites it.
      invalid: (error) => showForm(req, res, { ...values, version: String(error.field === 'version' ? contact.version : read) }, error, contact),
      done: (c) => ({ redirect: `/contacts/${c.id}`, flash: `contact.saved|${displayName(c)}` }),
    });
  });

  router.get('/contacts/:id/delete', async (req, res) => {
    const contact = await contacts.mustGet(viewer(req), idParam(req));
    await renderer.view(
      req,
      res,
      'confirm',
      {
        question: renderer.t(req, 'contact.delete_confirm', { name: displayName(contact) }),
        action: `/contacts/${contact.id}/delete`,
        cancelHref: `/contacts/${contact.id}`,
      },
      { title: displayName(contact) },
    );
  });

  router.post('/contacts/:id/delete', async (req, res) => {
    const contact = await contacts.mustGet(viewer(req), idParam(req));
    await contacts.remove(viewer(req), contact.id, actor(req));
    flash(req, 'ok', `contact.deleted|${displayName(contact)}`);
    res.redirect(303, '/contacts');
  });

  return router;
}
