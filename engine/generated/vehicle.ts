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
  /**
   * The account the vehicle belongs to; null in v0.1 profiles
   */
  account_id: string | null;
  /**
   * The person of the account who drives it most; the owner (person_id) in v0.1 profiles
   */
  principal_driver_id: string;
  /**
   * Personal: commute, pleasure, business, farm; Commercial: service, retail, commercial
   */
  usage: 'commute' | 'pleasure' | 'business' | 'farm' | 'service' | 'retail' | 'commercial';
  annual_mileage: number;
  /**
   * Commercial: the rating class (size class by GVWR); null for Personal
   */
  vehicle_class:
    | 'private passenger'
    | 'light truck'
    | 'medium truck'
    | 'heavy truck'
    | 'extra-heavy truck'
    | 'van'
    | 'trailer'
    | null;
  /**
   * Commercial: gross vehicle weight rating in pounds; null for Personal
   */
  gvwr_lbs: number | null;
  /**
   * Commercial: local up to 50 miles, intermediate 50-200, long_distance over 200; null for Personal
   */
  radius_class: 'local' | 'intermediate' | 'long_distance' | null;
}
