import { expect } from 'chai';
import fc from 'fast-check';
import { CARD_FIELDS, CRM_ONLY_FIELDS, type Card, type CardField } from '../../src/core/card';
import { diffCards, sameCard, sameField } from '../../src/core/diff';
import { mergeCards, type ConflictPolicy, type MergeResult } from '../../src/core/merge';
import type { CompareOptions } from '../../src/core/normalise';
import { cardArb, isoTimeArb, threeWayArb } from './arbitraries';

const FR: CompareOptions = { region: 'FR' };
const policyArb = fc.constantFrom<ConflictPolicy>('newest', 'crm', 'google', 'ask');
const crmOnly = new Set<CardField>(CRM_ONLY_FIELDS);
const same = (a: Card, b: Card, field: CardField) => sameField(a, b, field, FR);

describe('property: three-way merge', () => {
  it('keeps every one-sided change', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, ({ base, crm, google }, policy) => {
        const result = mergeCards(base, crm, google, { ...FR, policy });
        for (const field of CARD_FIELDS) {
          const crmChanged = !same(base, crm, field);
          const googleChanged = !same(base, google, field);
          if (crmChanged && !googleChanged) {
            expect(same(result.google, crm, field), field).to.equal(true);
            expect(same(result.crm, crm, field), field).to.equal(true);
          }
          if (googleChanged && !crmChanged && !crmOnly.has(field)) {
            expect(same(result.crm, google, field), field).to.equal(true);
            expect(same(result.google, google, field), field).to.equal(true);
          }
        }
      }),
    );
  });

  it('follows the policy on two-sided changes, and reports exactly those as conflicts', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, isoTimeArb, isoTimeArb, ({ base, crm, google }, policy, crmUpdatedAt, googleUpdatedAt) => {
        const result = mergeCards(base, crm, google, { ...FR, policy, crmUpdatedAt, googleUpdatedAt });
        const newest = Date.parse(googleUpdatedAt) > Date.parse(crmUpdatedAt) ? 'google' : 'crm';
        const expectedWinner = policy === 'ask' ? null : policy === 'newest' ? newest : policy;
        const twoSided = CARD_FIELDS.filter((f) => !crmOnly.has(f) && !same(base, crm, f) && !same(base, google, f) && !same(crm, google, f));
        expect(result.conflicts.map((c) => c.field)).to.deep.equal(twoSided);
        for (const conflict of result.conflicts) {
          const { field } = conflict;
          expect(conflict.winner).to.equal(expectedWinner);
          if (expectedWinner === null) {
            expect(same(result.crm, crm, field) && same(result.google, google, field) && same(result.base, base, field), field).to.equal(true);
          } else {
            const winner = expectedWinner === 'crm' ? crm : google;
            expect(same(result.crm, winner, field) && same(result.google, winner, field) && same(result.base, winner, field), field).to.equal(true);
          }
        }
      }),
    );
  });

  it('lets the CRM decide its own fields', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, ({ base, crm, google }, policy) => {
        const result = mergeCards(base, crm, google, { ...FR, policy });
        for (const field of CRM_ONLY_FIELDS) {
          expect(same(result.google, crm, field) && same(result.crm, crm, field)).to.equal(true);
          expect(result.crmFields).not.to.include(field);
        }
      }),
    );
  });

  it('lists as fields to write exactly the fields each side must change', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, ({ base, crm, google }, policy) => {
        const result = mergeCards(base, crm, google, { ...FR, policy });
        expect(result.crmFields).to.deep.equal(diffCards(crm, result.crm, FR));
        expect(result.googleFields).to.deep.equal(diffCards(google, result.google, FR));
      }),
    );
  });

  it('leaves both sides equal, except conflicts left to a person', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, ({ base, crm, google }, policy) => {
        const result = mergeCards(base, crm, google, { ...FR, policy });
        const open = result.conflicts.filter((c) => c.winner === null).map((c) => c.field);
        expect(diffCards(result.crm, result.google, FR)).to.deep.equal(open);
        if (open.length === 0) expect(sameCard(result.base, result.crm, FR)).to.equal(true);
      }),
    );
  });

  it('is a no-op on identical sides, whatever the base', () => {
    fc.assert(
      fc.property(cardArb, cardArb, policyArb, (base, side, policy) => {
        const result = mergeCards(base, side, { ...side }, { ...FR, policy });
        expect(result.crmFields).to.deep.equal([]);
        expect(result.googleFields).to.deep.equal([]);
        expect(result.conflicts).to.deep.equal([]);
        expect(sameCard(result.base, side, FR)).to.equal(true);
      }),
    );
  });

  it('is settled: merging its own result again changes nothing', () => {
    fc.assert(
      fc.property(threeWayArb, policyArb, ({ base, crm, google }, policy) => {
        const first = mergeCards(base, crm, google, { ...FR, policy });
        const again = mergeCards(first.base, first.crm, first.google, { ...FR, policy });
        expect(again.crmFields).to.deep.equal([]);
        expect(again.googleFields).to.deep.equal([]);
        expect(again.conflicts.map((c) => c.field)).to.deep.equal(first.conflicts.filter((c) => c.winner === null).map((c) => c.field));
      }),
    );
  });

  it('is symmetric: swapping CRM and Google (and the crm/google policies, and the times) swaps the result', () => {
    const swapPolicy = (policy: ConflictPolicy): ConflictPolicy => (policy === 'crm' ? 'google' : policy === 'google' ? 'crm' : policy);
    fc.assert(
      fc.property(threeWayArb, policyArb, isoTimeArb, isoTimeArb, ({ base, crm, google }, policy, t1, t2) => {
        fc.pre(policy !== 'newest' || t1 !== t2); // equal times go to the CRM by rule, the one asymmetry
        const options = { ...FR, crmOnlyFields: [] };
        const straight: MergeResult = mergeCards(base, crm, google, { ...options, policy, crmUpdatedAt: t1, googleUpdatedAt: t2 });
        const swapped: MergeResult = mergeCards(base, google, crm, { ...options, policy: swapPolicy(policy), crmUpdatedAt: t2, googleUpdatedAt: t1 });
        expect(sameCard(straight.base, swapped.base, FR)).to.equal(true);
        expect(sameCard(straight.crm, swapped.google, FR)).to.equal(true);
        expect(sameCard(straight.google, swapped.crm, FR)).to.equal(true);
        expect(straight.crmFields).to.deep.equal(swapped.googleFields);
        expect(straight.googleFields).to.deep.equal(swapped.crmFields);
        const mirror = (side: string | null) => (side === 'crm' ? 'google' : side === 'google' ? 'crm' : null);
        expect(straight.conflicts.map((c) => [c.field, c.winner])).to.deep.equal(swapped.conflicts.map((c) => [c.field, mirror(c.winner)]));
      }),
    );
  });
});
