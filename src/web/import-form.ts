/**
 * The Import page's form, read back: which rows were ticked and what was chosen for each, the row's own choices
 * falling back to the bulk ones ("As chosen above"). Everything here is untrusted text: a value that is not one
 * the page offers is refused with one clear error, never guessed at.
 */
import { GContactsError } from '../errors';
import type { ImportRow, ThirdPartyChoice, ThirdPartyStatus } from '../sync/import';

export type FormBody = Record<string, string | string[] | undefined>;

export const STATUSES: readonly ThirdPartyStatus[] = ['prospect', 'customer', 'supplier'];

/** The bulk choices, applied to every row that keeps "As chosen above". */
export interface BulkChoices {
  thirdParty: 'none' | 'new' | 'existing';
  thirdPartyId: number | null;
  status: ThirdPartyStatus;
  salesRepId: number | null;
  private: boolean;
  syncFlag: boolean;
}

/** A row's key on the page: its account and Google resource name. */
export function rowKey(accountId: number, resourceName: string): string {
  return `${accountId}|${resourceName}`;
}

export function parseRowKey(key: string): { accountId: number; resourceName: string } {
  const match = /^(\d{1,9})\|(people\/[A-Za-z0-9_-]{1,100})$/.exec(key);
  if (!match) throw badChoice();
  return { accountId: Number(match[1]), resourceName: match[2]! };
}

export function badChoice(): GContactsError {
  return new GContactsError('BAD_INPUT', 'import.error.bad_choice');
}

export function one(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return Array.isArray(value) ? value[0] : value;
}

export function many(body: FormBody, name: string): string[] {
  const value = body[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function id(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value) || Number(value) < 1) throw badChoice();
  return Number(value);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw badChoice();
  return value as T;
}

export function parseBulk(body: FormBody): BulkChoices {
  const thirdParty = oneOf(one(body, 'tp') ?? 'new', ['none', 'new', 'existing'] as const);
  const rep = one(body, 'rep') ?? 'none';
  return {
    thirdParty,
    thirdPartyId: thirdParty === 'existing' ? id(one(body, 'tpId')) : null,
    status: oneOf(one(body, 'status') ?? 'prospect', STATUSES),
    salesRepId: rep === 'none' ? null : id(rep),
    private: oneOf(one(body, 'vis') ?? 'shared', ['shared', 'private'] as const) === 'private',
    syncFlag: oneOf(one(body, 'flag') ?? 'on', ['on', 'off'] as const) === 'on',
  };
}

/** The third party the bulk choices give a row, with the new third party's status. */
export function bulkThirdParty(bulk: BulkChoices, status: ThirdPartyStatus = bulk.status): ThirdPartyChoice {
  return bulk.thirdParty === 'existing' ? { kind: 'existing', id: bulk.thirdPartyId! } : bulk.thirdParty === 'new' ? { kind: 'new', status } : { kind: 'none' };
}

function thirdPartyOf(value: string, bulk: BulkChoices, status: ThirdPartyStatus): ThirdPartyChoice {
  if (value === 'bulk') return bulkThirdParty(bulk, status);
  if (value === 'none') return { kind: 'none' };
  if (value === 'new') return { kind: 'new', status };
  if (value.startsWith('existing:')) return { kind: 'existing', id: id(value.slice('existing:'.length)) };
  throw badChoice();
}

/** The row at index `i` of the form, with its choices (a row absent from the form takes the bulk ones). */
export function parseRow(body: FormBody, i: string, bulk: BulkChoices): ImportRow {
  if (!/^\d{1,4}$/.test(i)) throw badChoice();
  const { accountId, resourceName } = parseRowKey(one(body, `key.${i}`) ?? '');
  const field = (name: string) => one(body, `${name}.${i}`) ?? 'bulk';
  const action = field('action');
  const status = field('status') === 'bulk' ? bulk.status : oneOf(field('status'), STATUSES);
  const rep = field('rep');
  const vis = field('vis');
  const flag = field('flag');
  return {
    accountId,
    resourceName,
    action: action === 'bulk' || action === 'create' ? { kind: 'create' } : action.startsWith('link:') ? { kind: 'link', contactId: id(action.slice(5)) } : (() => { throw badChoice(); })(),
    thirdParty: thirdPartyOf(field('tp'), bulk, status),
    salesRepId: rep === 'bulk' ? bulk.salesRepId : rep === 'none' ? null : id(rep),
    private: vis === 'bulk' ? bulk.private : oneOf(vis, ['shared', 'private'] as const) === 'private',
    syncFlag: flag === 'bulk' ? bulk.syncFlag : oneOf(flag, ['on', 'off'] as const) === 'on',
    lastname: one(body, `lastname.${i}`)?.trim().slice(0, 255) || null,
  };
}
