import { defineEntityPlugin, fromDayNumber, uuidV4 } from '../../engine/kit.js';
import { transactionChecks } from '../claim/checks.js';
import { claimsOf, claimSetup, type ClaimState, PLAN_DEPENDENCIES } from '../claim/context.js';

/** A dated money movement on an exposure: reserve change, payment or recovery (docs/book-claims.md). */
export const claimTransactionPlugin = defineEntityPlugin({
  name: 'claim_transaction',
  plural: 'claim_transactions',
  version: '1.0.0',
  schemaId: 'claim_transaction',
  dependencies: ['claim_exposure', 'claim', ...PLAN_DEPENDENCIES],
  description: 'A dated reserve change, payment (indemnity or expense) or recovery (salvage or subrogation) on an exposure',
  idField: 'transaction_id',
  references: { exposure_id: 'claim_exposure.exposure_id' },
  setup: (ctx): ClaimState => claimSetup(ctx),
  count: (ctx) => claimsOf(ctx).transactions.length,
  generate(ctx) {
    const { exposureIndex, transaction: t } = claimsOf(ctx).transactions[ctx.childIndex]!;
    return {
      transaction_id: uuidV4(ctx.random),
      exposure_id: ctx.deps.claim_exposure[exposureIndex]!.exposure_id,
      transaction_date: fromDayNumber(t.day),
      transaction_type: t.type,
      cost_type: t.costType,
      recovery_type: t.recoveryType,
      amount: t.amount,
      synthetic_source: ctx.marker,
    };
  },
  checks: transactionChecks,
});
