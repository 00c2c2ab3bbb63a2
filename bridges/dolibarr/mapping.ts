/**
 * Dolibarr's REST shapes ↔ the host contract's, pure. FACTS.md §5, §10: ids, flags and foreign keys come as
 * strings (or ints in webhooks), empty text as "" or null, dates as epoch seconds computed from a naive local
 * DATETIME, and no readable modification time at all (the bridge keeps its own, see state.ts).
 */
import { createHash } from 'node:crypto';
import type { ContactInput, CrmContact, CrmUser, ThirdParty } from '../../src/host-contract';

/** A Dolibarr object as JSON: every value may be a string, a number, null, an array or an object. */
export type DolibarrObject = Record<string, unknown>;

/** "12", 12 → 12; "", "0", 0, null → null (Dolibarr writes 0 or "" for "no third party"). */
export function idOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** "1", 1, true → true; "0", 0, "", null → false. */
export function flagOf(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** "" and null mean "no value": the contract has one spelling for that, null. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  return s === '' ? null : s;
}

/** Epoch seconds (number or numeric string) → UTC ISO; "" or null → null. */
export function epochToIso(value: unknown): string | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? new Date(n * 1000).toISOString() : null;
}

/**
 * A birthday is a date, stored as a naive local midnight and read back as epoch seconds in the PHP time zone of
 * the server that reads it (FACTS §10: 3600 s off under Europe/Paris). Midnight in any zone within ±12 h is
 * within 12 h of the day's UTC midnight, so adding 12 h and taking the UTC date gives the day whatever the zone.
 */
export function epochToDate(value: unknown): string | null {
  const iso = epochToIso(value);
  return iso ? new Date(Date.parse(iso) + 12 * 3600_000).toISOString().slice(0, 10) : null;
}

/** `YYYY-MM-DD` → epoch seconds of that day's UTC noon, which is the same day in any PHP time zone. */
export function dateToEpoch(date: string): number {
  return Date.parse(`${date}T12:00:00Z`) / 1000;
}

export function contactFromDolibarr(o: DolibarrObject): Omit<CrmContact, 'updatedAt' | 'version'> {
  return {
    id: idOf(o.id)!,
    // socid, not fk_soc: a webhook after a move carries the new socid and a stale fk_soc (FACTS §5).
    thirdPartyId: idOf(o.socid ?? o.fk_soc),
    civility: textOf(o.civility_code),
    lastname: textOf(o.lastname) ?? '',
    firstname: textOf(o.firstname),
    jobTitle: textOf(o.poste),
    email: textOf(o.email),
    // Dolibarr's contact card has no personal email: the module keeps Google's as a one-sided value.
    personalEmail: null,
    phoneWork: textOf(o.phone_pro),
    phoneHome: textOf(o.phone_perso),
    phoneMobile: textOf(o.phone_mobile),
    fax: textOf(o.fax),
    address: textOf(o.address),
    zip: textOf(o.zip),
    town: textOf(o.town),
    state: textOf(o.state_code),
    country: textOf(o.country_code),
    birthday: epochToDate(o.birthday),
    note: textOf(o.note_public),
    private: flagOf(o.priv),
    // Contact::update ignores statut (FACTS: contacts-put-status), so what GET says is the truth.
    status: flagOf(o.statut ?? o.status) ? 1 : 0,
    createdBy: idOf(o.user_creation_id),
    createdAt: epochToIso(o.date_creation) ?? new Date(0).toISOString(),
  };
}

/** Contract field → Dolibarr property; a field missing here cannot be written (personalEmail). */
const CONTACT_FIELDS: Partial<Record<keyof ContactInput, string>> = {
  thirdPartyId: 'socid',
  civility: 'civility_code',
  lastname: 'lastname',
  firstname: 'firstname',
  jobTitle: 'poste',
  email: 'email',
  phoneWork: 'phone_pro',
  phoneHome: 'phone_perso',
  phoneMobile: 'phone_mobile',
  fax: 'fax',
  address: 'address',
  zip: 'zip',
  town: 'town',
  country: 'country_code',
  note: 'note_public',
  private: 'priv',
  status: 'statut',
};

/**
 * The body of a POST or a partial PUT: only the fields given (a partial PUT changes only what it sends, "" clears;
 * FACTS §10), plus the `caller` marker that comes back in the webhook as context.caller (FACTS §6).
 */
export function contactToDolibarr(input: ContactInput, caller: string): DolibarrObject {
  const body: DolibarrObject = {};
  for (const [field, value] of Object.entries(input) as [keyof ContactInput, unknown][]) {
    if (value === undefined) continue;
    if (field === 'birthday') {
      body.birthday = value ? dateToEpoch(String(value)) : '';
      continue;
    }
    const prop = CONTACT_FIELDS[field];
    if (!prop) continue;
    if (typeof value === 'boolean') body[prop] = value ? 1 : 0;
    else if (value === null) body[prop] = prop === 'socid' ? 0 : '';
    else body[prop] = value;
  }
  body.caller = caller;
  return body;
}

export function thirdPartyFromDolibarr(o: DolibarrObject): ThirdParty {
  const client = String(o.client ?? '0');
  const createdAt = epochToIso(o.date_creation) ?? new Date(0).toISOString();
  return {
    id: idOf(o.id)!,
    name: textOf(o.name) ?? '',
    address: textOf(o.address),
    zip: textOf(o.zip),
    town: textOf(o.town),
    state: textOf(o.state_code),
    country: textOf(o.country_code),
    phone: textOf(o.phone),
    fax: textOf(o.fax),
    email: textOf(o.email),
    url: textOf(o.url),
    // client: 1 customer, 2 prospect, 3 both (Dolibarr's one column for two flags).
    client: client === '1' || client === '3',
    prospect: client === '2' || client === '3',
    supplier: flagOf(o.fournisseur),
    createdAt,
    updatedAt: createdAt,
  };
}

export function userFromDolibarr(o: DolibarrObject): CrmUser {
  return {
    id: idOf(o.id)!,
    login: String(o.login ?? ''),
    firstname: textOf(o.firstname),
    lastname: textOf(o.lastname),
    email: textOf(o.email),
    admin: flagOf(o.admin),
    active: flagOf(o.statut ?? o.status),
  };
}

/**
 * Dolibarr stores a third party's phone without spaces or dots ("+49 30 9999999" → "+49309999999", FACTS §10)
 * while contact phones keep them. When what Dolibarr gives back is the text the bridge wrote minus its
 * separators, the bridge's text stands, so a write never comes back as a different value to push again.
 */
export function restorePhone(stored: string | null, written: string | null | undefined): string | null {
  if (!stored || !written) return stored;
  return written.replace(/[\s.]/g, '') === stored ? written : stored;
}

/** A contact's content, without the times and version the bridge itself assigns: equal hashes, same contact. */
export function contentHash(contact: Omit<CrmContact, 'updatedAt' | 'version'> | CrmContact): string {
  const { updatedAt: _u, version: _v, createdAt: _c, ...content } = contact as CrmContact;
  const keys = Object.keys(content).sort() as (keyof typeof content)[];
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, content[k]])))
    .digest('base64url')
    .slice(0, 22);
}

/** The contract fields whose values differ, for contact.updated's `changed`. */
export function changedFields(before: CrmContact, after: CrmContact): (keyof CrmContact)[] {
  return (Object.keys(after) as (keyof CrmContact)[]).filter((k) => k !== 'updatedAt' && k !== 'version' && before[k] !== after[k]);
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in a time zone: how sqlfilters compare t.tms (MariaDB session zone, FACTS §1). */
export function sqlTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
