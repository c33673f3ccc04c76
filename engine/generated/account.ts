/* Generated from schemas/account.schema.json by `esdh codegen`: do not edit. */

/**
 * A unit of the book of business: a Personal household at one address, or a Commercial business with its fleet.
 */
export interface Account {
  account_id: string;
  lob_type: 'Personal' | 'Commercial';
  /**
   * Personal: the household ("The Garcia household"); Commercial: the business name
   */
  account_name: string;
  address_line_1: string;
  address_line_2: string | null;
  city: string;
  /**
   * USPS code of the household's or business's state: the base state of its policies
   */
  state: string;
  postal_code: string;
  /**
   * Personal: residents at the address, children under 15 included; null for Commercial
   */
  household_size: number | null;
  /**
   * Personal: residents under 15, counted here and not written as persons; null for Commercial
   */
  children_under_15: number | null;
  /**
   * Commercial: the legal name of the business, the named insured of its policies; null for Personal
   */
  business_name: string | null;
  /**
   * Commercial: what the business does (contractor, delivery, trucking, ...); null for Personal
   */
  business_type: string | null;
  /**
   * Commercial: federal employer id NN-NNNNNNN with a prefix the IRS never assigns, so it is visibly synthetic; null for Personal
   */
  fein: string | null;
  /**
   * Commercial: for_hire (carries others' property or passengers for pay) or private (its own goods); null for Personal
   */
  operation: 'for_hire' | 'private' | null;
  /**
   * Commercial: operates across state lines; null for Personal
   */
  interstate: boolean | null;
  /**
   * Commercial for-hire carriers: what they haul, which sets the federal minimum liability; null otherwise
   */
  cargo: 'general' | 'oil' | 'hazmat' | null;
  /**
   * Commercial for-hire carriers and interstate carriers over 10,000 lb GVWR: a USDOT number from a range FMCSA has not reached; null otherwise
   */
  usdot_number: string | null;
  /**
   * Commercial: vehicles of the account; null for Personal
   */
  fleet_size: number | null;
  /**
   * Governance marker proving the record is synthetic
   */
  synthetic_source: string;
}
