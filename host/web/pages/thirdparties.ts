/** Third parties: list, card (with its contacts and sales reps), create, edit, delete. */
import { Router, type Request, type Response } from 'express';
import type { ThirdParty } from '../../../src/host-contract';
import { HostError } from '../../errors';
import type { AppDeps } from '../app';
import { currentUser, flash } from '../context';
import { formFields, formList, formValues, idParam, pageOf, pager, PAGE_SIZE, queryText, submitForm, viewer, type FormError } from './forms';

const THIRDPARTY_FORM = {
  text: ['name', 'address', 'zip', 'town', 'state', 'country', 'phone', 'fax', 'email', 'url'],
  checkboxes: ['client', 'prospect', 'supplier'],
} as const;

export function thirdPartiesRouter({ thirdParties, contacts, users, renderer }: AppDeps): Router {
  const router = Router();
  const actor = (req: Request) => ({ actorId: currentUser(req).id });

  const showForm = (req: Request, res: Response, values: Record<string, string>, error: FormError | null, thirdParty: ThirdParty | null) =>
    renderer.view(req, res, 'thirdparties/form', { values, error, thirdParty }, {
      title: thirdParty ? thirdParty.name : renderer.t(req, 'thirdparty.new'),
      status: error?.status ?? 200,
    });

  router.get('/thirdparties', async (req, res) => {
    const q = queryText(req, 'q');
    const { page, offset } = pageOf(req);
    const { items, total } = await thirdParties.search({ q, offset, limit: PAGE_SIZE });
    await renderer.view(req, res, 'thirdparties/list', { items, q, pager: pager(req, page, total) }, { title: renderer.t(req, 'thirdparty.list') });
  });

  router.get('/thirdparties/new', async (req, res) => {
    await showForm(req, res, formValues({ client: false, prospect: true, supplier: false }, THIRDPARTY_FORM), null, null);
  });

  router.post('/thirdparties/new', async (req, res) => {
    const values = formFields(req.body, THIRDPARTY_FORM);
    await submitForm(req, res, {
      write: () => thirdParties.create(values),
      invalid: (error) => showForm(req, res, values, error, null),
      done: (tp) => ({ redirect: `/thirdparties/${tp.id}`, flash: `thirdparty.created|${tp.name}` }),
    });
  });

  router.get('/thirdparties/:id', async (req, res) => {
    const thirdParty = await thirdParties.mustGet(idParam(req));
    const [people, reps, allUsers] = await Promise.all([
      contacts.search(viewer(req), { thirdPartyId: thirdParty.id, limit: PAGE_SIZE }),
      thirdParties.salesReps(thirdParty.id),
      users.list(),
    ]);
    const repIds = new Set(reps.map((u) => u.id));
    // Disabled users stay listed while assigned, so unticking them is possible.
    const candidates = allUsers.filter((u) => u.active || repIds.has(u.id));
    await renderer.view(
      req,
      res,
      'thirdparties/card',
      { thirdParty, contacts: people.items, contactTotal: people.total, reps, candidates, repIds },
      { title: thirdParty.name },
    );
  });

  router.get('/thirdparties/:id/edit', async (req, res) => {
    const thirdParty = await thirdParties.mustGet(idParam(req));
    await showForm(req, res, formValues(thirdParty, THIRDPARTY_FORM), null, thirdParty);
  });

  router.post('/thirdparties/:id/edit', async (req, res) => {
    const thirdParty = await thirdParties.mustGet(idParam(req));
    const values = formFields(req.body, THIRDPARTY_FORM);
    await submitForm(req, res, {
      write: () => thirdParties.update(thirdParty.id, values, actor(req)),
      invalid: (error) => showForm(req, res, values, error, thirdParty),
      done: (tp) => ({ redirect: `/thirdparties/${tp.id}`, flash: `thirdparty.saved|${tp.name}` }),
    });
  });

  router.post('/thirdparties/:id/salesreps', async (req, res) => {
    const id = idParam(req);
    const ids = formList(req.body, 'reps').filter((v) => /^\d{1,9}$/.test(v)).map(Number);
    await thirdParties.setSalesReps(id, ids, actor(req));
    flash(req, 'ok', 'thirdparty.salesreps_saved');
    res.redirect(303, `/thirdparties/${id}`);
  });

  router.get('/thirdparties/:id/delete', async (req, res) => {
    const thirdParty = await thirdParties.mustGet(idParam(req));
    await renderer.view(
      req,
      res,
      'confirm',
      {
        question: renderer.t(req, 'thirdparty.delete_confirm', { name: thirdParty.name }),
        action: `/thirdparties/${thirdParty.id}/delete`,
        cancelHref: `/thirdparties/${thirdParty.id}`,
      },
      { title: thirdParty.name },
    );
  });

  router.post('/thirdparties/:id/delete', async (req, res) => {
    const thirdParty = await thirdParties.mustGet(idParam(req));
    try {
      await thirdParties.remove(thirdParty.id, actor(req));
    } catch (e) {
      // Still has contacts: back to the card, where they are listed, with the reason.
      if (!(e instanceof HostError) || e.code !== 'CONFLICT') throw e;
      flash(req, 'error', e.message);
      return res.redirect(303, `/thirdparties/${thirdParty.id}`);
    }
    flash(req, 'ok', `thirdparty.deleted|${thirdParty.name}`);
    res.redirect(303, '/thirdparties');
  });

  return router;
}
