/* Generated from schemas/snapshot-manifest.schema.json by `esdh codegen`: do not edit. */

/**
 * snapshot_manifest_<suffix>.json as esdh run and esdh merge write it. Every reader (verify, loadSnapshot, openSnapshot, merge) refuses a manifest this schema does not accept. Only `run` (wall-clock facts) may carry fields not named here.
 */
export interface SnapshotManifestDocument {
  dataset_version: string;
  /**
   * The run's as_of at midnight UTC
   */
  generated_at: string;
  /**
   * Records per entity plural
   */
  record_counts: {
    [k: string]: number;
  };
  /**
   * v0.1 shape: role -> file name, for every file an exporter wrote
   */
  files: {
    /**
     * A plain file name inside the snapshot folder: no path separator, not . or ..
     */
    [k: string]: string;
  };
  notes: string;
  seed: number;
  as_of: string;
  units: number;
  profile: string;
  /**
   * The marker every record carries; it must say the data is synthetic (checked in code)
   */
  synthetic_source: string;
  validation: 'schema' | 'off';
  /**
   * @minItems 1
   */
  formats: string[];
  /**
   * @minItems 1
   */
  entities: string[];
  /**
   * The config and profile distributions the run used (see the config schema)
   */
  distributions?: {};
  /**
   * Scenario targeting: the --where terms every unit meets (profile's and run's, in their normal spelling); absent when the run had none
   *
   * @minItems 1
   */
  where?: string[];
  engine: {
    name: string;
    version: string;
  };
  packages: {
    [k: string]: string;
  };
  plugins: {
    [k: string]: {
      version: string;
      plural: string;
      schema: string;
      schema_sha256: string;
    };
  };
  shard: null | {
    index: number;
    count: number;
    unit_start: number;
    unit_end: number;
    run_units: number;
  };
  /**
   * @minItems 1
   */
  artifacts: {
    /**
     * A plain file name inside the snapshot folder: no path separator, not . or ..
     */
    file: string;
    role: string;
    format: string;
    entity?: string;
    records: number;
    bytes: number;
    sha256: string;
  }[];
  regenerate: string;
  /**
   * Wall-clock facts: the only part that differs between two identical runs
   */
  run: {
    generated_at: string;
    duration_ms: number;
    node: string;
    workers?: number;
    source_commit?: string;
  };
  /**
   * The shards a merged snapshot was joined from (esdh merge)
   */
  merged_from?: {
    index: number;
    count: number;
    unit_start: number;
    unit_end: number;
    dir: string;
    manifest_sha256: string;
    generated_at: string;
  }[];
}
