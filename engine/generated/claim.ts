/* Generated from schemas/claim.schema.json by `esdh codegen`: do not edit. */

/**
 * Stub until the claims work: a loss on a policy term, by a vehicle and driver on that policy (exposures and money come later).
 */
export interface Claim {
  claim_id: string;
  /**
   * Unique and visibly synthetic
   */
  claim_number: string;
  policy_id: string;
  vehicle_id: string;
  driver_id: string;
  loss_date: string;
  report_date: string;
  loss_cause:
    | 'collision'
    | 'theft'
    | 'vandalism'
    | 'glass'
    | 'weather'
    | 'animal'
    | 'fire'
    | 'liability_bi'
    | 'liability_pd'
    | 'uninsured_motorist'
    | 'medical';
  loss_state: string;
  at_fault: boolean;
  status: 'open' | 'closed' | 'reopened';
  /**
   * The latest closing; null while open
   */
  closed_date: string | null;
  /**
   * The latest reopening; null if never reopened
   */
  reopened_date: string | null;
  /**
   * Referred to the special investigations unit
   */
  siu_referral: boolean;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
