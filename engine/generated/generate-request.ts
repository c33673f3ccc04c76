/* Generated from schemas/generate-request.schema.json by `esdh codegen`: do not edit. */

/**
 * The JSON body of POST /generate/<entity> and POST /generate/bundle. Every field is optional; no body, or {}, gives the defaults.
 */
export interface GenerateRequest {
  /**
   * Units to generate (a person each, or an account each when the profile has accounts): a whole number of at least 1, or its decimal string (default: api.default_records, or the named profile's records)
   */
  records?: number | string;
  /**
   * A whole number 0..2^53-1, its decimal string, or "random" (default: the config's default_seed, or the named profile's seed)
   */
  seed?: number | string;
  /**
   * true draws a fresh random seed (returned in the response)
   */
  randomize?: boolean;
  /**
   * A profile of the server's config: its seed, records, as_of and entities become the defaults
   */
  profile?: string;
  /**
   * Reference date YYYY-MM-DD for ages, model years and terms (default: the config's as_of)
   */
  as_of?: string;
  /**
   * Only Personal or only Commercial accounts: the lob mix becomes 1 for it and 0 for the other (default: the profile's lob mix)
   */
  lob?: 'Personal' | 'Commercial';
  /**
   * Scenario targeting (docs/scenario-targeting.md): terms every unit meets by construction, added to the profile's: a comma-separated string such as "state=AZ,lob_type=Commercial,claims>=1", or an array of such strings. A bad term is a 400 that says what is accepted
   */
  where?: string | string[];
}
