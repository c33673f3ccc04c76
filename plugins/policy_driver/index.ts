import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { locate, type UnitPlan } from '../policy/unit-plan.js';

const counts = new WeakMap<UnitPlan, number[]>();
const perTerm = (plan: UnitPlan): number[] => {
  let c = counts.get(plan);
  if (!c) counts.set(plan, (c = plan.terms.map((t) => t.drivers.length)));
  return c;
};

/**
 * The drivers listed on each policy term (docs/book-policies.md, "Drivers"):
 * Personal residents licensed on the term's effective date (rated), permit
 * holders (permit), excluded drivers; Commercial scheduled drivers (rated).
 */
export const policyDriverPlugin = defineEntityPlugin({
  name: 'policy_driver',
  plural: 'policy_drivers',
  version: '1.0.0',
  schemaId: 'policy_driver',
  dependencies: ['policy', 'person', 'account', 'vehicle'],
  description: 'A driver listed on a policy term: rated, excluded or a permit holder',
  idField: 'policy_driver_id',
  references: { policy_id: 'policy.policy_id', person_id: 'person.person_id' },
  count: (ctx) => perTerm(planOf(ctx)).reduce((a, b) => a + b, 0),
  generate(ctx) {
    const plan = planOf(ctx);
    const { termIndex, index } = locate(perTerm(plan), ctx.childIndex);
    const driver = plan.terms[termIndex]!.drivers[index]!;
    return {
      policy_driver_id: uuidV4(ctx.random),
      policy_id: ctx.dep('policy', termIndex).policy_id,
      person_id: driver.person.person_id,
      driver_status: driver.status,
      relationship: driver.person.relationship,
      synthetic_source: ctx.marker,
    };
  },
});
