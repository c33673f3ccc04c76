/* Generated from schemas/config.schema.json by `esdh codegen`: do not edit. */

/**
 * ESDH configuration: esdh.config.yaml / .json, .esdhrc, or the `esdh` key of package.json, merged over the built-in defaults.
 */
export interface EsdhConfig {
  /**
   * Names files: v0.1 → persons_v0_1.csv
   */
  dataset_version?: string;
  /**
   * Marker written into every record
   */
  synthetic_source?: string;
  default_seed?: number;
  /**
   * Reference date for ages, model years, terms
   */
  as_of?: string;
  default_profile?: string;
  /**
   * Validate every record against its schema before writing (on by default)
   */
  validate?: boolean;
  /**
   * Entities a run generates when the profile names none
   *
   * @minItems 1
   */
  entities?: string[];
  /**
   * @minItems 1
   */
  formats?: string[];
  /**
   * Extra plugin modules: paths relative to the config file, or package names
   */
  plugins?: string[];
  /**
   * Options passed to each plugin's setup, by entity name
   */
  entity_options?: {
    [k: string]: {};
  };
  distributions?: Distributions;
  output?: {
    runs_dir?: string;
    keep_runs?: number;
    snapshot_dir?: string;
    snapshot_records?: number;
    snapshot_seed?: number;
  };
  api?: {
    host?: string;
    port?: number;
    api_key?: string | null;
    default_records?: number;
    max_records_json?: number;
    max_records_stream?: number;
    body_limit_bytes?: number;
    /**
     * A connection must send a request's headers within this time, else 408 and closed (also a connection that sends nothing); at most request_timeout_ms
     */
    headers_timeout_ms?: number;
    /**
     * A request (headers and body) must arrive within this time, else 408 and closed
     */
    request_timeout_ms?: number;
    /**
     * An idle kept-alive connection is closed after this time
     */
    keep_alive_timeout_ms?: number;
    /**
     * A connection with no traffic either way for this long (e.g. a client that stopped reading a stream) is closed
     */
    idle_timeout_ms?: number;
    /**
     * Connections open at once; more are closed on arrival. Keep it below the open-file limit (ulimit -n)
     */
    max_connections?: number;
    /**
     * Records that plain JSON answers in flight may hold in all (they are built in memory); beyond it 503 with Retry-After. NDJSON is not counted
     */
    max_json_records_in_flight?: number;
    /**
     * On SIGTERM/Ctrl+C, how long answers in flight may finish; streams still running then end with an error line
     */
    shutdown_timeout_ms?: number;
  };
  profiles?: {
    [k: string]: {
      description?: string;
      /**
       * Units to generate (a person each in the v0.1 profiles, an account each when the run has accounts)
       */
      records: number;
      /**
       * Fixed seed; null uses default_seed
       */
      seed?: number | null;
      /**
       * Draw a fresh random seed per run (recorded in the manifest)
       */
      randomize?: boolean;
      as_of?: string;
      /**
       * @minItems 1
       */
      entities?: string[];
      /**
       * @minItems 1
       */
      formats?: string[];
      distributions?: Distributions;
      /**
       * Scenario targeting: terms every unit of the profile's runs meets, by construction (docs/scenario-targeting.md): a comma-separated string such as "state=AZ,claims>=1", or an array of such strings. A run's own --where terms are added to these
       */
      where?: string | string[];
    };
  };
}
/**
 * The shape of the data: which states and how many of each, the lob mix, driver ages, makes, body styles. Written at the top level (every profile) or in a profile (that profile only, field by field over the top level). Entity plugins read it; what a field does not say, the plugin's real-world defaults decide.
 */
export interface Distributions {
  /**
   * Residence states: `all` (the 50 states and DC, weighted by population), a list of USPS codes (weighted by population), or a map code -> relative weight
   */
  states?:
    | 'all'
    | string[]
    | {
        [k: string]: number;
      };
  /**
   * Relative weights of the lines of business (default Personal 0.7, Commercial 0.3)
   */
  lob_mix?: {
    Personal?: number;
    Commercial?: number;
  };
  /**
   * Age bands of licensed drivers on as_of with relative weights; ages inside a band are smoothed toward the neighbouring bands (default: FHWA licensed drivers by age)
   *
   * @minItems 1
   */
  driver_ages?: {
    from: number;
    to: number;
    weight: number;
  }[];
  /**
   * Relative weights by make (names as the vehicle catalogue spells them); makes left out keep their default weight, a weight of 0 removes a make (default: US vehicles in use)
   */
  makes?: {
    [k: string]: number;
  };
  /**
   * Body styles vehicles may have (the v0.1 profiles: Sedan, SUV, Truck)
   *
   * @minItems 1
   */
  body_styles?: string[];
  /**
   * Book of business: relative weights of Personal household sizes, residents at one address with children under 15 counted (default: Census CPS households, 2024)
   */
  household_size?: {
    '1'?: number;
    '2'?: number;
    '3'?: number;
    '4'?: number;
    '5'?: number;
  };
  /**
   * Book of business: relative weights of vehicles per insured household (default: NHTS 2022 households with a vehicle, about 1.9 each)
   */
  vehicles_per_household?: {
    '1'?: number;
    '2'?: number;
    '3'?: number;
    '4'?: number;
  };
  /**
   * Book of business: relative weights of Commercial fleet-size bands, vehicles per business account (default: small fleets dominate, see governance/DATA_PROVENANCE.md)
   */
  fleet_size?: {
    '1'?: number;
    '2-4'?: number;
    '5-9'?: number;
    '10-24'?: number;
    '25-50'?: number;
  };
}
