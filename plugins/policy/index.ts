import { defineEntityPlugin, uuidV4 } from '../../engine/kit.js';
import { planOf } from './context.js';
import { policyCrossChecks } from './cross-checks.js';
import { numberingBySeed, type Numbering } from './numbering.js';
import { termTotals } from './rating.js';
import { policyConditions, STATUSES } from './conditions.js';

/** Policy numbers carry 7 digits, one per account: the most accounts a run may have. */
export const POLICY_NUMBER_DIGITS = 7;

/**
 * The policy terms of an account (docs/book-policies.md): its renewal chain
 * from new business to the term around as_of, each term renewing the one
 * before it (ctx.siblings), with the premium of the coverages the coverage
 * plugin writes (the same rating function) plus the policy fee.
 */
export const policyPlugin = defineEntityPlugin({
  name: 'policy',
  plural: 'policies',
  version: '1.0.0',
  schemaId: 'policy',
  dependencies: ['account', 'person', 'vehicle'],
  description: "An account's auto policy terms: renewal chain, dates, status, named insured, fees and premium",
  idField: 'policy_id',
  uniqueFields: ['policy_number'],
  references: { account_id: 'account.account_id', prior_policy_id: 'policy.policy_id', named_insured_id: 'person.person_id' },
  targeting: {
    fields: {
      status: { type: 'enum', values: STATUSES, description: 'a term of the account\'s chain has this status (quote, in_force, expired, cancelled, non_renewed)' },
      term_months: { type: 'integer', description: 'term length, 6 or 12 months (Commercial: 12)' },
    },
  },
  setup: (ctx): { numbers: (seed: number) => Numbering } => {
    // --where: terms no chain can meet fail here, before anything is made (conditions.ts).
    policyConditions(ctx.where, ctx.asOf);
    // The last seed's numbering only: the engine keeps this state across runs (a server's many seeds).
    return { numbers: numberingBySeed(POLICY_NUMBER_DIGITS, 'policy') };
  },
  maxUnits: () => ({ units: 10 ** POLICY_NUMBER_DIGITS, reason: `policy numbers have ${POLICY_NUMBER_DIGITS} digits, one number per account` }),
  count: (ctx) => planOf(ctx).terms.length,
  generate(ctx) {
    const plan = planOf(ctx);
    const layout = plan.terms[ctx.childIndex]!;
    const term = layout.term;
    const prior = ctx.siblings[ctx.childIndex - 1];
    const effective = prior ? String(prior.expiration_date) : term.effective;
    if (effective !== term.effective) throw new Error(`term ${term.termNumber} starts ${term.effective}, not on its prior's expiration ${effective}`);
    const numbers = ctx.state.numbers(ctx.seed);
    const account = plan.account;
    const { fees, total } = termTotals({ seed: ctx.seed, unitIndex: ctx.unitIndex, data: ctx.data, account, termMonths: plan.chain.termMonths, layout, force: plan.force });
    return {
      policy_id: uuidV4(ctx.random),
      policy_number: `QA-${account.state}-${numbers.digits(ctx.unitIndex)}-${term.termNumber}`,
      account_id: account.account_id,
      lob_type: account.lob_type,
      base_state: account.state,
      term_months: plan.chain.termMonths,
      term_number: term.termNumber,
      prior_policy_id: prior ? String(prior.policy_id) : null,
      effective_date: effective,
      expiration_date: term.expiration,
      status: term.status,
      cancellation_date: term.cancellationDate,
      cancellation_reason: term.cancellationReason,
      named_insured_id: plan.lob === 'Personal' ? (plan.namedInsured?.person_id ?? null) : null,
      fees,
      total_premium: total,
      synthetic_source: ctx.marker,
    };
  },
  crossChecks: (ctx) => policyCrossChecks(ctx),
});
