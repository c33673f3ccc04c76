import { defineEntityPlugin, fromDayNumber, toDayNumber, uuidV4 } from '../../engine/kit.js';

const CAUSES = ['collision', 'comprehensive', 'liability', 'uninsured_motorist', 'medical'] as const;

/**
 * Stub (off by default): about a quarter of policies have one claim, with a
 * loss inside the policy period and not after as_of.
 */
export const claimPlugin = defineEntityPlugin({
  name: 'claim',
  plural: 'claims',
  version: '0.1.1',
  schemaId: 'claim',
  dependencies: ['policy', 'vehicle'],
  description: 'Stub: a claim on the unit policy (dates inside the term, status); off unless a profile names it',
  idField: 'claim_id',
  references: { policy_id: 'policy.policy_id', vehicle_id: 'vehicle.vehicle_id' },
  count(ctx) {
    const policy = ctx.dep('policy');
    return policy.effective_date < ctx.asOf && ctx.random.bool(0.25) ? 1 : 0;
  },
  generate(ctx) {
    const { random } = ctx;
    const policy = ctx.dep('policy');
    const vehicle = ctx.dep('vehicle');
    const first = toDayNumber(policy.effective_date);
    const last = Math.min(toDayNumber(policy.expiration_date), toDayNumber(ctx.asOf) + 1) - 1;
    const loss = random.int(first, last);
    const reported = Math.min(loss + random.int(0, 14), toDayNumber(ctx.asOf));
    return {
      claim_id: uuidV4(random),
      policy_id: policy.policy_id,
      vehicle_id: vehicle.vehicle_id,
      loss_date: fromDayNumber(loss),
      reported_date: fromDayNumber(reported),
      status: random.bool(0.6) ? 'closed' : 'open',
      cause_of_loss: random.pick(CAUSES),
      synthetic_source: ctx.marker,
    };
  },
});
