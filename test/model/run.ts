/**
 * Runs one op list against the real system (model world) while keeping the model: what each side must hold after
 * the next convergence. At every `settle` and at the end it converges (faults cleared, clocks past every backoff,
 * push and pull until quiet) and checks the invariants (invariants.ts).
 *
 * The conflict policy the model states (newest wins, per contact on Google's side): a field edited differently on
 * both sides since the last sync goes to the side whose change is newer, where Google's is the person's update
 * time (one per contact: a later phone edit of ANY field carries an earlier phone edit of this field past a CRM
 * edit) and the CRM's is that field's own change time (the host's events name the changed fields), both on one
 * clock (Google's minus the estimated offset). The model decides the winner itself only when it is decidable from outside: no push, pull
 * or Export all ran between the edits and the convergence, and the two times are ≥ 2 s apart (the offset estimate
 * is good to about a second); otherwise either edit may win, but the losing one must be kept (no edit silently lost).
 */
import type { people_v1 } from 'googleapis';
import type { CrmContact } from '../../src/host-contract';
import { googleUpdateTime } from '../../src/core/person-items';
import type { FaultSpec } from '../../src/sandbox/faults';
import { MODEL_FIELDS, type ModelField, type Op, type Scenario, type Target, type Value } from './ops';
import { checkInvariants } from './invariants';
import type { ModelWorld } from './world';

const SYSTEM = { userId: null };
const TICK_MS = 10_000;
/** Past every outbox backoff (6 h at most). */
const PAST_BACKOFF_MS = 7 * 3600_000;
/** Past a sync token's 7 days. */
const PAST_TOKEN_EXPIRY_MS = 8 * 24 * 3600_000;
/** The margin the model needs to call a newest-wins conflict itself. */
const DECIDABLE_MS = 2000;

export interface Edit {
  value: Value;
  /** When it was written: the CRM's update time of the contact, or Google's of the person, each on its own clock (ms). */
  at: number;
}

export interface ContactModel {
  slot: number;
  id: number;
  deleted: boolean;
  private: boolean;
  flag: boolean;
  thirdParty: number | null;
  /** What both sides held after the last convergence (the values the model checks against). */
  settled: Record<ModelField, Value>;
  crmEdits: Partial<Record<ModelField, Edit>>;
  googleEdits: Partial<Record<ModelField, Edit>>;
  /** Google's last update time of the person since the last convergence (ms, on Google's clock). */
  googleLast: number | null;
  /** No push, pull or Export all ran since the first pending edit: the model can decide the conflicts itself. */
  exact: boolean;
  /** Its scope changed, or the phone edited it out of scope: only the pair's equality is checked this time. */
  uncertain: boolean;
  /**
   * The phone deleted its person: the CRM keeps it and the module does not create it again (tombstone) — 'maybe'
   * once the flag was turned on or Export all ran, which ask for it again: whether it comes back then depends on
   * whether the module had already seen the deletion (if not, the next write meets the 404 and tombstones it).
   */
  phoneDeleted: boolean | 'maybe';
}

export interface PhoneModel {
  index: number;
  resourceName: string;
  inContainer: boolean;
  deleted: boolean;
}

export interface ModelState {
  contacts: Map<number, ContactModel>;
  /** CRM contacts deleted in the CRM (ids). */
  gone: number[];
  phone: Map<number, PhoneModel>;
  reps: Map<number, number[]>;
  stats: ModelStats;
}

/** What the runs really checked, printed with the run count (a model that checks nothing would show it). */
export interface ModelStats {
  convergences: number;
  pairs: number;
  /** Fields edited on both sides whose winner the model decided itself, and those where either could win. */
  decided: number;
  undecided: number;
}

export function emptyStats(): ModelStats {
  return { convergences: 0, pairs: 0, decided: 0, undecided: 0 };
}

const CRM_KEYS: Record<ModelField, keyof CrmContact> = {
  givenName: 'firstname',
  familyName: 'lastname',
  emailWork: 'email',
  phoneMobile: 'phoneMobile',
  note: 'note',
};

export async function runScenario(world: ModelWorld, scenario: Scenario, stats: ModelStats): Promise<ModelState> {
  await world.reset();
  const state: ModelState = { contacts: new Map(), gone: [], phone: new Map(), reps: new Map(), stats };
  for (let slot = 0; slot < scenario.initial; slot++) await apply(world, state, { op: 'crmCreate', slot, familyName: 'Initial', private: false, thirdParty: slot % 2 });
  if (scenario.initial > 0) {
    await command(world, 'push');
    startAfresh(state);
  }
  for (const op of scenario.ops) await apply(world, state, op);
  await settle(world, state, true);
  return state;
}

async function apply(world: ModelWorld, state: ModelState, op: Op): Promise<void> {
  const { crm } = world.crm;
  const contact = 'slot' in op ? state.contacts.get(op.slot) : undefined;
  switch (op.op) {
    case 'crmCreate': {
      if (contact) return;
      const created = await crm.contacts.create(SYSTEM, {
        lastname: op.familyName,
        private: op.private,
        thirdPartyId: op.thirdParty === null ? null : world.thirdParties[op.thirdParty]!,
      });
      const settled = Object.fromEntries(MODEL_FIELDS.map((f) => [f, null])) as Record<ModelField, Value>;
      settled.familyName = op.familyName;
      state.contacts.set(op.slot, {
        slot: op.slot, id: created.id, deleted: false, private: op.private, flag: true, thirdParty: op.thirdParty, settled,
        crmEdits: {}, googleEdits: {}, googleLast: null, exact: true, uncertain: false, phoneDeleted: false,
      });
      return;
    }
    case 'crmEdit': {
      if (!contact || contact.deleted) return;
      const updated = await crm.contacts.update(SYSTEM, contact.id, { [CRM_KEYS[op.field]]: op.value });
      contact.crmEdits[op.field] = { value: op.value, at: Date.parse(updated.updatedAt) };
      return;
    }
    case 'crmDelete': {
      if (!contact || contact.deleted) return;
      await crm.contacts.remove(SYSTEM, contact.id);
      contact.deleted = true;
      state.gone.push(contact.id);
      state.contacts.delete(op.slot);
      return;
    }
    case 'private': {
      if (!contact || contact.deleted || contact.private === op.on) return;
      await crm.contacts.update(SYSTEM, contact.id, { private: op.on });
      contact.private = op.on;
      contact.uncertain = true;
      return;
    }
    case 'syncFlag': {
      if (!contact || contact.deleted) return;
      await world.sync.setSyncFlag(contact.id, op.on, null);
      if (contact.flag !== op.on) contact.uncertain = true;
      contact.flag = op.on;
      // Turning the flag on asks for the contact in Google again, even after the phone deleted it.
      if (op.on && contact.phoneDeleted) contact.phoneDeleted = 'maybe';
      return;
    }
    case 'thirdParty': {
      if (!contact || contact.deleted) return;
      await crm.contacts.update(SYSTEM, contact.id, { thirdPartyId: op.thirdParty === null ? null : world.thirdParties[op.thirdParty]! });
      contact.thirdParty = op.thirdParty;
      return;
    }
    case 'salesReps':
      await crm.thirdParties.setSalesReps(world.thirdParties[op.thirdParty]!, op.reps.map((r) => world.reps[r]!));
      state.reps.set(op.thirdParty, op.reps);
      return;
    case 'phoneCreate': {
      if (state.phone.has(op.index)) return;
      const groups = ['contactGroups/myContacts'];
      if (op.inContainer) {
        const container = (await world.sync.context.stores.groups.list(world.account.id)).find((g) => g.kind === 'container');
        if (container) groups.push(container.resourceName);
      }
      const { data } = await asPhone(world, () =>
        world.phone.people.createContact({
          personFields: 'names,metadata',
          requestBody: {
            names: [{ givenName: `Friend ${op.index}`, familyName: op.familyName }],
            emailAddresses: [{ value: `friend${op.index}@phone.example`, type: 'home' }],
            memberships: groups.map((contactGroupResourceName) => ({ contactGroupMembership: { contactGroupResourceName } })),
          },
        }),
      );
      state.phone.set(op.index, { index: op.index, resourceName: data.resourceName!, inContainer: groups.length > 1, deleted: false });
      return;
    }
    case 'phoneEdit': {
      const found = await personOf(world, state, op.target);
      if (!found) return;
      const written = await asPhone(world, () => phoneWrite(world, found.person, op.field, op.value));
      if (found.contact) {
        const c = found.contact;
        c.googleLast = Date.parse(googleUpdateTime(written) ?? '');
        c.googleEdits[op.field] = { value: op.value, at: c.googleLast };
        if (c.private || !c.flag) c.uncertain = true;
      }
      return;
    }
    case 'phoneDelete': {
      const found = await personOf(world, state, op.target);
      if (!found) return;
      await asPhone(world, () => world.phone.people.deleteContact({ resourceName: found.person.resourceName! }));
      if (found.contact) {
        found.contact.phoneDeleted = true;
        found.contact.uncertain = true;
      }
      if (op.target.kind === 'phone') state.phone.get(op.target.index)!.deleted = true;
      return;
    }
    case 'bothEdit': {
      const steps: Op[] = [
        { op: 'crmEdit', slot: op.slot, field: op.field, value: op.crm },
        { op: 'phoneEdit', target: { kind: 'crm', slot: op.slot }, field: op.field, value: op.phone },
      ];
      if (op.phoneFirst) steps.reverse();
      if (op.pause) steps.splice(1, 0, { op: 'tick' });
      if (op.settle) steps.push({ op: 'settle' });
      for (const step of steps) await apply(world, state, step);
      return;
    }
    case 'fault':
      world.sandbox.control.injectFaults(faultSpec(op.fault, op.count));
      return;
    case 'tick':
      world.advanceCrm(TICK_MS);
      world.advanceSandbox(TICK_MS);
      return;
    case 'expireSyncToken':
      world.advanceSandbox(PAST_TOKEN_EXPIRY_MS);
      return;
    case 'push':
    case 'pull':
    case 'exportAll':
      syncRan(state);
      await command(world, op.op);
      if (op.op === 'exportAll') for (const c of state.contacts.values()) if (c.phoneDeleted) c.phoneDeleted = 'maybe';
      return;
    case 'settle':
      await settle(world, state, false);
      return;
  }
}

function faultSpec(fault: FaultSpec['fault'], count: number): FaultSpec {
  // A hang costs the gateway's whole timeout per attempt; one is enough to prove the point.
  return { route: '*', fault, count: fault === 'hang' ? 1 : count, retryAfterSeconds: 0 };
}

/** A push, pull or Export all: the conflicts pending now may be settled with times the model does not see. */
function syncRan(state: ModelState): void {
  for (const c of state.contacts.values()) {
    if (Object.keys(c.crmEdits).length + Object.keys(c.googleEdits).length > 0) c.exact = false;
  }
}

/**
 * One command as the CLI runs it. Faults make runs fail, never crash: a GContactsError is a failure the CLI
 * reports in words; anything else (a TypeError...) is a bug that would end the command on a stack trace.
 */
export async function command(world: ModelWorld, which: 'push' | 'pull' | 'exportAll'): Promise<void> {
  const options = { trigger: 'test' as const, waitForLease: true };
  try {
    if (which === 'push') await world.sync.push(options);
    else if (which === 'pull') await world.sync.pull(options);
    else await world.sync.exportAll(options);
  } catch (e) {
    if ((e as { name?: string }).name !== 'GContactsError') throw new Error(`${which} ended on a stack trace: ${(e as Error).stack}`);
  }
}

/** The phone's own calls never meet the faults meant for the module: they are set aside and put back after. */
async function asPhone<T>(world: ModelWorld, call: () => Promise<T>): Promise<T> {
  const { control } = world.sandbox;
  const pending = control.pendingFaults();
  control.clearFaults();
  try {
    return await call();
  } finally {
    for (const p of pending) control.injectFaults({ route: p.route as FaultSpec['route'], fault: p.fault, count: p.left, retryAfterSeconds: 0 });
  }
}

const PERSON_FIELDS = 'names,emailAddresses,phoneNumbers,biographies,clientData,memberships,metadata';

async function personOf(world: ModelWorld, state: ModelState, target: Target): Promise<{ person: people_v1.Schema$Person; contact?: ContactModel } | null> {
  let resourceName: string | null | undefined;
  let contact: ContactModel | undefined;
  if (target.kind === 'phone') {
    const p = state.phone.get(target.index);
    if (!p || p.deleted) return null;
    resourceName = p.resourceName;
  } else {
    contact = state.contacts.get(target.slot);
    if (!contact) return null;
    resourceName = (await world.sync.context.stores.links.forContacts(world.account.id, [contact.id])).get(contact.id)?.resourceName;
  }
  if (!resourceName) return null;
  try {
    const { data } = await asPhone(world, () => world.phone.people.get({ resourceName: resourceName!, personFields: PERSON_FIELDS }));
    return { person: data, contact };
  } catch (e) {
    if ((e as { code?: number }).code === 404) return null;
    throw e;
  }
}

/** A phone edit of one field, the way a contacts app writes it: the whole list field, with the person's etag. */
async function phoneWrite(world: ModelWorld, person: people_v1.Schema$Person, field: ModelField, value: Value): Promise<people_v1.Schema$Person> {
  const body: people_v1.Schema$Person = { etag: person.etag };
  let mask: string;
  const typed = <T extends { type?: string | null; value?: string | null }>(list: T[] | undefined, type: string): T[] => {
    const rest = (list ?? []).filter((item) => item.type !== type);
    return value === null ? rest : [{ value, type } as T, ...rest];
  };
  switch (field) {
    case 'givenName':
    case 'familyName': {
      const [first, ...rest] = person.names ?? [{}];
      const name = { ...first, [field]: value ?? undefined, displayName: undefined, unstructuredName: undefined };
      body.names = [name, ...rest];
      mask = 'names';
      break;
    }
    case 'emailWork':
      body.emailAddresses = typed(person.emailAddresses, 'work');
      mask = 'emailAddresses';
      break;
    case 'phoneMobile':
      body.phoneNumbers = typed(person.phoneNumbers, 'mobile');
      mask = 'phoneNumbers';
      break;
    case 'note':
      body.biographies = value === null ? [] : [{ value, contentType: 'TEXT_PLAIN' }];
      mask = 'biographies';
      break;
  }
  const { data } = await world.phone.people.updateContact({ resourceName: person.resourceName!, updatePersonFields: mask, personFields: PERSON_FIELDS, requestBody: body });
  return data;
}

/** The sequence that brings both sides together: CRM changes out, Google's in (merging), the CRM's merges out. */
export const CONVERGE = ['push', 'pull', 'push'] as const;

/**
 * Converges and checks the invariants, then starts the model afresh from what both sides hold. The last one of a
 * run also converges a second time, which must write nothing.
 */
async function settle(world: ModelWorld, state: ModelState, last: boolean): Promise<void> {
  world.sandbox.control.clearFaults();
  world.advanceCrm(PAST_BACKOFF_MS);
  world.advanceSandbox(PAST_BACKOFF_MS);
  for (const step of CONVERGE) await command(world, step);
  await checkInvariants(world, state, { secondConvergence: last });
  startAfresh(state);
}

function startAfresh(state: ModelState): void {
  for (const c of state.contacts.values()) {
    c.crmEdits = {};
    c.googleEdits = {};
    c.googleLast = null;
    c.exact = true;
    c.uncertain = false;
  }
}

/** The value the model expects on both sides for one field, or the values it accepts. */
export function expected(c: ContactModel, field: ModelField, trueOffsetMs: number): { values: Value[]; loser: Edit | null } {
  const base = c.settled[field];
  // With no sync between, an edit back to the last synced value is no change for the three-way merge.
  const changed = (edit: Edit | undefined) => (edit && (!c.exact || edit.value !== base) ? edit : undefined);
  const crm = changed(c.crmEdits[field]);
  const google = changed(c.googleEdits[field]);
  if (!crm && !google) return { values: [base], loser: null };
  if (!google || (crm && crm.value === google.value)) return { values: [crm!.value], loser: null };
  if (!crm) return { values: [google.value], loser: null };
  if (!c.exact) return { values: [crm.value, google.value], loser: null };
  // Newest wins: the CRM's change of this field against Google's LAST write of the contact, on one clock.
  const googleOnCrmClock = c.googleLast! - trueOffsetMs;
  const gap = googleOnCrmClock - crm.at;
  if (Math.abs(gap) < DECIDABLE_MS) return { values: [crm.value, google.value], loser: null };
  return gap > 0 ? { values: [google.value], loser: crm } : { values: [crm.value], loser: google };
}
