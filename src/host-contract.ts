/**
 * The host contract: the ONLY thing src/ knows about the CRM that runs it. The reference host in host/ implements
 * it; a bridge to a real Dolibarr would implement the same interfaces. Keep it small: every member here is a
 * promise every host must keep.
 */
import type { Knex } from 'knex';
import type { Request, Response, Router } from 'express';

/** Bumped when a member below changes incompatibly; module.json names the version it was written against. */
export const HOST_API_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------------
// Host data, as the module sees it. Field names follow the words users see on the CRM's contact card.

/** A CRM contact (Dolibarr llx_socpeople). Dates are ISO strings: birthdays `YYYY-MM-DD`, times UTC ISO-8601. */
export interface CrmContact {
  id: number;
  thirdPartyId: number | null;
  civility: string | null;
  lastname: string;
  firstname: string | null;
  jobTitle: string | null;
  email: string | null;
  personalEmail: string | null;
  phoneWork: string | null;
  phoneHome: string | null;
  phoneMobile: string | null;
  fax: string | null;
  address: string | null;
  zip: string | null;
  town: string | null;
  state: string | null;
  country: string | null;
  birthday: string | null;
  note: string | null;
  /** Private contacts are visible to their creator only and never leave the CRM. */
  private: boolean;
  /** 1 active, 0 disabled. */
  status: 0 | 1;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  /** Incremented on every write; a write may name the version it read to detect a concurrent edit. */
  version: number;
}

/** What a create or an update may set. */
export type ContactInput = Partial<Omit<CrmContact, 'id' | 'createdBy' | 'createdAt' | 'updatedAt' | 'version'>> & {
  lastname?: string;
};

/** A third party (Dolibarr llx_societe): the company a contact works for. */
export interface ThirdParty {
  id: number;
  name: string;
  address: string | null;
  zip: string | null;
  town: string | null;
  state: string | null;
  country: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  url: string | null;
  client: boolean;
  prospect: boolean;
  supplier: boolean;
  createdAt: string;
  updatedAt: string;
}

export type ThirdPartyInput = Partial<Omit<ThirdParty, 'id' | 'createdAt' | 'updatedAt'>> & { name?: string };

/** A CRM user; sales reps are users assigned to a third party. */
export interface CrmUser {
  id: number;
  login: string;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  admin: boolean;
  active: boolean;
}

export interface WriteOptions {
  /** Who writes: a module id (e.g. 'gcontacts') for module writes, absent for a person. Carried into events. */
  origin?: string;
  /** The CRM user the write is made for (creator of a new contact, author in the audit trail). */
  actorId?: number | null;
  /** The version the caller read; the write fails with a conflict if the contact changed since. */
  expectedVersion?: number;
}

export interface ContactQuery {
  /** Only contacts updated at or after this UTC ISO time. */
  changedSince?: string;
  /** Opaque keyset cursor from a previous page. */
  cursor?: string | null;
  limit?: number;
  thirdPartyId?: number;
  /** Private contacts are left out unless asked for (the module never syncs them, but must see them leave scope). */
  includePrivate?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The host's contacts, third parties and users: the module reaches host data only through this. */
export interface ContactDirectory {
  get(id: number): Promise<CrmContact | null>;
  getMany(ids: readonly number[]): Promise<CrmContact[]>;
  /** Ordered by (updatedAt, id); stable under concurrent writes thanks to the keyset cursor. */
  list(query: ContactQuery): Promise<Page<CrmContact>>;
  create(input: ContactInput, options?: WriteOptions): Promise<CrmContact>;
  update(id: number, patch: ContactInput, options?: WriteOptions): Promise<CrmContact>;
  remove(id: number, options?: WriteOptions): Promise<void>;
  thirdParty(id: number): Promise<ThirdParty | null>;
  thirdParties(ids: readonly number[]): Promise<ThirdParty[]>;
  createThirdParty(input: ThirdPartyInput, options?: WriteOptions): Promise<ThirdParty>;
  /** Third parties whose name (or town, email) holds every word of `query`, by name: the Import page's search. */
  searchThirdParties(query: string, limit: number): Promise<ThirdParty[]>;
  /** Third parties named exactly like one of `names`, case aside (one query for a whole page of organisations). */
  thirdPartiesByName(names: readonly string[]): Promise<ThirdParty[]>;
  /** Replaces the sales reps of a third party (the Import page assigns the chosen rep). */
  setSalesReps(thirdPartyId: number, userIds: readonly number[], options?: WriteOptions): Promise<void>;
  /** The sales reps of one third party. */
  salesReps(thirdPartyId: number): Promise<CrmUser[]>;
  /** Sales reps of many third parties at once, keyed by third party id (for batched pushes). */
  salesRepsOf(thirdPartyIds: readonly number[]): Promise<Map<number, CrmUser[]>>;
  /** The third parties a user is sales rep of. */
  thirdPartiesOfSalesRep(userId: number): Promise<number[]>;
  users(): Promise<CrmUser[]>;
  user(id: number): Promise<CrmUser | null>;
}

// ---------------------------------------------------------------------------------------------------------------
// Events: emitted by the host after the write is committed, exactly once per write.

export interface HostEventMap {
  'contact.created': { contact: CrmContact; origin?: string };
  'contact.updated': { contact: CrmContact; before: CrmContact; changed: (keyof CrmContact)[]; origin?: string };
  'contact.deleted': { contact: CrmContact; origin?: string };
  'thirdparty.updated': { thirdParty: ThirdParty; before: ThirdParty; origin?: string };
  'thirdparty.deleted': { thirdParty: ThirdParty; origin?: string };
  'thirdparty.salesreps.changed': { thirdPartyId: number; before: number[]; after: number[]; origin?: string };
  'user.updated': { user: CrmUser; before: CrmUser; origin?: string };
  'user.deleted': { user: CrmUser; origin?: string };
}

export type HostEventName = keyof HostEventMap;
export type HostEventHandler<E extends HostEventName> = (payload: HostEventMap[E]) => void | Promise<void>;

export interface HostEvents {
  /** Returns a function that unsubscribes. Handlers run after commit; a failing handler never undoes the write. */
  on<E extends HostEventName>(event: E, handler: HostEventHandler<E>): () => void;
}

// ---------------------------------------------------------------------------------------------------------------
// Web: the host mounts the module's router under /m/<module id>/, authenticates, checks CSRF on every POST and
// wraps module pages in its layout.

export interface PageOptions {
  title: string;
  /** Already-escaped HTML of the page body (rendered from the module's EJS views). */
  body: string;
  /** When set, the body is shown as a tab of this contact's card. */
  contactTab?: { contactId: number; tabId: string };
  status?: number;
}

/** One cell of a module's list column: its text, and a word for `data-state` (styling and tests; not shown). */
export interface ListCell {
  text: string;
  state?: string;
}

/**
 * A column a module adds to one of the host's lists (today the contact list), with an optional filter: the host
 * shows the header and cells and a select of the filter's choices, passed as the query parameter
 * `<module id>.<column id>`. Declared at register time (no I/O); called for each page of the list.
 */
export interface ListColumn {
  /** Unique within the module. */
  id: string;
  list: 'contacts';
  /** Who sees the column and may filter by it. */
  right: string;
  /** Header text, in the reader's locale. */
  label(locale: string): string;
  /** The cells of the rows on one page, in one call (the module reads them at once, never one query per row). */
  cells(contactIds: readonly number[], locale: string): Promise<Map<number, ListCell>>;
  filter?: {
    label(locale: string): string;
    choices(locale: string): { value: string; label: string }[];
    /** The contacts a choice keeps: these ids only, or every contact but these. */
    select(value: string): Promise<{ only: number[] } | { except: number[] }>;
  };
}

export interface HostUi {
  mount(router: Router): void;
  /** Adds a column (and filter) to a host list; see ListColumn. */
  listColumn(column: ListColumn): void;
  /** The signed-in user of a request routed to the module (the host refuses anonymous requests before). */
  user(req: Request): CrmUser;
  locale(req: Request): string;
  /** The CSRF token to put in a hidden `_csrf` field of every POST form. */
  csrfToken(req: Request): string;
  /** Sends a page in the host's layout. */
  page(req: Request, res: Response, options: PageOptions): void;
}

export interface HostRights {
  check(user: CrmUser, right: string): Promise<boolean>;
}

/** Values typed by the settings declared in module.json, validated by the host before they are stored. */
export type SettingValue = string | number | boolean;

export interface HostSettings {
  get<T extends SettingValue = SettingValue>(key: string): Promise<T>;
  set(key: string, value: SettingValue): Promise<void>;
  all(): Promise<Record<string, SettingValue>>;
}

export interface HostScheduler {
  /**
   * Runs `fn` on a five-field cron schedule (minute hour day-of-month month day-of-week, UTC) under `name`.
   * Registering a name again replaces its schedule. Runs of one job never overlap.
   */
  every(name: string, cron: string, fn: () => Promise<void>): void;
  cancel(name: string): void;
}

export interface HostI18n {
  /** Translates a key of the module's lang/ files; `{name}` placeholders take `params`. */
  t(locale: string, key: string, params?: Record<string, string | number>): string;
}

export interface HostLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface HostClock {
  now(): Date;
}

/** Everything a module gets from its host. */
export interface Host {
  readonly apiVersion: number;
  /** The host's database; module tables live beside the host's, named with the module's prefix. */
  readonly db: Knex;
  /** Where the module may keep files (key file, backups), created by the host. */
  readonly dataDir: string;
  readonly contacts: ContactDirectory;
  readonly events: HostEvents;
  readonly ui: HostUi;
  readonly rights: HostRights;
  readonly settings: HostSettings;
  readonly scheduler: HostScheduler;
  readonly i18n: HostI18n;
  readonly log: HostLog;
  readonly clock: HostClock;
  /** Environment the host was started with (the module reads its GOOGLE_* and GCONTACTS_* options from here). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * A module. `register` declares (routes, no I/O), `bootstrap` migrates and subscribes (runs when the module is
 * enabled or the host starts with it enabled), `destroy` stops what bootstrap started, `removeData` drops the
 * module's tables when an admin asks the host to remove its data.
 */
export interface ModuleDefinition {
  register(host: Host): void;
  bootstrap(host: Host): Promise<void>;
  destroy(host: Host): Promise<void>;
  removeData(host: Host): Promise<void>;
}

export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition;
}
