import type { DatasetFacts, DatasetMetadata } from '../../../engine/kit.js';

/**
 * The v0.1 metadata object (metadata_v0_1.json and the bundle's `metadata`),
 * built from the core's format-free facts. Key order is part of the bytes.
 */
export function datasetMetadata(facts: DatasetFacts): DatasetMetadata {
  return {
    dataset_version: facts.datasetVersion,
    generated_at: `${facts.asOf}T00:00:00Z`,
    record_count_persons: facts.counts.persons ?? 0,
    record_count_vehicles: facts.counts.vehicles ?? 0,
    record_count_profiles: facts.counts.profiles ?? 0,
    record_counts: { ...facts.counts },
    notes: `Synthetic data (${facts.marker}); effective seed ${facts.seed}; as_of ${facts.asOf}`,
  };
}
