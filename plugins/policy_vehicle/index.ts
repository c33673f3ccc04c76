import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { perTerm, type UnitPlan } from '../policy/unit-plan.js';

const vehiclesOf = (plan: UnitPlan) => perTerm(plan, 'vehicles', (p) => p.terms.map((t) => t.vehicles));

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
  count: (ctx) => vehiclesOf(planOf(ctx)).total,
  generate(ctx) {
    const { termIndex, item: tv } = vehiclesOf(planOf(ctx)).at(ctx.childIndex);
    return {
      policy_vehicle_id: uuidV4(ctx.random),
      policy_id: ctx.dep('policy', termIndex).policy_id,
      vehicle_id: tv.vehicle.vehicle_id,
      principal_driver_id: tv.principal.person_id,
      synthetic_source: ctx.marker,
    };
  },
});
