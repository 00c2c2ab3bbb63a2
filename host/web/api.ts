/**
 * The JSON API for scripts (Dolibarr-style REST): contacts, third parties and their sales reps. Same services,
 * same visibility rules and validation as the pages; errors are `{error:{code,message,field}}` with a status.
 */
import { Router, type Request } from 'express';
import { HostError } from '../errors';
import type { ContactService } from '../services/contacts';
import type { ThirdPartyService } from '../services/thirdparties';
import { currentUser } from './context';

function intParam(raw: unknown, field: string): number {
  const s = String(raw ?? '');
  if (!/^\d{1,9}$/.test(s) || Number(s) < 1) throw new HostError('BAD_INPUT', 'error.bad_id', field);
  return Number(s);
}

function optionalInt(raw: unknown, field: string): number | undefined {
  return raw === undefined || raw === '' ? undefined : intParam(raw, field);
}

function optionalText(raw: unknown, field: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new HostError('BAD_INPUT', 'error.bad_query', field);
  return raw;
}

/** A page size: the paging rules check its range; anything not a number is the same page-size message. */
function optionalLimit(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const s = typeof raw === 'string' ? raw : '';
  return /^\d{1,9}$/.test(s) ? Number(s) : Number.NaN;
}

function listQuery(req: Request) {
  return {
    changedSince: optionalText(req.query.changedSince, 'changedSince'),
    cursor: optionalText(req.query.cursor, 'cursor') ?? null,
    limit: optionalLimit(req.query.limit),
    q: optionalText(req.query.q, 'q'),
  };
}

/** A JSON body must be an object; `version` (optimistic concurrency) travels beside the fields. */
function bodyOf(req: Request): { fields: Record<string, unknown>; version: number | undefined } {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HostError('BAD_INPUT', 'error.bad_json');
  const { version, ...fields } = body as Record<string, unknown>;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) throw new HostError('BAD_INPUT', 'error.bad_version', 'version');
  return { fields, version: version as number | undefined };
}

export function apiRouter(contacts: ContactService, thirdParties: ThirdPartyService): Router {
  const router = Router();
  const viewer = (req: Request) => ({ userId: currentUser(req).id });
  const actor = (req: Request) => ({ actorId: currentUser(req).id });

  router.get('/contacts', async (req, res) => {
    const query = listQuery(req);
    res.json(await contacts.list(viewer(req), { ...query, thirdPartyId: optionalInt(req.query.thirdPartyId, 'thirdPartyId') }));
  });
  router.post('/contacts', async (req, res) => {
    res.status(201).json(await contacts.create(viewer(req), bodyOf(req).fields, actor(req)));
  });
  router.get('/contacts/:id', async (req, res) => {
    res.json(await contacts.mustGet(viewer(req), intParam(req.params.id, 'id')));
  });
  router.put('/contacts/:id', async (req, res) => {
    const { fields, version } = bodyOf(req);
    res.json(await contacts.update(viewer(req), intParam(req.params.id, 'id'), fields, { ...actor(req), ...(version !== undefined ? { expectedVersion: version } : {}) }));
  });
  router.delete('/contacts/:id', async (req, res) => {
    await contacts.remove(viewer(req), intParam(req.params.id, 'id'), actor(req));
    res.status(204).end();
  });

  router.get('/thirdparties', async (req, res) => {
    res.json(await thirdParties.list(listQuery(req)));
  });
  router.post('/thirdparties', async (req, res) => {
    res.status(201).json(await thirdParties.create(bodyOf(req).fields));
  });
  router.get('/thirdparties/:id', async (req, res) => {
    const id = intParam(req.params.id, 'id');
    const thirdParty = await thirdParties.mustGet(id);
    const salesReps = (await thirdParties.salesReps(id)).map((u) => ({ id: u.id, login: u.login }));
    res.json({ ...thirdParty, salesReps });
  });
  router.put('/thirdparties/:id', async (req, res) => {
    res.json(await thirdParties.update(intParam(req.params.id, 'id'), bodyOf(req).fields, actor(req)));
  });
  router.delete('/thirdparties/:id', async (req, res) => {
    await thirdParties.remove(intParam(req.params.id, 'id'), actor(req));
    res.status(204).end();
  });
  router.get('/thirdparties/:id/salesreps', async (req, res) => {
    const id = intParam(req.params.id, 'id');
    await thirdParties.mustGet(id);
    res.json((await thirdParties.salesReps(id)).map((u) => ({ id: u.id, login: u.login, firstname: u.firstname, lastname: u.lastname })));
  });
  router.put('/thirdparties/:id/salesreps', async (req, res) => {
    const { fields } = bodyOf(req);
    const unknown = Object.keys(fields).filter((k) => k !== 'userIds');
    if (unknown.length) throw new HostError('BAD_INPUT', `error.unknown_field|${unknown.join(', ')}`);
    const ids = fields.userIds;
    if (!Array.isArray(ids) || !ids.every((v) => Number.isInteger(v) && v > 0)) throw new HostError('BAD_INPUT', 'error.bad_user_ids', 'userIds');
    res.json({ userIds: await thirdParties.setSalesReps(intParam(req.params.id, 'id'), ids as number[], actor(req)) });
  });
  router.use((_req, _res, next) => next(new HostError('NOT_FOUND', 'error.no_such_endpoint')));
  return router;
}
