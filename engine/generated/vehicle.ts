/* Generated from schemas/vehicle.schema.json by `esdh codegen`: do not edit. */

/**
 * A vehicle owned by the unit's person, garaged at the owner's address.
 */
export interface Vehicle {
  vehicle_id: string;
  /**
   * The owning person
   */
  person_id: string;
  vin: string;
  make: string;
  model: string;
  model_year: number;
  body_style: 'Sedan' | 'SUV' | 'Truck';
  risk_rating: 'Low' | 'Medium' | 'High';
  lob_type: 'Personal' | 'Commercial';
  garaging_state: string;
  garaging_postal_code: string;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
