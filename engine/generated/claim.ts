/* Generated from schemas/claim.schema.json by `esdh codegen`: do not edit. */

/**
 * Stub: a claim against the unit's policy (full rules come later).
 */
export interface Claim {
  claim_id: string;
  policy_id: string;
  vehicle_id: string;
  loss_date: string;
  reported_date: string;
  status: 'open' | 'closed' | 'reopened';
  cause_of_loss: 'collision' | 'comprehensive' | 'liability' | 'uninsured_motorist' | 'medical';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
