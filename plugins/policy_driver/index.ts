import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from '../policy/context.js';
import { perTerm, type UnitPlan } from '../policy/unit-plan.js';

const driversOf = (plan: UnitPlan) => perTerm(plan, 'drivers', (p) => p.terms.map((t) => t.drivers));

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
  count: (ctx) => driversOf(planOf(ctx)).total,
  generate(ctx) {
    const { termIndex, item: driver } = driversOf(planOf(ctx)).at(ctx.childIndex);
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
