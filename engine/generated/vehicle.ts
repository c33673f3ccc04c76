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
  /**
   * v0.1 profiles write only Sedan, SUV or Truck (a passenger car, a sport-utility vehicle, a pickup or van); a profile whose distributions.body_styles names the full list writes the catalogue's body style instead
   */
  body_style:
    'Sedan' | 'SUV' | 'Truck' | 'Coupe' | 'Hatchback' | 'Wagon' | 'Convertible' | 'Minivan' | 'Pickup' | 'Van';
  risk_rating: 'Low' | 'Medium' | 'High';
  lob_type: 'Personal' | 'Commercial';
  garaging_state: string;
  garaging_postal_code: string;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
