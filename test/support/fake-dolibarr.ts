/**
 * A fake Dolibarr 23 REST API + Webhook module for tests, built from the captured fixtures (test/fixtures/dolibarr)
 * and answering like them, quirks included (FACTS.md): ids and flags as strings, priv ignored, sales-rep scoping
 * that thirdparty_ids= switches off, webhooks called INSIDE the transaction (a read during the hook sees the old
 * state, a 404 after CREATE), never retried, a failing blocking target rolling the write back, the representatives
 * endpoint always 404, third-party phones losing their spaces, t.tms filterable but never readable.
 * Seed: the fixtures' users, third parties and contacts 1-20; API keys dolibarr-<login>-key, passwords = login.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Obj = Record<string, unknown>;

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'dolibarr');

export function fixture(name: string): Obj {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as Obj;
}

function responseBody(name: string): unknown {
  return (fixture(name).response as Obj).body;
}

interface Row {
  object: Obj;
  /** MariaDB's ON UPDATE CURRENT_TIMESTAMP: moves only when the row really changes. */
  tms: Date;
}

interface Account {
  id: number;
  login: string;
  admin: boolean;
  /** societe.lire/creer, societe.contact.lire/creer/supprimer (reps); none for lucas. */
  contacts: boolean;
  deleteThirdParties: boolean;
}

export interface Delivered {
  trigger: string;
  id: number;
  /** False when the test made the delivery get lost. */
  sent: boolean;
}

export interface FakeControl {
  /** The webhook target (null = no target). */
  webhookUrl: string | null;
  /** A blocking target (type 0): a failing answer rolls the write back (FACTS §7). */
  blocking: boolean;
  /** Return true to lose a delivery (Dolibarr never retries). */
  lose: (trigger: string, id: number) => boolean;
  delivered: Delivered[];
  /** Rows as the database holds them (tests read tms, which the API never shows). */
  contacts: Map<number, Row>;
  thirdParties: Map<number, Row>;
  salesReps: Set<string>;
  /** The fake database clock (t.tms), real time unless a test moves it. */
  now: () => Date;
  /** Loads an object as it is in a fixture (a contact or third party the fixture's request needs). */
  load(kind: 'contact' | 'thirdparty', object: Obj): void;
  /** Number of REST requests answered, by method. */
  requests: Record<string, number>;
}

export interface FakeDolibarr {
  /** The API base, like DOLIBARR_URL: http://127.0.0.1:<port>/api/index.php */
  url: string;
  control: FakeControl;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly raw?: unknown,
  ) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export async function startFakeDolibarr(): Promise<FakeDolibarr> {
  const users = (responseBody('users-list-admin') as Obj[]).map((u) => ({ ...u }));
  const contactTemplate = responseBody('contacts-get-admin') as Obj;
  const thirdPartyTemplate = responseBody('thirdparties-get-admin') as Obj;
  const userTemplate = blank(responseBody('users-info-admin') as Obj);
  const repRights = (responseBody('users-info-rep-perms') as Obj).rights;
  const accounts: Account[] = users.map((u) => {
    const login = String(u.login);
    return { id: Number(u.id), login, admin: u.admin === '1', contacts: login !== 'lucas', deleteThirdParties: u.admin === '1' };
  });
  const byKey = new Map(accounts.map((a) => [`dolibarr-${a.login}-key`, a]));
  const seedTime = new Date(Date.now() - 3600_000);
  const control: FakeControl = {
    webhookUrl: null,
    blocking: false,
    lose: () => false,
    delivered: [],
    contacts: new Map(),
    thirdParties: new Map(),
    salesReps: new Set(['1:2', '2:3', '3:2', '3:3', '5:3']),
    now: () => new Date(),
    requests: {},
    load(kind, object) {
      const map = kind === 'contact' ? control.contacts : control.thirdParties;
      const template = kind === 'contact' ? contactTemplate : thirdPartyTemplate;
      map.set(Number(object.id), { object: { ...blank(template), ...object }, tms: control.now() });
    },
  };
  for (const c of responseBody('contacts-list-admin') as Obj[]) control.contacts.set(Number(c.id), { object: { ...c }, tms: seedTime });
  for (const t of responseBody('thirdparties-list-admin') as Obj[]) control.thirdParties.set(Number(t.id), { object: { ...blank(thirdPartyTemplate), ...t }, tms: seedTime });
  const nextId = (map: Map<number, Row>, floor: number) => Math.max(floor, ...map.keys()) + 1;
  let lastContactId = 20;
  let lastThirdPartyId = 5;

  const isRep = (tp: number | null, a: Account) => tp !== null && control.salesReps.has(`${tp}:${a.id}`);
  const socOf = (o: Obj): number | null => (o.socid && Number(o.socid) > 0 ? Number(o.socid) : null);
  const contactOf = (id: number) => control.contacts.get(id)?.object ?? null;

  /** Dolibarr's webhook call: synchronous, inside the transaction; `commit` runs after the answer. */
  async function fire(trigger: string, object: Obj): Promise<boolean> {
    if (!control.webhookUrl) return true;
    const id = Number(object.id);
    if (control.lose(trigger, id)) {
      control.delivered.push({ trigger, id, sent: false });
      return true;
    }
    control.delivered.push({ trigger, id, sent: true });
    try {
      const res = await fetch(control.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Dolibarr geturl function' },
        body: JSON.stringify({ triggercode: trigger, object }),
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      return res.ok || !control.blocking;
    } catch {
      return !control.blocking;
    }
  }

  function needRights(ok: boolean, message: string): void {
    if (!ok) throw new ApiError(403, message);
  }

  function visibleThirdParties(a: Account): number[] {
    return [...control.thirdParties.keys()].filter((id) => a.admin || isRep(id, a)).sort((x, y) => x - y);
  }

  function listContacts(a: Account, q: URLSearchParams): unknown {
    needRights(a.contacts, 'No permission to read contacts');
    let rows = [...control.contacts.values()];
    const tpIds = q.get('thirdparty_ids');
    if (tpIds) {
      // FACTS §3: the filter switches the sales-rep restriction off.
      const wanted = new Set(tpIds.split(',').map(Number));
      rows = rows.filter((r) => wanted.has(socOf(r.object) ?? -1));
    } else if (!a.admin) {
      rows = rows.filter((r) => isRep(socOf(r.object), a));
    }
    const filter = q.get('sqlfilters');
    if (filter) {
      const test = parseSqlFilters(filter, q);
      rows = rows.filter((r) => test(r));
    }
    const field = (q.get('sortfield') ?? 't.rowid').replace(/^t\./, '');
    const desc = (q.get('sortorder') ?? 'ASC').toUpperCase() === 'DESC';
    const key = (r: Row): string | number => (field === 'rowid' ? Number(r.object.id) : field === 'tms' ? r.tms.getTime() : String(r.object[field] ?? ''));
    // MariaDB's utf8mb4_unicode_ci: accents and case do not count (Ångström sorts with the A's).
    const compare = (x: Row, y: Row) => {
      const [a, b] = [key(x), key(y)];
      const order = typeof a === 'number' && typeof b === 'number' ? a - b : COLLATOR.compare(String(a), String(b));
      return order !== 0 ? order : Number(x.object.id) - Number(y.object.id);
    };
    rows.sort((x, y) => compare(x, y) * (desc ? -1 : 1));
    const limit = Number(q.get('limit') ?? 100);
    const page = Number(q.get('page') ?? 0);
    const total = rows.length;
    const pageRows = rows.slice(page * limit, page * limit + limit).map((r) => pick(r.object, q.get('properties')));
    if (q.get('pagination_data') === 'true') return { data: pageRows, pagination: { total, page, page_count: Math.ceil(total / limit), limit } };
    return pageRows;
  }

  function readContact(a: Account, id: number): Obj {
    needRights(a.contacts, 'No permission to read contacts');
    const o = contactOf(id);
    if (!o) throw new ApiError(404, 'Contact not found');
    // FACTS §2-3: priv is ignored; only the third party's sales reps restrict (company-less: anyone).
    if (!a.admin && socOf(o) !== null && !isRep(socOf(o), a)) throw new ApiError(403, `Access not allowed for login ${a.login}`);
    return o;
  }

  function applyContactFields(target: Obj, body: Obj): void {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'id' || k === 'caller' || k === 'statut' || k === 'status' || !(k in contactTemplate)) continue; // statut ignored by Contact::update
      if (k === 'socid' || k === 'fk_soc') {
        const soc = v !== null && v !== '' && Number(v) > 0 ? String(Number(v)) : null;
        target.socid = soc;
        target.fk_soc = soc;
        target.socname = soc ? (control.thirdParties.get(Number(soc))?.object.name ?? null) : null;
      } else if (k === 'priv') target.priv = String(Number(v) ? 1 : 0);
      else if (k === 'birthday') target.birthday = v === '' || v === null ? '' : Number(v);
      else if (k === 'email') target.email = target.mail = v === null ? '' : String(v);
      else target[k] = v === null ? '' : typeof v === 'number' ? String(v) : v;
    }
  }

  async function createContact(a: Account, body: Obj): Promise<unknown> {
    needRights(a.contacts, 'No permission to create/update contacts');
    if (!body.lastname) throw new ApiError(400, 'lastname field missing');
    const id = Math.max(nextId(control.contacts, 0), lastContactId + 1);
    lastContactId = id;
    const object: Obj = { ...blank(contactTemplate), id: String(id), ref: String(id), entity: '1', statut: '1', status: '1', priv: '0', socid: null, fk_soc: null };
    object.date_creation = Math.floor(control.now().getTime() / 1000);
    object.user_creation_id = String(a.id);
    object.user_modification_id = String(a.id);
    applyContactFields(object, body);
    const hook = { ...object, id, entity: 1, statut: 1, status: 1, fk_soc: null, priv: Number(object.priv), context: contextOf(body) };
    if (!(await fire('CONTACT_CREATE', hook))) throw new ApiError(500, '');
    control.contacts.set(id, { object, tms: control.now() });
    return id;
  }

  async function updateContact(a: Account, id: number, body: Obj): Promise<Obj> {
    needRights(a.contacts, 'No permission to create/update contacts');
    const row = control.contacts.get(id);
    if (!row) throw new ApiError(404, 'Contact not found');
    readContact(a, id);
    const next = { ...row.object };
    const previousModifier = next.user_modification_id;
    applyContactFields(next, body);
    const changed = JSON.stringify(next) !== JSON.stringify(row.object);
    // The hook sees the new socid but the stale fk_soc, and the PREVIOUS modifier (FACTS §5).
    const hook = { ...next, id, fk_soc: row.object.fk_soc, user_modification_id: previousModifier, statut: 'statut' in body ? body.statut : next.statut, context: contextOf(body) };
    if (!(await fire('CONTACT_MODIFY', hook))) throw new ApiError(500, '');
    next.user_modification_id = String(a.id);
    control.contacts.set(id, { object: next, tms: changed ? control.now() : row.tms });
    // The answer is the object Contact::update left behind: a trackid, and "" for an unset photo.
    return { ...next, photo: next.photo ?? '', trackid: `ctc${id}` };
  }

  async function deleteContact(a: Account, id: number): Promise<unknown> {
    needRights(a.contacts, 'No permission to delete contacts');
    const row = control.contacts.get(id);
    if (!row) throw new ApiError(404, 'Contact not found');
    readContact(a, id);
    if (!(await fire('CONTACT_DELETE', { ...row.object, context: [] }))) throw new ApiError(500, '');
    control.contacts.delete(id);
    return { success: { code: 200, message: 'Contact deleted' } };
  }

  function readThirdParty(a: Account, id: number): Obj {
    const row = control.thirdParties.get(id);
    if (!row) throw new ApiError(404, 'Thirdparty not found');
    if (!a.admin && !isRep(id, a)) throw new ApiError(403, `Access not allowed for login ${a.login} on this thirdparty`);
    return row.object;
  }

  function applyThirdPartyFields(target: Obj, body: Obj): void {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'id' || k === 'caller' || !(k in thirdPartyTemplate)) continue;
      // FACTS §10: a third party's phone and fax lose their spaces and dots.
      if (k === 'phone' || k === 'fax') target[k] = v === null ? null : String(v).replace(/[\s.]/g, '');
      else target[k] = typeof v === 'number' ? String(v) : v;
    }
  }

  async function createThirdParty(a: Account, body: Obj): Promise<unknown> {
    needRights(a.contacts, 'No permission to create thirdparties');
    if (!body.name) throw new ApiError(400, 'name field missing');
    const id = Math.max(nextId(control.thirdParties, 0), lastThirdPartyId + 1);
    lastThirdPartyId = id;
    const object: Obj = { ...blank(thirdPartyTemplate), id: String(id), ref: String(body.name), entity: '1', status: '1', client: '0', fournisseur: '0' };
    object.date_creation = Math.floor(control.now().getTime() / 1000);
    applyThirdPartyFields(object, body);
    // FACTS: a rep without "see all" is linked as sales rep, and that LINK webhook comes BEFORE COMPANY_CREATE.
    if (!a.admin && !(await fire('COMPANY_LINK_SALE_REPRESENTATIVE', { ...object, id, context: { commercial_modified: String(a.id) } }))) throw new ApiError(500, '');
    const context = a.admin ? [] : { commercial_modified: String(a.id) };
    if (!(await fire('COMPANY_CREATE', { ...object, id, socid: id, context }))) throw new ApiError(500, '');
    control.thirdParties.set(id, { object, tms: control.now() });
    if (!a.admin) control.salesReps.add(`${id}:${a.id}`);
    return id;
  }

  async function updateThirdParty(a: Account, id: number, body: Obj): Promise<Obj> {
    const row = control.thirdParties.get(id);
    if (!row) throw new ApiError(404, 'Thirdparty not found');
    if (!a.admin && !isRep(id, a)) throw new ApiError(403, `Access not allowed for login ${a.login}`);
    const next = { ...row.object };
    applyThirdPartyFields(next, body);
    if (!(await fire('COMPANY_MODIFY', { ...next, id: Number(id), socid: Number(id), context: [] }))) throw new ApiError(500, '');
    control.thirdParties.set(id, { object: next, tms: JSON.stringify(next) === JSON.stringify(row.object) ? row.tms : control.now() });
    return { ...next, socid: id, trackid: `thi${id}` };
  }

  async function deleteThirdParty(a: Account, id: number): Promise<unknown> {
    const row = control.thirdParties.get(id);
    if (!row) throw new ApiError(404, 'Thirdparty not found');
    needRights(a.deleteThirdParties, '');
    if (!(await fire('COMPANY_DELETE', { ...row.object, context: [] }))) throw new ApiError(500, '');
    const contacts = [...control.contacts.values()].filter((c) => socOf(c.object) === id);
    for (const c of contacts) await fire('CONTACT_DELETE', { ...c.object, context: [] });
    for (const c of contacts) control.contacts.delete(Number(c.object.id));
    control.thirdParties.delete(id);
    for (const link of [...control.salesReps]) if (link.startsWith(`${id}:`)) control.salesReps.delete(link);
    return { success: { code: 200, message: 'Object deleted' } };
  }

  async function salesRep(a: Account, method: string, tp: number, userId: number): Promise<unknown> {
    const row = control.thirdParties.get(tp);
    if (!row) throw new ApiError(404, 'Thirdparty not found');
    if (!accounts.some((u) => u.id === userId)) throw new ApiError(404, 'User not found');
    if (method === 'DELETE') needRights(a.deleteThirdParties, '');
    else needRights(a.contacts && (a.admin || isRep(tp, a)), '');
    const trigger = method === 'POST' ? 'COMPANY_LINK_SALE_REPRESENTATIVE' : 'COMPANY_UNLINK_SALE_REPRESENTATIVE';
    if (!(await fire(trigger, { ...row.object, context: { commercial_modified: userId } }))) throw new ApiError(500, '');
    if (method === 'POST') control.salesReps.add(`${tp}:${userId}`);
    else control.salesReps.delete(`${tp}:${userId}`);
    return 1;
  }

  function userInfo(a: Account, withRights: boolean): Obj {
    const u = { ...userTemplate, ...users.find((x) => Number(x.id) === a.id)!, user_group_list: [] };
    if (!withRights) return u;
    const rights = a.admin
      ? { user: { user: { lire: 1 }, self: { creer: 1 } }, societe: { lire: 1, creer: 1, supprimer: 1, client: { voir: 1 }, contact: { lire: 1, creer: 1, supprimer: 1 } } }
      : a.contacts
        ? repRights
        : {};
    return { ...u, rights };
  }

  async function route(a: Account, method: string, parts: string[], q: URLSearchParams, body: Obj): Promise<unknown> {
    const [top, id, sub, subId] = parts;
    const numericId = () => {
      if (!/^\d+$/.test(id ?? '')) throw new ApiError(400, 'invalid value specified for `id`');
      return Number(id);
    };
    if (top === 'contacts') {
      if (id === 'email' && method === 'GET') {
        const email = decodeURIComponent(sub ?? '');
        const found = [...control.contacts.values()].find((r) => r.object.email === email);
        if (!found) throw new ApiError(404, 'Contact not found');
        return readContact(a, Number(found.object.id));
      }
      if (id === undefined && method === 'GET') return listContacts(a, q);
      if (id === undefined && method === 'POST') return createContact(a, body);
      if (method === 'GET') return pick(readContact(a, numericId()), q.get('properties'));
      if (method === 'PUT') return updateContact(a, numericId(), body);
      if (method === 'DELETE') return deleteContact(a, numericId());
    }
    if (top === 'thirdparties') {
      if (id === undefined && method === 'GET') {
        needRights(a.contacts, 'No permission to read thirdparties');
        return visibleThirdParties(a).map((tp) => pick(control.thirdParties.get(tp)!.object, q.get('properties')));
      }
      if (id === undefined && method === 'POST') return createThirdParty(a, body);
      if (sub === 'representatives') throw new ApiError(404, 'Thirdparty not found'); // FACTS §8: beta bug
      if (sub === 'representative' && subId) return salesRep(a, method, numericId(), Number(subId));
      if (method === 'GET') return pick(readThirdParty(a, numericId()), q.get('properties'));
      if (method === 'PUT') return updateThirdParty(a, numericId(), body);
      if (method === 'DELETE') return deleteThirdParty(a, numericId());
    }
    if (top === 'users') {
      if (id === 'info') {
        needRights(a.contacts, 'Not allowed');
        return userInfo(a, q.get('includepermissions') === '1');
      }
      if (id === undefined) {
        needRights(a.admin, 'You are not allowed to read list of users');
        return users.map((u) => pick(u, q.get('properties')));
      }
      const uid = numericId();
      needRights(a.admin || uid === a.id, 'Not allowed');
      const target = accounts.find((u) => u.id === uid);
      if (!target) throw new ApiError(404, 'User not found');
      return userInfo(target, q.get('includepermissions') === '1');
    }
    // modWebhook defines no permission, so its REST API refuses everyone (FACTS §7).
    if (top === 'webhook') throw new ApiError(403, '');
    throw new ApiError(501, '', 'API not found (failed to include API file)');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string) =>
      send(status, { error: { code: status, message: message ? `${STATUS_TEXT[status]}: ${message}` : STATUS_TEXT[status] }, debug: { source: 'fake-dolibarr', stages: { success: ['get', 'route', 'negotiate', 'authenticate', 'validate'], failure: ['call', 'message'] } } });
    const prefix = '/api/index.php/';
    if (!url.pathname.startsWith(prefix)) return fail(404, 'Not found');
    const parts = url.pathname.slice(prefix.length).split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    control.requests[method] = (control.requests[method] ?? 0) + 1;
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      req.on('end', () => resolve(data));
    });
    let body: Obj = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Obj;
      } catch {
        return fail(400, 'Error encoding/decoding JSON: Syntax error');
      }
    }
    if (parts[0] === 'login') {
      const login = url.searchParams.get('login') ?? String(body.login ?? '');
      const password = url.searchParams.get('password') ?? String(body.password ?? '');
      const account = accounts.find((a) => a.login === login);
      if (!account || password !== login) return fail(403, 'Access denied');
      return send(200, { success: { code: 200, token: `dolibarr-${login}-key`, entity: '1', message: `Welcome ${login}` } });
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const key = (req.headers.dolapikey as string | undefined) ?? bearer ?? url.searchParams.get('DOLAPIKEY');
    if (!key) return fail(401, "Failed to login to API. Neither parameter 'HTTP_DOLAPIKEY' nor 'Authentication: Bearer' found on HTTP header (and no parameter DOLAPIKEY in URL).");
    const account = byKey.get(key);
    if (!account) return fail(401, 'Error user not valid (not found with api key or bad status or bad validity dates) (conf->entity=1)');
    try {
      send(200, await route(account, method, parts, url.searchParams, body));
    } catch (e) {
      if (!(e instanceof ApiError)) return fail(500, (e as Error).message);
      if (e.raw !== undefined) return send(e.status, e.raw);
      fail(e.status, e.message);
    }
  }

  /** sqlfilters as Dolibarr 23 accepts them: (t.col:op:value) joined by and/or; unbalanced → 400; unknown column → 503. */
  function parseSqlFilters(filter: string, q: URLSearchParams): (row: Row) => boolean {
    let depth = 0;
    for (const ch of filter) {
      depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      if (depth < 0) break;
    }
    if (depth !== 0) throw new ApiError(400, `Error when validating parameter sqlfilters -> Wrong balance of parenthesis in sqlfilters=(${filter})`);
    const terms = [...filter.matchAll(/\(([a-z]+)\.([a-z_]+):(<=|>=|!=|<|>|=|like):('(?:[^']*)'|-?\d+)\)/gi)];
    const joins = [...filter.matchAll(/\)\s+(and|or)\s+\(/gi)].map((m) => m[1]!.toLowerCase());
    if (terms.length === 0) throw new ApiError(400, `Error when validating parameter sqlfilters -> ${filter}`);
    const columns = new Set(['rowid', 'tms', 'priv', 'fk_soc', 'lastname', 'firstname', 'email', 'statut', 'datec']);
    const tests = terms.map((m) => {
      const [, , column, op, rawValue] = m as unknown as [string, string, string, string, string];
      if (!columns.has(column)) {
        const message = `Service Unavailable: Error when retrieve contacts : SELECT t.rowid FROM llx_socpeople as t LEFT JOIN llx_socpeople_extrafields as te ON te.fk_object = t.rowid LEFT JOIN llx_societe as s ON t.fk_soc = s.rowid WHERE t.entity IN (1) AND ((t.${column} ${op} ${rawValue})) ORDER BY t.rowid ASC LIMIT ${Number(q.get('limit') ?? 100) + 1} `;
        throw new ApiError(503, '', { error: { code: 503, message }, debug: { source: 'fake-dolibarr', stages: { success: ['get', 'route', 'negotiate', 'authenticate', 'validate'], failure: ['call', 'message'] } } });
      }
      const value = rawValue.startsWith("'") ? rawValue.slice(1, -1) : rawValue;
      return (row: Row) => {
        const left: number | string = column === 'tms' ? row.tms.getTime() : column === 'rowid' ? Number(row.object.id) : column === 'fk_soc' ? Number(row.object.socid ?? 0) : column === 'priv' || column === 'statut' ? Number(row.object[column]) : String(row.object[column] ?? '');
        const right: number | string = column === 'tms' ? parseDbTime(value) : typeof left === 'number' ? Number(value) : value;
        switch (op.toLowerCase()) {
          case '<':
            return left < right;
          case '<=':
            return left <= right;
          case '>':
            return left > right;
          case '>=':
            return left >= right;
          case '!=':
            return left !== right;
          case 'like':
            return String(left).includes(String(right).replace(/%/g, ''));
          default:
            return left === right;
        }
      };
    });
    return (row) => tests.slice(1).reduce((acc, test, i) => (joins[i] === 'or' ? acc || test(row) : acc && test(row)), tests[0]!(row));
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/index.php`,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The database session is UTC: 'YYYY-MM-DD HH:MM:SS', 'YYYYMMDDHHMMSS' and ISO with Z all compare (fixtures). */
const COLLATOR = new Intl.Collator('en', { sensitivity: 'base' });

function parseDbTime(value: string): number {
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  const text = compact ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z` : value.replace(' ', 'T').replace(/Z?$/, 'Z');
  return Date.parse(text);
}

function contextOf(body: Obj): unknown {
  return typeof body.caller === 'string' ? { caller: body.caller } : [];
}

/** Every key of a template, emptied the way Dolibarr empties them. */
function blank(template: Obj): Obj {
  return Object.fromEntries(Object.keys(template).map((k) => [k, Array.isArray(template[k]) ? [] : typeof template[k] === 'string' ? '' : null]));
}

/** `properties=` keeps only the keys asked (FACTS §10). */
function pick(object: Obj, properties: string | null): Obj {
  if (!properties) return object;
  const keep = new Set(properties.split(','));
  return Object.fromEntries(Object.entries(object).filter(([k]) => keep.has(k)));
}
