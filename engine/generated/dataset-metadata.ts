/* Generated from schemas/dataset-metadata.schema.json by `esdh codegen`: do not edit. */

/**
 * Metadata of one dataset (metadata_v0_1.json and the metadata of dataset_v0_1.json).
 */
export interface DatasetMetadata {
  dataset_version: string;
  /**
   * The run's as_of at midnight UTC: data files never hold the wall clock
   */
  generated_at: string;
  record_count_persons: number;
  record_count_vehicles: number;
  record_count_profiles: number;
  notes?: string;
  /**
   * Records per entity (plural name), including entities beyond v0.1's three
   */
  record_counts: {
    [k: string]: number;
  };
}
