/* Generated from schemas/policy.schema.json by `esdh codegen`: do not edit. */

/**
 * Stub: an auto policy for the unit's household (full rules come later).
 */
export interface Policy {
  policy_id: string;
  policy_number: string;
  /**
   * The named insured
   */
  person_id: string;
  state: string;
  term_months: 6 | 12;
  effective_date: string;
  expiration_date: string;
  status: 'quote' | 'in_force' | 'expired' | 'cancelled' | 'non_renewed';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
