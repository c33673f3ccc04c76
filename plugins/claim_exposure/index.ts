import { defineEntityPlugin, fromDayNumber, uuidV4 } from '../../engine/kit.js';
import { exposureChecks } from '../claim/checks.js';
import { claimsOf, claimSetup, type ClaimState, PLAN_DEPENDENCIES } from '../claim/context.js';
import { cents, EXPOSURE_CODES } from '../claim/model.js';

/** One claimant on one coverage of a claim, its money the sums of its transactions (docs/book-claims.md). */
export const claimExposurePlugin = defineEntityPlugin({
  name: 'claim_exposure',
  plural: 'claim_exposures',
  version: '1.0.0',
  schemaId: 'claim_exposure',
  dependencies: ['claim', ...PLAN_DEPENDENCIES],
  description: 'One claimant on one coverage of a claim: reserve, paid indemnity and expense, deductible, recoveries, incurred',
  idField: 'exposure_id',
  references: { claim_id: 'claim.claim_id', coverage_id: 'coverage.coverage_id' },
  setup: (ctx): ClaimState => claimSetup(ctx),
  targeting: {
    fields: { coverage_code: { type: 'enum', values: EXPOSURE_CODES, description: 'the coverage a claimant is paid from' } },
  },
  count: (ctx) => claimsOf(ctx).exposures.length,
  generate(ctx) {
    const e = claimsOf(ctx).exposures[ctx.childIndex]!;
    const incurred = cents(e.paidIndemnity + e.paidExpense + e.reserve);
    return {
      exposure_id: uuidV4(ctx.random),
      claim_id: ctx.deps.claim[e.claimIndex]!.claim_id,
      coverage_id: ctx.deps.coverage[e.coverageIndex]!.coverage_id,
      coverage_code: e.code,
      exposure_type: e.exposureType,
      claimant_type: e.claimantType,
      claimant_number: e.claimantNumber,
      status: e.status,
      closed_date: e.closedDay === null ? null : fromDayNumber(e.closedDay),
      reserve_outstanding: e.reserve,
      paid_indemnity: e.paidIndemnity,
      paid_expense: e.paidExpense,
      deductible_applied: e.deductible,
      recovery_salvage: e.salvage,
      recovery_subrogation: e.subrogation,
      incurred,
      net_incurred: cents(incurred - e.salvage - e.subrogation),
      synthetic_source: ctx.marker,
    };
  },
  checks: exposureChecks,
});
