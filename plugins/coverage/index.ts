import { defineEntityPlugin, type ReferenceData, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { type CoverageLine, rateTerm } from '../policy/rating.js';
import { coverageCrossChecks } from './cross-checks.js';
import { COVERAGE_CODES } from '../policy/conditions.js';
import { perTerm, type UnitPlan } from '../policy/unit-plan.js';

/** The unit's coverage lines per term: the rating sketch the policy's total_premium was summed from. */
function linesOf(plan: UnitPlan, seed: number, unitIndex: number, data: ReferenceData) {
  return perTerm<CoverageLine>(plan, 'coverages', (p) => p.terms.map((layout) => rateTerm({ seed, unitIndex, data, account: p.account, termMonths: p.chain.termMonths, layout, force: p.force })));
}

/**
 * The coverages of each policy term, line by line from the rating sketch
 * the policy's total_premium was summed from (plugins/policy/rating.ts;
 * docs/book-policies.md, "Coverages" and "Premiums").
 */
export const coveragePlugin = defineEntityPlugin({
  name: 'coverage',
  plural: 'coverages',
  version: '1.0.0',
  schemaId: 'coverage',
  // policy_vehicle: a coverage is on a scheduled vehicle, so a run with coverages has them and verify reads them first.
  dependencies: ['account', 'policy', 'person', 'vehicle', 'policy_vehicle'],
  description: 'A coverage of a policy term, per vehicle or policy-level, with limits, deductible and premium',
  idField: 'coverage_id',
  references: { policy_id: 'policy.policy_id', vehicle_id: 'vehicle.vehicle_id' },
  targeting: {
    fields: {
      coverage_code: { type: 'enum', values: COVERAGE_CODES, description: 'a coverage of the account carries this code (constructed on the first vehicle, or at policy level for HNOA; PIP and MEDPAY in the states that write them)' },
    },
  },
  count(ctx) {
    return linesOf(planOf(ctx), ctx.seed, ctx.unitIndex, ctx.data).total;
  },
  generate(ctx) {
    const { termIndex, item: l } = linesOf(planOf(ctx), ctx.seed, ctx.unitIndex, ctx.data).at(ctx.childIndex);
    return {
      coverage_id: uuidV4(ctx.random),
      policy_id: ctx.dep('policy', termIndex).policy_id,
      vehicle_id: l.vehicle_id,
      coverage_code: l.coverage_code,
      limit_per_person: l.limit_per_person,
      limit_per_accident: l.limit_per_accident,
      limit_single: l.limit_single,
      deductible: l.deductible,
      premium: l.premium,
      symbol: l.symbol,
      synthetic_source: ctx.marker,
    };
  },
  crossChecks: (ctx) => coverageCrossChecks(ctx),
});
