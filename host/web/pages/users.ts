/** Users (admins only): list, create, edit, module rights per user, a new API key shown once. */
import { Router, type Request, type Response } from 'express';
import { HostError } from '../../errors';
import type { ModuleRegistry } from '../../modules/registry';
import type { UserRecord } from '../../services/users';
import type { AppDeps } from '../app';
import { requireAdmin } from '../auth';
import { context, currentUser, flash } from '../context';
import { formFields, formList, formValues, idParam, submitForm, type FormError } from './forms';

const USER_FORM = {
  text: ['login', 'password', 'firstname', 'lastname', 'email', 'lang'],
  checkboxes: ['admin', 'active'],
} as const;

/** Every loaded module's rights, labelled by the module itself, grouped by module for the rights form. */
function rightGroups(modules: ModuleRegistry, locale: string) {
  return modules.list().map((m) => ({
    moduleId: m.manifest.id,
    name: m.translator.t(locale, m.manifest.nameKey),
    rights: m.manifest.rights.map((r) => ({ id: r.id, label: m.translator.t(locale, r.labelKey) })),
  }));
}

/** An empty password field means "unchanged" (edit) or "missing" (create, where the service says so). */
function withoutEmptyPassword(values: Record<string, string>): Record<string, string> {
  const { password, ...rest } = values;
  return password ? values : rest;
}

export function usersRouter({ users, modules, renderer }: AppDeps): Router {
  const router = Router();
  router.use('/admin/users', requireAdmin);

  const showForm = async (req: Request, res: Response, values: Record<string, string>, error: FormError | null, user: UserRecord | null) => {
    const granted = user ? new Set(await users.rights(user.id)) : new Set<string>();
    await renderer.view(
      req,
      res,
      'admin/user-form',
      // The password is never sent back to the browser, not even the one just typed.
      { values: { ...values, password: '' }, error, editedUser: user, groups: rightGroups(modules, context(req).locale), granted },
      { title: user ? user.login : renderer.t(req, 'user.new'), status: error?.status ?? 200 },
    );
  };

  router.get('/admin/users', async (req, res) => {
    await renderer.view(req, res, 'admin/users', { users: await users.list() }, { title: renderer.t(req, 'user.list') });
  });

  router.get('/admin/users/new', async (req, res) => {
    await showForm(req, res, formValues({ active: true, admin: false, lang: context(req).locale }, USER_FORM), null, null);
  });

  router.post('/admin/users/new', async (req, res) => {
    const values = formFields(req.body, USER_FORM);
    await submitForm(req, res, {
      write: () => users.create(withoutEmptyPassword(values)),
      invalid: (error) => showForm(req, res, values, error, null),
      done: (u) => ({ redirect: `/admin/users/${u.id}`, flash: `user.created|${u.login}` }),
    });
  });

  router.get('/admin/users/:id', async (req, res) => {
    const user = await mustGetUser(users, idParam(req));
    await showForm(req, res, formValues(user, USER_FORM), null, user);
  });

  router.post('/admin/users/:id', async (req, res) => {
    const user = await mustGetUser(users, idParam(req));
    const values = formFields(req.body, USER_FORM);
    await submitForm(req, res, {
      write: async () => {
        // An admin who unticks their own admin or active box would lock the door behind them.
        if (user.id === currentUser(req).id && (values.admin !== '1' || values.active !== '1')) {
          throw new HostError('BAD_INPUT', 'error.self_lockout', values.admin !== '1' ? 'admin' : 'active');
        }
        const saved = await users.update(user.id, withoutEmptyPassword(values));
        // A password change ends the user's other sessions; the admin who made it on their own account stays in.
        if (saved.id === currentUser(req).id) req.session.authVersion = saved.authVersion;
        return saved;
      },
      invalid: (error) => showForm(req, res, values, error, user),
      done: (u) => ({ redirect: `/admin/users/${u.id}`, flash: `user.saved|${u.login}` }),
    });
  });

  router.post('/admin/users/:id/rights', async (req, res) => {
    const user = await mustGetUser(users, idParam(req));
    const known = new Set(modules.list().flatMap((m) => m.manifest.rights.map((r) => r.id)));
    const ticked = formList(req.body, 'rights').filter((r) => known.has(r));
    // Rights of modules not loaded right now are not on the form, so they are kept as they are.
    const kept = (await users.rights(user.id)).filter((r) => !known.has(r));
    await users.setRights(user.id, [...kept, ...ticked]);
    flash(req, 'ok', `user.rights_saved|${user.login}`);
    res.redirect(303, `/admin/users/${user.id}`);
  });

  router.post('/admin/users/:id/apikey', async (req, res) => {
    const user = await mustGetUser(users, idParam(req));
    const key = await users.newApiKey(user.id);
    // Shown on this response only (not via a redirect and the session): only its hash is stored.
    res.set('Cache-Control', 'no-store');
    await renderer.view(req, res, 'admin/apikey', { editedUser: user, key }, { title: user.login });
  });

  return router;
}

async function mustGetUser(users: AppDeps['users'], id: number): Promise<UserRecord> {
  const user = await users.get(id);
  if (!user) throw new HostError('NOT_FOUND', 'error.user_not_found');
  return user;
}
