/* Generated from schemas/claim_transaction.schema.json by `esdh codegen`: do not edit. */

/**
 * A dated money movement on an exposure, in US dollars: a reserve change (positive or negative), a payment (indemnity or expense) or a recovery (salvage or subrogation).
 */
export interface ClaimTransaction {
  transaction_id: string;
  exposure_id: string;
  /**
   * On or after the claim's report date, not after as_of
   */
  transaction_date: string;
  transaction_type: 'reserve' | 'payment' | 'recovery';
  /**
   * Reserves and payments: indemnity or expense; null for recoveries
   */
  cost_type: 'indemnity' | 'expense' | null;
  /**
   * Recoveries: salvage or subrogation; null otherwise
   */
  recovery_type: 'salvage' | 'subrogation' | null;
  /**
   * Reserves: the change (non-zero, negative takes the reserve down); payments and recoveries: more than 0
   */
  amount: number;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
