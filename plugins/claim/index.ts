import { defineEntityPlugin, fromDayNumber, toDayNumber, uuidV4 } from '../../engine/kit.js';
import { numbering, type Numbering } from '../policy/numbering.js';
import { CLAIM_SLOTS, claimTerms } from './plan.js';

type LossCause = 'collision' | 'theft' | 'vandalism' | 'glass' | 'weather' | 'animal' | 'fire' | 'liability_bi' | 'liability_pd' | 'uninsured_motorist' | 'medical';
const CAUSES: readonly LossCause[] = ['collision', 'theft', 'vandalism', 'glass', 'weather', 'animal', 'fire', 'liability_bi', 'liability_pd', 'uninsured_motorist', 'medical'];
const CAUSE_WEIGHTS = [30, 4, 5, 14, 8, 6, 1, 8, 16, 4, 4];
const CUMULATIVE = CAUSE_WEIGHTS.map((_, i) => CAUSE_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0));
/** Causes the insured's driver may be at fault for. */
const FAULT_CAUSES: ReadonlySet<LossCause> = new Set(['collision', 'liability_bi', 'liability_pd', 'medical']);
const CLAIM_NUMBER_DIGITS = 10;

/**
 * Stub until the claims work (docs/book-policies.md, "Claims"): about one
 * term in ten that started before as_of has one claim, by a vehicle on that
 * term and its principal driver, its loss inside the term (before a
 * cancellation, not after as_of).
 */
export const claimPlugin = defineEntityPlugin({
  name: 'claim',
  plural: 'claims',
  version: '1.0.0',
  schemaId: 'claim',
  dependencies: ['policy', 'policy_vehicle', 'policy_driver'],
  description: 'Stub: a loss on a policy term by a vehicle on the term and its principal driver',
  idField: 'claim_id',
  uniqueFields: ['claim_number'],
  references: { policy_id: 'policy.policy_id', vehicle_id: 'vehicle.vehicle_id', driver_id: 'person.person_id' },
  setup: (): { numbers: Map<number, Numbering> } => ({ numbers: new Map() }),
  maxUnits: () => ({ units: Math.floor(10 ** CLAIM_NUMBER_DIGITS / CLAIM_SLOTS), reason: `claim numbers have ${CLAIM_NUMBER_DIGITS} digits, ${CLAIM_SLOTS} per account` }),
  count: (ctx) => claimTerms(ctx.deps.policy, ctx.seed, ctx.unitIndex, ctx.asOf).length,
  generate(ctx) {
    const { random } = ctx;
    const { termIndex, first, last } = claimTerms(ctx.deps.policy, ctx.seed, ctx.unitIndex, ctx.asOf)[ctx.childIndex]!;
    const policy = ctx.deps.policy[termIndex]!;
    const vehicles = ctx.deps.policy_vehicle.filter((v) => v.policy_id === policy.policy_id);
    const vehicle = random.pick(vehicles);
    const asOf = toDayNumber(ctx.asOf);
    const loss = random.int(first, last);
    // Most losses are reported within days; a few take weeks.
    const delay = random.bool(0.85) ? random.int(0, 7) : random.int(8, 60);
    const reported = Math.min(loss + delay, asOf);
    const cause = CAUSES[random.weightedIndex(CUMULATIVE)]!;
    const closed = random.bool(0.65);
    const closedDay = closed ? random.int(reported, asOf) : null;
    let numbers = ctx.state.numbers.get(ctx.seed);
    if (!numbers) ctx.state.numbers.set(ctx.seed, (numbers = numbering(CLAIM_NUMBER_DIGITS, ctx.seed, 'claim')));
    return {
      claim_id: uuidV4(random),
      claim_number: `QA-CLM-${numbers.digits(ctx.unitIndex * CLAIM_SLOTS + ctx.childIndex)}`,
      policy_id: policy.policy_id,
      vehicle_id: vehicle.vehicle_id,
      driver_id: vehicle.principal_driver_id,
      loss_date: fromDayNumber(loss),
      report_date: fromDayNumber(reported),
      loss_cause: cause,
      loss_state: policy.base_state,
      at_fault: FAULT_CAUSES.has(cause) ? random.bool(0.6) : false,
      status: closed ? 'closed' : 'open',
      closed_date: closedDay === null ? null : fromDayNumber(closedDay),
      reopened_date: null,
      siu_referral: random.bool(0.02),
      synthetic_source: ctx.marker,
    };
  },
});
