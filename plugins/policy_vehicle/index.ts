import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { locate, type UnitPlan } from '../policy/unit-plan.js';

const counts = new WeakMap<UnitPlan, number[]>();
const perTerm = (plan: UnitPlan): number[] => {
  let c = counts.get(plan);
  if (!c) counts.set(plan, (c = plan.terms.map((t) => t.vehicles.length)));
  return c;
};

/**
 * Every vehicle of the account on every term of its chain (the chain starts
 * no earlier than the newest vehicle's model year - 1, 1 October, where
 * that is not after as_of), each with a principal driver listed on the
 * term and not excluded (docs/book-policies.md, "Vehicles").
 */
export const policyVehiclePlugin = defineEntityPlugin({
  name: 'policy_vehicle',
  plural: 'policy_vehicles',
  version: '1.0.0',
  schemaId: 'policy_vehicle',
  // policy_driver: the principal driver is a listed driver, so a run with policy vehicles lists the drivers and verify reads them first.
  dependencies: ['policy', 'vehicle', 'account', 'person', 'policy_driver'],
  description: 'A vehicle scheduled on a policy term, with its principal driver',
  idField: 'policy_vehicle_id',
  references: { policy_id: 'policy.policy_id', vehicle_id: 'vehicle.vehicle_id', principal_driver_id: 'person.person_id' },
  count: (ctx) => perTerm(planOf(ctx)).reduce((a, b) => a + b, 0),
  generate(ctx) {
    const plan = planOf(ctx);
    const { termIndex, index } = locate(perTerm(plan), ctx.childIndex);
    const tv = plan.terms[termIndex]!.vehicles[index]!;
    return {
      policy_vehicle_id: uuidV4(ctx.random),
      policy_id: ctx.dep('policy', termIndex).policy_id,
      vehicle_id: tv.vehicle.vehicle_id,
      principal_driver_id: tv.principal.person_id,
      synthetic_source: ctx.marker,
    };
  },
});
