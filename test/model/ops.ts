/**
 * The model test's operations: what a CRM user, a phone user, Google's failures and the clocks can do, as plain
 * data (so a failing run prints its shrunk list and replays from its seed), and their arbitraries.
 */
import fc from 'fast-check';
import type { FaultKind } from '../../src/sandbox/faults';

/** The synced fields the model edits, by their card names. */
export const MODEL_FIELDS = ['givenName', 'familyName', 'emailWork', 'phoneMobile', 'note'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];
export type Value = string | null;

/** CRM contacts live in slots; a phone edit or delete names a slot's Google person or a phone-made person. */
export const SLOTS = 4;
export const PHONE_PEOPLE = 2;

export type Target = { kind: 'crm'; slot: number } | { kind: 'phone'; index: number };

export type Op =
  | { op: 'crmCreate'; slot: number; familyName: string; private: boolean; thirdParty: number | null }
  | { op: 'crmEdit'; slot: number; field: ModelField; value: Value }
  | { op: 'crmDelete'; slot: number }
  | { op: 'private'; slot: number; on: boolean }
  | { op: 'syncFlag'; slot: number; on: boolean }
  | { op: 'thirdParty'; slot: number; thirdParty: number | null }
  | { op: 'salesReps'; thirdParty: number; reps: number[] }
  | { op: 'phoneCreate'; index: number; inContainer: boolean; familyName: string }
  | { op: 'phoneEdit'; target: Target; field: ModelField; value: Value }
  | { op: 'phoneDelete'; target: Target }
  /** The same field edited on both sides between two syncs, in either order, with or without time between. */
  | { op: 'bothEdit'; slot: number; field: ModelField; crm: Value; phone: Value; phoneFirst: boolean; pause: boolean; settle: boolean }
  | { op: 'fault'; fault: FaultKind; count: number }
  | { op: 'tick' }
  | { op: 'expireSyncToken' }
  | { op: 'push' }
  | { op: 'pull' }
  | { op: 'exportAll' }
  | { op: 'settle' };

const VALUES: Record<ModelField, Value[]> = {
  givenName: ['Ann', 'Chloé', null],
  familyName: ['Martin', 'Durand', 'Bernard'],
  emailWork: ['one@crm.example', 'two@crm.example', null],
  phoneMobile: ['+33 6 12 34 56 78', '+33 6 98 76 54 32', null],
  note: ['met at the fair', 'call back in May', null],
};

/** Values only the phone's side of a two-sided edit writes: differ from the CRM's, and from any base. */
const BOTH_SIDES: Record<ModelField, Value[]> = {
  givenName: ['Phone Ann', 'Phone Zoé'],
  familyName: ['Phone Martin', 'Phone Petit'],
  emailWork: ['p1@phone.example', 'p2@phone.example'],
  phoneMobile: ['+33 7 11 22 33 44', '+33 7 55 66 77 88'],
  note: ['phone note', 'another phone note'],
};

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const thirdParty = fc.constantFrom<number | null>(0, 1, null);
const fieldValue = fc.constantFrom(...MODEL_FIELDS).chain((field) => fc.constantFrom(...VALUES[field]).map((value) => ({ field, value })));
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: slot.map((s) => ({ kind: 'crm' as const, slot: s })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: PHONE_PEOPLE - 1 }).map((index) => ({ kind: 'phone' as const, index })) },
);
const FAULTS: FaultKind[] = ['error429', 'error500', 'error503', 'drop', 'lose-response', 'hang'];

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('crmCreate' as const), slot, familyName: fc.constantFrom(...(VALUES.familyName as string[])), private: fc.constantFrom(false, false, false, true), thirdParty }) },
  { weight: 6, arbitrary: fc.tuple(slot, fieldValue).map(([s, fv]) => ({ op: 'crmEdit' as const, slot: s, ...fv })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crmDelete' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('private' as const), slot, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('syncFlag' as const), slot, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('thirdParty' as const), slot, thirdParty }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('salesReps' as const), thirdParty: fc.constantFrom(0, 1), reps: fc.subarray([0, 1]) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('phoneCreate' as const), index: fc.integer({ min: 0, max: PHONE_PEOPLE - 1 }), inContainer: fc.boolean(), familyName: fc.constantFrom('Phone', 'Mobile') }) },
  { weight: 5, arbitrary: fc.tuple(target, fieldValue).map(([t, fv]) => ({ op: 'phoneEdit' as const, target: t, ...fv })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('phoneDelete' as const), target }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(...MODEL_FIELDS).chain((field) =>
      fc.record({
        op: fc.constant('bothEdit' as const), slot, field: fc.constant(field),
        // Mostly two different values, so most of these are real conflicts; sometimes the same (no conflict).
        crm: fc.constantFrom(...VALUES[field]), phone: fc.constantFrom(...BOTH_SIDES[field], ...VALUES[field]),
        phoneFirst: fc.boolean(), pause: fc.constantFrom(true, true, false), settle: fc.boolean(),
      }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('fault' as const), fault: fc.constantFrom(...FAULTS), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'tick' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'expireSyncToken' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'push' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'pull' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'exportAll' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'settle' as const }) },
);

/** A run: `initial` contacts created and synced first (so the phone has something to edit), then the ops. */
export interface Scenario {
  initial: number;
  ops: Op[];
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  initial: fc.integer({ min: 0, max: SLOTS }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 16 }),
});
