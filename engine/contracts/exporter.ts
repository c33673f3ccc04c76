import type { EntityRecord } from './entity-plugin.js';
import type { JsonSchema } from '../schema/schema-registry.js';
import type { DatasetMetadata } from '../generated/dataset-metadata.js';

/** An entity as an exporter sees it: names and the schema's field order. */
export interface ExportEntity {
  readonly name: string;
  readonly plural: string;
  /** Field names in schema order (CSV column order). */
  readonly fields: readonly string[];
  readonly schema: JsonSchema;
}

/** Where and what an exporter writes. */
export interface ExportTarget {
  /** The (temporary) snapshot folder; files go directly in it. */
  readonly dir: string;
  /** Version part of file names: `v0_1` for dataset version v0.1. */
  readonly fileSuffix: string;
  /** The entities of the run, in generation order. */
  readonly entities: readonly ExportEntity[];
}

/** Records of a contiguous range of units, by entity name, in unit order. */
export type RecordBatch = Readonly<Record<string, readonly EntityRecord[]>>;

/** A file an exporter wrote, as the manifest lists it. */
export interface Artifact {
  /** File name relative to the snapshot folder. */
  readonly file: string;
  /** Stable key in the manifest's `files` map, e.g. `persons_csv`. */
  readonly role: string;
  readonly format: string;
  /** The entity whose records it holds, if one. */
  readonly entity?: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The bytes one batch adds to each output stream of an exporter (one entry per
 * stream, in the exporter's own fixed order; an empty array when a stream gets
 * nothing). Made by a `BatchEncoder`, possibly in a worker thread.
 */
export type EncodedBatch = readonly Uint8Array[];

/** Records per entity name in one batch: what an encoded batch holds. */
export type BatchCounts = Readonly<Record<string, number>>;

/**
 * The pure half of an exporter: records → bytes. What it makes for a batch
 * does not depend on earlier batches (the sink handles "first record"
 * details), so batches can be encoded in any thread, then appended in unit
 * order. `add` takes records as they are made (a unit at a time, so they
 * can be dropped at once: the generator's records die young); `take` hands
 * out the bytes of everything added since the last `take`.
 */
export interface BatchEncoder {
  add(records: RecordBatch): void;
  take(): EncodedBatch;
}

/** An open export: takes batches in unit order, then closes into artifacts. */
export interface ExportSink {
  /** Write one batch; the promise settles when the sink can take more (backpressure). */
  write(batch: RecordBatch): Promise<void>;
  /**
   * Append the bytes the exporter's `encoder` made for the next batch (only
   * for exporters that have an `encoder`); `counts` are that batch's records
   * per entity. Resolves when the sink can take more.
   */
  writeEncoded?(encoded: EncodedBatch, counts: BatchCounts): Promise<void> | undefined;
  /** Finish every file; `metadata` has the final record counts. */
  close(metadata: DatasetMetadata): Promise<Artifact[]>;
  /** Stop and release files after a failure (the snapshot folder is removed anyway). */
  abort(): Promise<void>;
}

/** A streaming output format, registered against the engine by token and chosen by name. */
export interface Exporter {
  /** The `--format` name, e.g. `csv`. */
  readonly name: string;
  readonly description: string;
  open(target: ExportTarget): Promise<ExportSink>;
  /**
   * Optional: the encoder whose output this exporter's sinks take through
   * `writeEncoded`. Exporters that have one are encoded by the worker threads
   * of `--workers N` (the main thread only appends bytes); the rest get
   * records in the main thread through `write`.
   */
  encoder?(target: ExportTarget): BatchEncoder;
}

/**
 * `persons_v0_1.csv` style names.
 * @example
 * dataFileName('persons', { dir: '/tmp/s', fileSuffix: 'v0_1', entities: [] }, 'csv'); // → 'persons_v0_1.csv'
 */
export function dataFileName(stem: string, target: ExportTarget, extension: string): string {
  return `${stem}_${target.fileSuffix}.${extension}`;
}
