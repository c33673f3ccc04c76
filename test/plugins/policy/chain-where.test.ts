/**
 * planChain under `--where` demands (plugins/policy/chain.ts ChainDemand),
 * over random accounts (fast-check): a loss window always has a term in
 * force on one of its days, a status asked for is there, a term length
 * asked for is used, and a demand of nothing changes nothing.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from '../../../engine/kit.js';
import { planChain, type ChainDemand, type ChainInputs, type TermStatus } from '../../../plugins/policy/chain.js';

const AS_OF = '2025-11-01';
const asOfDay = toDayNumber(AS_OF);

/** A term in force on some day of [first, last]: effective <= d < expiration, d < cancellation; not a quote. */
function holds(terms: ReturnType<typeof planChain>['terms'], first: number, last: number): boolean {
  return terms.some((t) => {
    if (t.status === 'quote') return false;
    const stop = Math.min(toDayNumber(t.expiration), t.cancellationDate ? toDayNumber(t.cancellationDate) : Infinity);
    const from = Math.max(first, toDayNumber(t.effective));
    return from <= last && from < stop;
  });
}

const inputs = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  unitIndex: fc.integer({ min: 0, max: 1_000_000 }),
  lob: fc.constantFrom<'Personal' | 'Commercial'>('Personal', 'Commercial'),
  // The earliest start: a chain's persons made old enough start well before the window (household-plan.ts minAge).
  yearsBack: fc.integer({ min: 21, max: 40 }),
  preferredBack: fc.option(fc.integer({ min: -1, max: 15 })),
});

function chainInputs(x: { seed: number; unitIndex: number; lob: 'Personal' | 'Commercial'; yearsBack: number; preferredBack: number | null }, demand: ChainDemand | null): ChainInputs {
  return {
    seed: x.seed, unitIndex: x.unitIndex, asOf: AS_OF, lob: x.lob,
    earliest: fromDayNumber(asOfDay - x.yearsBack * 365),
    preferred: x.preferredBack === null ? null : `${2025 - x.preferredBack}-10-01`,
    demand,
  };
}

describe('plugins/policy/chain under --where demands', () => {
  it('a loss window [first, last] (last not after as_of) always has a term in force on one of its days, whatever status is asked too', () => {
    fc.assert(fc.property(inputs, fc.integer({ min: 0, max: 7000 }), fc.integer({ min: 0, max: 400 }), fc.option(fc.constantFrom<TermStatus>('in_force', 'expired', 'cancelled', 'non_renewed')), (x, back, width, status) => {
      const last = asOfDay - back;
      const first = Math.max(asOfDay - 7300, last - width);
      const demand: ChainDemand = { window: { first, last }, statuses: status ? [status] : null, termMonths: null, startBy: fromDayNumber(last) };
      const chain = planChain(chainInputs(x, demand));
      expect(holds(chain.terms, first, last), JSON.stringify({ first: fromDayNumber(first), last: fromDayNumber(last), terms: chain.terms })).to.equal(true);
    }), { numRuns: 400 });
  });

  it('a status asked for is the status of one of its terms', () => {
    fc.assert(fc.property(inputs, fc.constantFrom<TermStatus>('quote', 'in_force', 'expired', 'cancelled', 'non_renewed'), (x, status) => {
      const chain = planChain(chainInputs(x, { window: null, statuses: [status], termMonths: null, startBy: null }));
      expect(chain.terms.map((t) => t.status), status).to.include(status);
    }), { numRuns: 400 });
  });

  it('status=cancelled when the current term would start on as_of: the term before it is cancelled (fast-check found this chain)', () => {
    // Terms 2017-11-01 to 2025-11-01 renewed yearly: the current one starts on as_of, with no day left to cancel it on.
    const x = { seed: 923722277, unitIndex: 133457, lob: 'Personal' as const, yearsBack: 21, preferredBack: null };
    const chain = planChain(chainInputs(x, { window: null, statuses: ['cancelled'], termMonths: null, startBy: null }));
    const last = chain.terms[chain.terms.length - 1]!;
    expect(last.status).to.equal('cancelled');
    expect(last.cancellationDate! > last.effective && last.cancellationDate! < AS_OF, JSON.stringify(last)).to.equal(true);
    expect(planChain(chainInputs(x, null)).terms.at(-1)!.effective).to.equal(AS_OF);
  });

  it('a Personal term length asked for is used; no demand gives the chain of no demand', () => {
    fc.assert(fc.property(inputs, fc.constantFrom<6 | 12>(6, 12), (x, months) => {
      const asked = planChain(chainInputs({ ...x, lob: 'Personal' }, { window: null, statuses: null, termMonths: [months], startBy: null }));
      expect(asked.termMonths).to.equal(months);
      expect(planChain(chainInputs(x, null))).to.deep.equal(planChain({ ...chainInputs(x, null), demand: undefined }));
    }), { numRuns: 200 });
  });
});
