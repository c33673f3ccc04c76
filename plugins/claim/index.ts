import { defineEntityPlugin, fromDayNumber, uuidV4 } from '../../engine/kit.js';
import { numberingBySeed } from '../policy/numbering.js';
import { claimChecks } from './checks.js';
import { CLAIM_SLOTS } from './conditions.js';
import { claimsOf, claimSetup, type ClaimState, PLAN_DEPENDENCIES } from './context.js';
import { claimCrossChecks } from './cross-checks.js';
import { CAUSES, STATUSES } from './model.js';

const CLAIM_NUMBER_DIGITS = 10;
/** The last seed's claim numbering (one Map entry per seed asked would grow without end in a server). */
const numbers = numberingBySeed(CLAIM_NUMBER_DIGITS, 'claim');

/**
 * The claims of an account's policy terms (docs/book-claims.md): losses by
 * vehicles on the terms at the frequencies of the claims model, reported,
 * closed and reopened with realistic delays, each with its exposures and
 * transactions (claim_exposure, claim_transaction) from one plan per unit.
 */
export const claimPlugin = defineEntityPlugin({
  name: 'claim',
  plural: 'claims',
  version: '2.0.0',
  schemaId: 'claim',
  dependencies: [...PLAN_DEPENDENCIES],
  description: 'A loss on a policy term by a vehicle on the term and its principal driver: dates, cause, fault, status, SIU referral',
  idField: 'claim_id',
  uniqueFields: ['claim_number'],
  references: { policy_id: 'policy.policy_id', vehicle_id: 'vehicle.vehicle_id', driver_id: 'person.person_id' },
  setup: (ctx): ClaimState => claimSetup(ctx),
  maxUnits: () => ({ units: Math.floor(10 ** CLAIM_NUMBER_DIGITS / CLAIM_SLOTS), reason: `claim numbers have ${CLAIM_NUMBER_DIGITS} digits, ${CLAIM_SLOTS} per account` }),
  targeting: {
    count: { description: 'claims of the account (on any of its terms)', max: CLAIM_SLOTS },
    fields: {
      loss_date: { type: 'date', description: 'the day of the loss (inside a term of the account, not after as_of)' },
      loss_cause: { type: 'enum', values: CAUSES, description: 'the cause of loss' },
      at_fault: { type: 'boolean', description: "whether the insured's driver was at fault" },
      status: { type: 'enum', values: STATUSES, description: 'open, closed or reopened on as_of' },
    },
  },
  count: (ctx) => claimsOf(ctx).claims.length,
  generate(ctx) {
    const claim = claimsOf(ctx).claims[ctx.childIndex]!;
    const n = numbers(ctx.seed);
    return {
      claim_id: uuidV4(ctx.random),
      claim_number: `QA-CLM-${n.digits(ctx.unitIndex * CLAIM_SLOTS + ctx.childIndex)}`,
      policy_id: ctx.deps.policy[claim.policyIndex]!.policy_id,
      vehicle_id: claim.vehicleId,
      driver_id: claim.driverId,
      loss_date: fromDayNumber(claim.loss),
      report_date: fromDayNumber(claim.report),
      loss_cause: claim.cause,
      loss_state: claim.state,
      at_fault: claim.atFault,
      status: claim.status,
      closed_date: claim.closed === null ? null : fromDayNumber(claim.closed),
      reopened_date: claim.reopened === null ? null : fromDayNumber(claim.reopened),
      siu_referral: claim.siu,
      synthetic_source: ctx.marker,
    };
  },
  checks: claimChecks,
  crossChecks: (ctx) => claimCrossChecks(ctx),
});
