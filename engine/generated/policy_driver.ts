/* Generated from schemas/policy_driver.schema.json by `esdh codegen`: do not edit. */

/**
 * A driver listed on a policy term: rated, excluded or a permit holder.
 */
export interface PolicyDriver {
  policy_driver_id: string;
  policy_id: string;
  person_id: string;
  driver_status: 'rated' | 'excluded' | 'permit';
  relationship: 'named_insured' | 'spouse' | 'child' | 'other_relative' | 'employee';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
