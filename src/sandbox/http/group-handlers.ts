import type { people_v1 } from 'googleapis';
import { ApiError, RPC_CODE, badRequest } from '../api-error';
import { parseGroupFields } from '../domain/fields';
import { listGroups } from '../domain/group-listing';
import { createGroup, deleteGroup, getGroup, modifyMembers, updateGroup } from '../domain/groups';
import { parsePageSize } from '../domain/listing';
import { renderGroup } from '../domain/render';
import { bool, int, list, str } from './params';
import type { CallContext } from './people-handlers';

type Group = people_v1.Schema$ContactGroup;
export const GROUP_BATCH_GET_LIMIT = 200;

export function groupsList(ctx: CallContext): people_v1.Schema$ListContactGroupsResponse {
  return listGroups(ctx.account.book, {
    fields: parseGroupFields(str(ctx.query, 'groupFields')),
    pageSize: parsePageSize(str(ctx.query, 'pageSize'), 30, 1000),
    pageToken: str(ctx.query, 'pageToken') || undefined,
    syncToken: str(ctx.query, 'syncToken') || undefined,
  }, ctx.now, ctx.propagationDelayMs);
}

export function groupGet(ctx: CallContext): Group {
  return renderGroup(getGroup(ctx.account.book, ctx.resourceName), parseGroupFields(str(ctx.query, 'groupFields')),
    int(ctx.query, 'maxMembers', 0));
}

export function groupBatchGet(ctx: CallContext): people_v1.Schema$BatchGetContactGroupsResponse {
  const names = list(ctx.query, 'resourceNames');
  if (names.length === 0) throw badRequest('resource_names', 'resourceNames must not be empty.');
  if (names.length > GROUP_BATCH_GET_LIMIT) throw badRequest('resource_names', `At most ${GROUP_BATCH_GET_LIMIT} resource names are allowed.`);
  const fields = parseGroupFields(str(ctx.query, 'groupFields'));
  const maxMembers = int(ctx.query, 'maxMembers', 0);
  return {
    responses: names.map((name): people_v1.Schema$ContactGroupResponse => {
      try {
        return { requestedResourceName: name, status: {}, contactGroup: renderGroup(getGroup(ctx.account.book, name), fields, maxMembers) };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return { requestedResourceName: name, status: { code: RPC_CODE[e.status], message: e.message } };
      }
    }),
  };
}

export function groupCreate(ctx: CallContext): Group {
  const req = (ctx.body ?? {}) as people_v1.Schema$CreateContactGroupRequest;
  const group = createGroup(ctx.account.book, req.contactGroup, ctx.now);
  return renderGroup(group, parseGroupFields(req.readGroupFields, 'readGroupFields'));
}

export function groupUpdate(ctx: CallContext): Group {
  const req = (ctx.body ?? {}) as people_v1.Schema$UpdateContactGroupRequest;
  const group = updateGroup(ctx.account.book, ctx.resourceName, req.contactGroup, req.updateGroupFields, ctx.now);
  return renderGroup(group, parseGroupFields(req.readGroupFields, 'readGroupFields'));
}

export function groupDelete(ctx: CallContext): Record<string, never> {
  deleteGroup(ctx.account.book, ctx.resourceName, bool(ctx.query, 'deleteContacts'), ctx.now);
  return {};
}

export function membersModify(ctx: CallContext): people_v1.Schema$ModifyContactGroupMembersResponse {
  return modifyMembers(ctx.account.book, ctx.resourceName, ctx.body as people_v1.Schema$ModifyContactGroupMembersRequest, ctx.now);
}
