/** The unit's claim plan from a claims plugin's context: the claim, claim_exposure and claim_transaction plugins read it the same way. */
import { claimConditions, type Conditions } from './conditions.js';
import { claimPlan, type ClaimPlanContext, type UnitClaims } from './plan.js';
import type { SetupContext } from '../../engine/kit.js';

/** What each claims plugin's setup keeps: the run's claim conditions. */
export interface ClaimState {
  readonly conditions: Conditions;
}

export function claimSetup(ctx: SetupContext): ClaimState {
  return { conditions: claimConditions(ctx.where, ctx.asOf) };
}

export function claimsOf(ctx: ClaimPlanContext & { readonly state: ClaimState }): UnitClaims {
  return claimPlan(ctx, ctx.state.conditions);
}

/** The entities a claims plugin reads to make the plan (so they are made first). */
export const PLAN_DEPENDENCIES = ['account', 'person', 'vehicle', 'policy', 'policy_driver', 'policy_vehicle', 'coverage'] as const;
