import express, { type Request, type Response } from 'express';
import { ApiError, errorInfo } from '../api-error';
import { CONTACTS_READONLY_SCOPE, CONTACTS_SCOPE } from '../accounts';
import { READ_ONLY_OPERATIONS, type ApiOperation } from '../operations';
import type { SandboxState } from '../state';
import * as groups from './group-handlers';
import * as people from './people-handlers';
import type { CallContext } from './people-handlers';
import { applyFault, sendError, sendJson } from './respond';

type Handler = (ctx: CallContext) => unknown;

interface Route { method: string; pattern: RegExp; op: ApiOperation; handler: Handler }

/**
 * The People API's URL space. Resource names contain a slash and custom verbs follow a colon
 * (`people/c1:updateContact`), which Express path patterns cannot express, so paths are matched here.
 * Group 1 of each pattern, when present, is the resource name.
 */
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^(people\/[^/:]+)\/connections$/, op: 'people.connections.list', handler: people.connectionsList },
  { method: 'GET', pattern: /^people:batchGet$/, op: 'people.getBatchGet', handler: people.getBatchGet },
  { method: 'POST', pattern: /^people:createContact$/, op: 'people.createContact', handler: people.create },
  { method: 'POST', pattern: /^people:batchCreateContacts$/, op: 'people.batchCreateContacts', handler: people.batchCreateContacts },
  { method: 'POST', pattern: /^people:batchUpdateContacts$/, op: 'people.batchUpdateContacts', handler: people.batchUpdateContacts },
  { method: 'POST', pattern: /^people:batchDeleteContacts$/, op: 'people.batchDeleteContacts', handler: people.batchDeleteContacts },
  { method: 'PATCH', pattern: /^(people\/[^/:]+):updateContact$/, op: 'people.updateContact', handler: people.update },
  { method: 'DELETE', pattern: /^(people\/[^/:]+):deleteContact$/, op: 'people.deleteContact', handler: people.remove },
  { method: 'GET', pattern: /^(people\/[^/:]+)$/, op: 'people.get', handler: people.get },
  { method: 'GET', pattern: /^contactGroups$/, op: 'contactGroups.list', handler: groups.groupsList },
  { method: 'POST', pattern: /^contactGroups$/, op: 'contactGroups.create', handler: groups.groupCreate },
  { method: 'GET', pattern: /^contactGroups:batchGet$/, op: 'contactGroups.batchGet', handler: groups.groupBatchGet },
  { method: 'POST', pattern: /^(contactGroups\/[^/:]+)\/members:modify$/, op: 'contactGroups.members.modify', handler: groups.membersModify },
  { method: 'GET', pattern: /^(contactGroups\/[^/:]+)$/, op: 'contactGroups.get', handler: groups.groupGet },
  { method: 'PUT', pattern: /^(contactGroups\/[^/:]+)$/, op: 'contactGroups.update', handler: groups.groupUpdate },
  { method: 'DELETE', pattern: /^(contactGroups\/[^/:]+)$/, op: 'contactGroups.delete', handler: groups.groupDelete },
];

function match(method: string, path: string): { route: Route; resourceName: string } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, resourceName: m[1] ?? '' };
  }
  return undefined;
}

function requireScope(scope: string, op: ApiOperation): void {
  const granted = scope.split(' ');
  const ok = granted.includes(CONTACTS_SCOPE) || (READ_ONLY_OPERATIONS.has(op) && granted.includes(CONTACTS_READONLY_SCOPE));
  if (!ok) {
    throw new ApiError('PERMISSION_DENIED', 'Request had insufficient authentication scopes.',
      [errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'googleapis.com', { service: 'people.googleapis.com' })]);
  }
}

/** Mounted at /v1: the latency setting, fault injection, then authentication, scope, quota, and finally the handler. */
export function apiRouter(state: SandboxState): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '64mb' }));
  // The latency setting: the call waits as it would on a real round trip, before anything else happens to it.
  router.use((_req, _res, next) => {
    const ms = state.callDelayMs();
    if (ms > 0) setTimeout(next, ms);
    else next();
  });
  router.use((req: Request, res: Response) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      sendError(res, new ApiError('INVALID_ARGUMENT', 'Malformed URL path.'));
      return;
    }
    const found = match(req.method, path);
    if (!found) {
      sendError(res, new ApiError('NOT_FOUND', `Method not found: ${req.method} /v1/${path}`));
      return;
    }
    const { route, resourceName } = found;
    if (applyFault(state.faults, route.op, req, res)) return;
    try {
      const { account, grant } = state.registry.authenticate(req.headers.authorization, req.query.access_token);
      requireScope(grant.scope, route.op);
      const fullSyncStart = route.op === 'people.connections.list' && !req.query.pageToken && !req.query.syncToken;
      state.quotas.charge(account.id, route.op, state.now(), fullSyncStart);
      const result = route.handler({
        account, query: req.query as Record<string, unknown>, body: req.body, resourceName,
        now: state.now(), propagationDelayMs: state.propagationDelayMs,
      });
      sendJson(res, 200, result);
    } catch (e) {
      sendError(res, e);
    }
  });
  return router;
}
