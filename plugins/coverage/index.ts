import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { type CoverageLine, rateTerm } from '../policy/rating.js';
import { coverageCrossChecks } from './cross-checks.js';
import { locate, type UnitPlan } from '../policy/unit-plan.js';

interface Lines {
  readonly perTerm: readonly (readonly CoverageLine[])[];
  readonly counts: readonly number[];
}
const cache = new WeakMap<UnitPlan, Lines>();

function linesOf(plan: UnitPlan, seed: number, unitIndex: number, data: Parameters<typeof rateTerm>[0]['data']): Lines {
  let lines = cache.get(plan);
  if (!lines) {
    const perTerm = plan.terms.map((layout) => rateTerm({ seed, unitIndex, data, account: plan.account, termMonths: plan.chain.termMonths, layout }));
    cache.set(plan, (lines = { perTerm, counts: perTerm.map((l) => l.length) }));
  }
  return lines;
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
  count(ctx) {
    return linesOf(planOf(ctx), ctx.seed, ctx.unitIndex, ctx.data).counts.reduce((a, b) => a + b, 0);
  },
  generate(ctx) {
    const lines = linesOf(planOf(ctx), ctx.seed, ctx.unitIndex, ctx.data);
    const { termIndex, index } = locate(lines.counts, ctx.childIndex);
    const l = lines.perTerm[termIndex]![index]!;
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
