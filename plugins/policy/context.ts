/** The unit's plan from a plugin's context: every book plugin reads its account, persons and vehicles the same way. */
import type { Account, Person, ReferenceData, Vehicle, Where } from '../../engine/kit.js';
import { unitPlan, type UnitPlan } from './unit-plan.js';

/** What a context must hold to find its unit's plan. */
export interface PlanContext {
  readonly seed: number;
  readonly unitIndex: number;
  readonly asOf: string;
  readonly data: ReferenceData;
  readonly where?: Where;
  readonly deps: { readonly account: readonly Account[]; readonly person: readonly Person[]; readonly vehicle: readonly Vehicle[] };
}

export function planOf(ctx: PlanContext): UnitPlan {
  const account = ctx.deps.account[0];
  if (!account) throw new Error('the unit has no account: policies are made in a book-of-business run (entities account, person, vehicle)');
  return unitPlan({ seed: ctx.seed, unitIndex: ctx.unitIndex, asOf: ctx.asOf, data: ctx.data, account, persons: ctx.deps.person, vehicles: ctx.deps.vehicle, where: ctx.where });
}
