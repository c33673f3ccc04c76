/* Generated from schemas/claim.schema.json by `esdh codegen`: do not edit. */

/**
 * A loss on a policy term by a vehicle on the term and its principal driver: dates, cause, fault, status and SIU referral; its money is on its exposures (claim_exposure) and their transactions (claim_transaction).
 */
export interface Claim {
  claim_id: string;
  /**
   * Unique and visibly synthetic
   */
  claim_number: string;
  policy_id: string;
  /**
   * A vehicle scheduled on the policy term
   */
  vehicle_id: string;
  /**
   * The vehicle's principal driver on the term (a person on the policy)
   */
  driver_id: string;
  /**
   * Inside the policy period (effective <= loss < expiration, before a cancellation), not after as_of
   */
  loss_date: string;
  /**
   * On or after the loss date, not after as_of
   */
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
  /**
   * The policy's base state
   */
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
