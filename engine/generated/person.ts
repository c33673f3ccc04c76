/* Generated from schemas/person.schema.json by `esdh codegen`: do not edit. */

/**
 * A licensed driver; the root of a unit.
 */
export interface Person {
  /**
   * UUID v4
   */
  person_id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  driver_license_number: string;
  driver_license_state: 'CA' | 'AZ' | 'NV' | 'OR' | 'WA';
  address_line_1: string;
  /**
   * Apartment, suite or unit; null for most records
   */
  address_line_2: string | null;
  city: string;
  state: string;
  postal_code: string;
  country: 'US';
  lob_type: 'Personal' | 'Commercial';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
