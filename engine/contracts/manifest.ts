import type { Distributions } from './config-types.js';
import type { Artifact } from './exporter.js';

/**
 * The manifest's file name for a dataset version: `snapshot_manifest_v0_1.json`.
 * @example
 * manifestFileName('v0_1'); // → 'snapshot_manifest_v0_1.json'
 */
export function manifestFileName(fileSuffix: string): string {
  return `snapshot_manifest_${fileSuffix}.json`;
}

/**
 * `v0.1` → `v0_1`, the version part of file names.
 * @example
 * fileSuffixOf('v0.1'); // → 'v0_1'
 */
export function fileSuffixOf(datasetVersion: string): string {
  return datasetVersion.replace(/\./g, '_');
}

/** Which slice of a run a snapshot holds. */
export interface ShardInfo {
  /** 1-based shard number k of `count`. */
  readonly index: number;
  readonly count: number;
  /** Units [unit_start, unit_end) of the whole run. */
  readonly unit_start: number;
  readonly unit_end: number;
  /** Units of the whole run. */
  readonly run_units: number;
}

/** snapshot_manifest_v0_1.json: the v0.1 fields, then everything needed to trust and repeat the run. */
export interface SnapshotManifest {
  readonly dataset_version: string;
  /** The run's as_of at midnight UTC (deterministic); the wall clock is in `run`. */
  readonly generated_at: string;
  readonly record_counts: Readonly<Record<string, number>>;
  /** v0.1 shape: role → file name (persons_csv, vehicles_csv, dataset_json, metadata_json, ...). */
  readonly files: Readonly<Record<string, string>>;
  readonly notes: string;
  readonly seed: number;
  readonly as_of: string;
  readonly units: number;
  readonly profile: string;
  readonly synthetic_source: string;
  readonly validation: 'schema' | 'off';
  readonly formats: readonly string[];
  readonly entities: readonly string[];
  /** The shape of the data the run used (config and profile `distributions`): part of what decides its bytes. */
  readonly distributions?: Readonly<Distributions>;
  /** Scenario targeting: the `--where` terms every unit meets, in their normal spelling; absent when the run had none. */
  readonly where?: readonly string[];
  readonly engine: { readonly name: string; readonly version: string };
  /** Exact versions of the packages that shape generated values (e.g. faker's word lists). */
  readonly packages: Readonly<Record<string, string>>;
  readonly plugins: Readonly<Record<string, { readonly version: string; readonly plural: string; readonly schema: string; readonly schema_sha256: string }>>;
  readonly shard: ShardInfo | null;
  readonly artifacts: readonly Artifact[];
  /** The command that makes the same data files again. */
  readonly regenerate: string;
  /** Wall-clock facts: the only part that differs between two identical runs. */
  readonly run: { readonly generated_at: string; readonly duration_ms: number; readonly node: string; readonly workers?: number; readonly source_commit?: string };
}

/**
 * The rule every marker follows, in the words verify and config loading both use.
 * @example
 * if (!isSyntheticMarker(marker)) throw new Error(`synthetic_source ${marker}: ${SYNTHETIC_MARKER_RULE}`);
 */
export const SYNTHETIC_MARKER_RULE = 'a marker must say the data is synthetic';

/**
 * True when a `synthetic_source` marker says the data is synthetic: it
 * contains the word `synthetic` (any case). Snapshots whose marker does not
 * are refused by every reader.
 * @example
 * isSyntheticMarker('enterprise-synthetic-data-hub v0.1'); // → true
 * isSyntheticMarker('acme production export'); // → false
 */
export function isSyntheticMarker(marker: unknown): boolean {
  return typeof marker === 'string' && /synthetic/i.test(marker);
}
