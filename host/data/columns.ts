/**
 * Row ⇄ contract mapping for the Dolibarr-named tables. One table of column names per entity, so reads, writes
 * and filters cannot drift apart.
 */
import type { CrmContact, CrmUser, ThirdParty } from '../../src/host-contract';

type Row = Record<string, unknown>;

export const CONTACT_COLUMNS = {
  thirdPartyId: 'fk_soc',
  civility: 'civility',
  lastname: 'lastname',
  firstname: 'firstname',
  jobTitle: 'poste',
  email: 'email',
  personalEmail: 'email_perso',
  phoneWork: 'phone',
  phoneHome: 'phone_perso',
  phoneMobile: 'phone_mobile',
  fax: 'fax',
  address: 'address',
  zip: 'zip',
  town: 'town',
  state: 'state',
  country: 'country',
  birthday: 'birthday',
  note: 'note_private',
  private: 'priv',
  status: 'statut',
} as const satisfies Partial<Record<keyof CrmContact, string>>;

export const THIRDPARTY_COLUMNS = {
  name: 'nom',
  address: 'address',
  zip: 'zip',
  town: 'town',
  state: 'state',
  country: 'country',
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  url: 'url',
  client: 'client',
  prospect: 'prospect',
  supplier: 'fournisseur',
} as const satisfies Partial<Record<keyof ThirdParty, string>>;

const BOOLEAN_FIELDS = new Set<string>(['private', 'client', 'prospect', 'supplier']);

/** Converts a patch of contract fields to a row patch; booleans become 0/1 for both engines. */
export function toRow(columns: Record<string, string>, patch: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(patch)) {
    const column = columns[field];
    if (column === undefined || value === undefined) continue;
    row[column] = BOOLEAN_FIELDS.has(field) ? (value ? 1 : 0) : value;
  }
  return row;
}

function fromRow<T>(columns: Record<string, string>, row: Row): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const value = row[column];
    out[field] = BOOLEAN_FIELDS.has(field) ? Boolean(Number(value)) : (value ?? null);
  }
  return out as Partial<T>;
}

export function contactFromRow(row: Row): CrmContact {
  return {
    ...(fromRow<CrmContact>(CONTACT_COLUMNS, row) as Omit<CrmContact, 'id'>),
    id: Number(row.rowid),
    thirdPartyId: row.fk_soc == null ? null : Number(row.fk_soc),
    status: Number(row.statut) === 0 ? 0 : 1,
    createdBy: row.fk_user_creat == null ? null : Number(row.fk_user_creat),
    createdAt: String(row.datec),
    updatedAt: String(row.tms),
    version: Number(row.version),
  };
}

export function thirdPartyFromRow(row: Row): ThirdParty {
  return {
    ...(fromRow<ThirdParty>(THIRDPARTY_COLUMNS, row) as Omit<ThirdParty, 'id'>),
    id: Number(row.rowid),
    createdAt: String(row.datec),
    updatedAt: String(row.tms),
  };
}

export function userFromRow(row: Row): CrmUser {
  return {
    id: Number(row.rowid),
    login: String(row.login),
    firstname: (row.firstname as string | null) ?? null,
    lastname: (row.lastname as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    admin: Boolean(Number(row.admin)),
    active: Boolean(Number(row.statut)),
  };
}
