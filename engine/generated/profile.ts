/* Generated from schemas/profile.schema.json by `esdh codegen`: do not edit. */

/**
 * Derived: one per person + vehicle pair.
 */
export interface Profile {
  /**
   * UUID v5 of '<person_id>:<vehicle_id>' in ESDH's namespace
   */
  profile_id: string;
  person_id: string;
  vehicle_id: string;
  full_name: string;
  lob_type: 'Personal' | 'Commercial';
  residence_state: string;
  city: string;
  postal_code: string;
  garaging_state: string;
  primary_vehicle_vin: string;
  /**
   * '<year> <make> <model>'
   */
  vehicle_summary: string;
  risk_rating: 'Low' | 'Medium' | 'High';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
