/**
 * What every Parquet file this exporter writes has in common, so that the
 * same rows give the same bytes: a fixed row-group size counted from the
 * file's first row (never from a batch or a shard), one codec, a fixed
 * `created_by`, and key-value metadata made only of the dataset's facts (no
 * clock, host or version).
 */
import type { KeyValue } from 'hyparquet';
import type { DatasetFacts } from '../../../engine/kit.js';

/** Rows per row group (the last one of a file holds the rest). */
export const ROW_GROUP_ROWS = 8192;

/** Every column chunk's codec: snappy, built into hyparquet-writer (pure JS) and read by every Parquet reader. */
export const CODEC = 'SNAPPY' as const;

/** The file metadata's `created_by`, with no version in it: the bytes do not change with the engine version. */
export const CREATED_BY = 'esdh';

/** The key-value metadata of one entity's file: the dataset's facts and the entity's name, in a fixed order. */
export function fileMetadata(facts: Omit<DatasetFacts, 'counts'>, entity: string): KeyValue[] {
  return [
    { key: 'esdh.dataset_version', value: facts.datasetVersion },
    { key: 'esdh.seed', value: String(facts.seed) },
    { key: 'esdh.as_of', value: facts.asOf },
    { key: 'esdh.synthetic_source', value: facts.marker },
    { key: 'esdh.entity', value: entity },
  ];
}
