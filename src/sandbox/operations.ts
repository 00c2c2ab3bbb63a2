/**
 * Every call the sandbox answers has an operation id named like the googleapis method. Faults are injected per
 * operation, quota costs are priced per operation.
 */
export const API_OPERATIONS = [
  'people.connections.list', 'people.get', 'people.getBatchGet', 'people.createContact', 'people.updateContact',
  'people.deleteContact', 'people.batchCreateContacts', 'people.batchUpdateContacts', 'people.batchDeleteContacts',
  'contactGroups.list', 'contactGroups.get', 'contactGroups.batchGet', 'contactGroups.create', 'contactGroups.update',
  'contactGroups.delete', 'contactGroups.members.modify',
] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

export const OAUTH_OPERATIONS = ['oauth.token', 'oauth.userinfo', 'oauth.revoke'] as const;
export type Operation = ApiOperation | (typeof OAUTH_OPERATIONS)[number];

/** Operations that change the address book: the ones where "apply the write but lose the response" makes sense. */
export const READ_ONLY_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'people.connections.list', 'people.get', 'people.getBatchGet', 'contactGroups.list', 'contactGroups.get',
  'contactGroups.batchGet', 'oauth.userinfo',
]);
