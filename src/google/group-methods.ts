/** The contact-group half of the PeopleGateway. */
import type { people_v1 } from 'googleapis';
import type { Runner } from './call-runner';
import { LIMITS, type ContactGroup, type PeopleGateway } from './gateway';
import { within } from './request-checks';

/** clientData is not among Google's default group fields, and the engines find their groups by it. */
const GROUP_FIELDS = 'clientData,groupType,memberCount,metadata,name';

export type GroupMethods = Pick<PeopleGateway, 'listGroups' | 'createGroup' | 'updateGroup' | 'deleteGroup' | 'modifyMembers'>;

/** Group calls are all retried (kind write): group names are unique, so a repeated create meets CONFLICT, never a twin. */
export function groupMethods(api: people_v1.People, run: Runner): GroupMethods {
  return {
    async listGroups() {
      const groups: ContactGroup[] = [];
      let pageToken: string | undefined;
      do {
        const data = await run({
          operation: 'listGroups', kind: 'read',
          send: () => api.contactGroups.list({ groupFields: GROUP_FIELDS, pageSize: LIMITS.pageSize, pageToken }),
        });
        groups.push(...(data.contactGroups ?? []));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return groups;
    },

    createGroup: (name) => run({
      operation: 'createGroup', kind: 'write',
      send: () => api.contactGroups.create({ requestBody: { contactGroup: { name }, readGroupFields: GROUP_FIELDS } }),
    }),

    updateGroup: (resourceName, name, etag) => run({
      operation: 'updateGroup', kind: 'write', resourceName,
      send: () => api.contactGroups.update({
        resourceName, requestBody: { contactGroup: { name, etag }, updateGroupFields: 'name', readGroupFields: GROUP_FIELDS },
      }),
    }),

    async deleteGroup(resourceName, deleteContacts) {
      await run({ operation: 'deleteGroup', kind: 'write', resourceName, send: () => api.contactGroups.delete({ resourceName, deleteContacts }) });
    },

    async modifyMembers(group, add, remove) {
      within('modifyMembers', 'resource names to add and remove', add.length + remove.length, LIMITS.membersModify);
      if (add.length + remove.length === 0) return { notFound: [], cannotRemoveLast: [] };
      const data = await run({
        operation: 'modifyMembers', kind: 'write', resourceName: group,
        send: () => api.contactGroups.members.modify({
          resourceName: group, requestBody: { resourceNamesToAdd: [...add], resourceNamesToRemove: [...remove] },
        }),
      });
      return { notFound: data.notFoundResourceNames ?? [], cannotRemoveLast: data.canNotRemoveLastContactGroupResourceNames ?? [] };
    },
  };
}
