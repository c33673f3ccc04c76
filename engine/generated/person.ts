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
  /**
   * Null only when licence_status is none.
   */
  driver_license_number: string | null;
  /**
   * Null only when licence_status is none.
   */
  driver_license_state:
    | 'AK'
    | 'AL'
    | 'AR'
    | 'AZ'
    | 'CA'
    | 'CO'
    | 'CT'
    | 'DC'
    | 'DE'
    | 'FL'
    | 'GA'
    | 'HI'
    | 'IA'
    | 'ID'
    | 'IL'
    | 'IN'
    | 'KS'
    | 'KY'
    | 'LA'
    | 'MA'
    | 'MD'
    | 'ME'
    | 'MI'
    | 'MN'
    | 'MO'
    | 'MS'
    | 'MT'
    | 'NC'
    | 'ND'
    | 'NE'
    | 'NH'
    | 'NJ'
    | 'NM'
    | 'NV'
    | 'NY'
    | 'OH'
    | 'OK'
    | 'OR'
    | 'PA'
    | 'RI'
    | 'SC'
    | 'SD'
    | 'TN'
    | 'TX'
    | 'UT'
    | 'VA'
    | 'VT'
    | 'WA'
    | 'WI'
    | 'WV'
    | 'WY'
    | null;
  address_line_1: string;
  /**
   * Apartment, suite or unit; null for most records
   */
  address_line_2: string | null;
  city: string;
  /**
   * USPS code of the residence state: the 50 states and DC
   */
  state:
    | 'AK'
    | 'AL'
    | 'AR'
    | 'AZ'
    | 'CA'
    | 'CO'
    | 'CT'
    | 'DC'
    | 'DE'
    | 'FL'
    | 'GA'
    | 'HI'
    | 'IA'
    | 'ID'
    | 'IL'
    | 'IN'
    | 'KS'
    | 'KY'
    | 'LA'
    | 'MA'
    | 'MD'
    | 'ME'
    | 'MI'
    | 'MN'
    | 'MO'
    | 'MS'
    | 'MT'
    | 'NC'
    | 'ND'
    | 'NE'
    | 'NH'
    | 'NJ'
    | 'NM'
    | 'NV'
    | 'NY'
    | 'OH'
    | 'OK'
    | 'OR'
    | 'PA'
    | 'RI'
    | 'SC'
    | 'SD'
    | 'TN'
    | 'TX'
    | 'UT'
    | 'VA'
    | 'VT'
    | 'WA'
    | 'WI'
    | 'WV'
    | 'WY';
  postal_code: string;
  country: 'US';
  lob_type: 'Personal' | 'Commercial';
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
  /**
   * Fictional: an area code serving the person's ZIP, exchange 555, line 0100-0199 (added in person 1.1.0)
   */
  phone: string;
  /**
   * Only reserved example domains, so nothing reaches a real inbox (added in person 1.1.0)
   */
  email: string;
  /**
   * The current licence's issue date: within one licence term before as_of and not before the state's licence age, so the licence is valid on as_of (added in person 1.1.0) Null only when licence_status is none.
   */
  license_issue_date: string | null;
  /**
   * When the current licence expires under its state's rule (term, birthday or issue anniversary): after as_of (added after person 1.1.0) Null only when licence_status is none.
   */
  license_expiration_date: string | null;
  /**
   * When the driver was first licensed: on or after the state's licence age, on or before license_issue_date (added after person 1.1.0) Null only when licence_status is none.
   */
  first_licensed_date: string | null;
  /**
   * The account (household or business) the person belongs to; null in v0.1 profiles, which have no accounts
   */
  account_id: string | null;
  /**
   * To the account: household roles for Personal, employee (a scheduled driver) for Commercial; named_insured in v0.1 profiles
   */
  relationship: 'named_insured' | 'spouse' | 'child' | 'other_relative' | 'employee';
  /**
   * valid or suspended licence, a learner's permit (from the state's permit age), or none (licence fields null); valid in v0.1 profiles
   */
  licence_status: 'valid' | 'permit' | 'suspended' | 'none';
  /**
   * Commercial scheduled drivers of vehicles of 26,001 lb GVWR and over: the CDL class they hold; null otherwise
   */
  cdl_class: 'A' | 'B' | null;
}
