import type { EntityRecord } from './entity-plugin.js';
import type { JsonSchema } from '../schema/schema-registry.js';

/**
 * An entity as an exporter sees it: names, the schema's field order, and the
 * plugin's keys (present when a run or the engine builds it; a snapshot read
 * back from its manifest alone may lack them).
 */
export interface ExportEntity {
  readonly name: string;
  readonly plural: string;
  /** Field names in schema order (CSV column order). */
  readonly fields: readonly string[];
  readonly schema: JsonSchema;
  /** The entity's own (singular) names it depends on (the plugin's `dependencies`). */
  readonly dependencies?: readonly string[];
  /** The primary-key field (the plugin's `idField`). */
  readonly idField?: string;
  /** Other fields unique within a snapshot (the plugin's `uniqueFields`). */
  readonly uniqueFields?: readonly string[];
  /** Foreign keys: field → `entity.field` (the plugin's `references`). */
  readonly references?: Readonly<Record<string, string>>;
}

/** Where and what an exporter writes. */
export interface ExportTarget {
  /** The (temporary) snapshot folder; files go directly in it. */
  readonly dir: string;
  /** Version part of file names: `v0_1` for dataset version v0.1. */
  readonly fileSuffix: string;
  /** The entities of the run, in generation order. */
  readonly entities: readonly ExportEntity[];
  /**
   * true when every record this target gets passed its entity's JSON Schema
   * (the run validated it: config `validate`), so an encoder may skip checks
   * the schema already made; absent or false, an encoder assumes nothing
   * about the records.
   */
  readonly validated?: boolean;
}

/** Records of a contiguous range of units, by entity name, in unit order. */
export type RecordBatch = Readonly<Record<string, readonly EntityRecord[]>>;

/** A file an exporter wrote, as the manifest lists it. */
export interface Artifact {
  /** File name relative to the snapshot folder. */
  readonly file: string;
  /** Stable key in the manifest's `files` map, e.g. `persons_csv`. */
  readonly role: string;
  /** The name of the exporter that wrote it (its `Exporter.name`): how the core finds that exporter again to read, merge or describe the file. */
  readonly format: string;
  /** The entity whose records it holds, if one. */
  readonly entity?: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** A file an exporter writes, as far as it is known before writing: its name, role and entity. */
export type ExpectedArtifact = Pick<Artifact, 'file' | 'role' | 'entity'>;

/**
 * What the core knows about a dataset, with no format in it: each format
 * builds its own metadata from these (the v0.1 JSON metadata object is the
 * JSON exporter's). The same facts reach `close` when a run ends and the
 * hooks when a snapshot is read, merged or described.
 */
export interface DatasetFacts {
  /** e.g. `v0.1`. */
  readonly datasetVersion: string;
  /** The run's effective seed. */
  readonly seed: number;
  /** `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The `synthetic_source` marker every record carries. */
  readonly marker: string;
  /** Records per entity plural, in generation order: the whole run's (also when shards are merged). */
  readonly counts: Readonly<Record<string, number>>;
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
  /** Finish every file; `facts` has the final record counts (for a format's own metadata). */
  close(facts: DatasetFacts): Promise<Artifact[]>;
  /** Stop and release files after a failure (the snapshot folder is removed anyway). */
  abort(): Promise<void>;
}

/** One file of a snapshot (or of a shard), as the read and merge hooks get it. */
export interface ArtifactFile {
  /** The file's entry in the snapshot's manifest. */
  readonly artifact: Artifact;
  /** The snapshot (or shard) folder, for messages. */
  readonly dir: string;
  /** Absolute path of the file. */
  readonly path: string;
}

/**
 * What the read, merge and describe hooks know of the snapshot besides the
 * file: its entities and facts, from its manifest.
 */
export interface SnapshotContext {
  /**
   * The snapshot's entities in generation order. `fields` and `schema` are
   * this engine's for the entity (`[]` and `{}` when it has no such schema).
   */
  readonly entities: readonly ExportEntity[];
  /** The dataset's facts; for a merge, the whole run's counts. */
  readonly facts: DatasetFacts;
}

/** A record read back from a snapshot file. */
export interface ReadRecord {
  readonly kind: 'record';
  /** The entity's (singular) name. */
  readonly entity: string;
  readonly record: EntityRecord;
  /** Where in the file (1-based line, or the format's own ordinal), for reports: `file:line`. */
  readonly line: number;
}

/**
 * The outcome of a check a format makes of its own layout while reading (a
 * CSV header that must list the schema's fields in order, say): verify
 * tallies it under `rule` like its own rules. Yield passes too (`problem:
 * null`), so the report counts what was checked.
 */
export interface ReadCheck {
  readonly kind: 'check';
  /** Rule name in the verify report, e.g. `csv.header`. */
  readonly rule: string;
  /** What the rule asks, one line. */
  readonly description: string;
  /** What is wrong, or null when the check passed. */
  readonly problem: string | null;
  readonly line: number;
}

/** What `Exporter.read` yields: records, and the outcomes of the format's own checks. */
export type ReadItem = ReadRecord | ReadCheck;

/**
 * One shard's copy of a file, as `Exporter.merge` reads it. Its size was
 * checked against the shard's manifest before the hook runs.
 */
export interface MergeInput extends ArtifactFile {
  /**
   * The file's bytes from first to last, checked: hashed on the way and
   * compared with the shard manifest's sha256 after the last chunk; a
   * difference throws ESDH_ERR_SHARD_INVALID (and the merge leaves nothing
   * behind). Inputs the hook does not read to the end are read through by
   * the core after it, so every input is checked either way.
   */
  bytes(): AsyncIterable<Uint8Array>;
  /**
   * Bytes [start, end) of the file, for a second pass over parts of it: only
   * once `bytes()` has been read to the end (so the file was checked).
   */
  range(start: number, end: number): AsyncIterable<Uint8Array>;
}

/** What a streaming merge hook (`Exporter.mergeStream`) knows besides its inputs: the snapshot's entities. */
export type StreamMergeContext = Pick<SnapshotContext, 'entities'>;

/** Where a merge hook writes the merged file. Await `write` only when it returns a promise (backpressure). */
export interface MergeOutput {
  write(chunk: string | Uint8Array): Promise<void> | undefined;
}

/**
 * A streaming output format, registered against the engine by token and
 * chosen by name. Only `name`, `description` and `open` are required; the
 * optional hooks make the format's files readable (verify, loadSnapshot,
 * openSnapshot), mergeable (`esdh merge`) and described in the snapshot
 * README. The core finds an artifact's exporter by the artifact's `format`
 * among the engine's registered exporters, and never looks inside a file.
 */
export interface Exporter {
  /** The `--format` name, e.g. `csv`; also the `format` of every artifact it writes. */
  readonly name: string;
  readonly description: string;
  open(target: ExportTarget): Promise<ExportSink>;
  /**
   * Optional: the files `open(target)` writes for these entities (file name,
   * role, entity), known without writing them. Verify requires each one to be
   * listed in the manifest (with this format) and present, and refuses any
   * other file of this format. Without it, verify requires only that the
   * manifest lists at least one file of the format.
   * @example
   * expectedArtifacts: (target) => target.entities.map((e) => ({ file: dataFileName(e.plural, target, 'tsv'), role: `${e.plural}_tsv`, entity: e.name }))
   */
  expectedArtifacts?(target: Omit<ExportTarget, 'dir'>): readonly ExpectedArtifact[];
  /**
   * Optional: the encoder whose output this exporter's sinks take through
   * `writeEncoded`. Exporters that have one are encoded by the worker threads
   * of `--workers N` (the main thread only appends bytes); the rest get
   * records in the main thread through `write`.
   */
  encoder?(target: ExportTarget): BatchEncoder;
  /**
   * Optional: the records of one of this exporter's files, in file order,
   * with the outcomes of the format's own layout checks (`ReadCheck`). Throw
   * when the file cannot be parsed (verify reports it under
   * `files.readable`). Each entity's records come in the order they were
   * written (unit order), so two copies of an entity can be compared record
   * by record; records of an entity's dependencies come before its own
   * (entity by entity in generation order, or unit by unit), so references
   * can be checked as they are read. Verify reads every data file through it
   * (every copy of every entity), loadSnapshot/openSnapshot read one copy per
   * entity. Without `read`, verify checks only the file's size
   * and sha256, and the file is never a source of records.
   * @example
   * for await (const item of exporter.read!({ artifact, dir, path }, ctx)) if (item.kind === 'record') count++;
   */
  read?(file: ArtifactFile, ctx: SnapshotContext): AsyncIterable<ReadItem>;
  /**
   * Optional: which entities' records a file holds (entity names). Default:
   * `[artifact.entity]` when the artifact names one, else every entity of
   * the snapshot (a bundle). Return `[]` for a file without records (a
   * metadata file): it is not read.
   */
  holds?(artifact: Artifact, ctx: SnapshotContext): readonly string[];
  /**
   * How faithfully `read` gives records back: `'exact'` (default) as they
   * were generated (e.g. parsed JSON text), `'schema'` rebuilt from text
   * through the entity's JSON Schema (e.g. CSV cells), so only as exact as
   * the schema at hand. openSnapshot prefers exact copies; verify makes its
   * once-per-entity checks (ids, references, domain rules) on an entity's
   * own exact file first.
   */
  readonly readFidelity?: 'exact' | 'schema';
  /**
   * Optional: write the file of role `inputs[0].artifact.role` that the
   * unsharded run would have written, from the shards' copies (`inputs`,
   * one per shard in unit order). `ctx.facts` has the whole run's counts.
   * The merged artifact keeps the file name, role and format; its records
   * are the sum of the inputs'. Throw ESDH_ERR_SHARD_INVALID
   * (`esdhError('ESDH_ERR_SHARD_INVALID', input.dir, why)`) for a copy that is
   * not laid out as this exporter writes it. Without `merge`, snapshots with
   * this format cannot be merged.
   * @example
   * async merge(inputs, out) { for (const input of inputs) for await (const chunk of input.bytes()) await out.write(chunk); }
   */
  merge?(inputs: readonly MergeInput[], out: MergeOutput, ctx: SnapshotContext): Promise<void>;
  /**
   * Optional, instead of `merge` for a format whose merged file needs only
   * each shard's copy in turn (no counts, no second pass): the same job with
   * the copies as they come, in unit order, so a merge can start before the
   * last shard is made (`esdh cluster` appends each shard as soon as it and
   * every shard before it are done). Read each input through `bytes()` before
   * taking the next; `ctx` has the entities only (the whole run's counts are
   * not known yet). Preferred to `merge` when an exporter has both.
   * @example
   * async mergeStream(inputs, out) { for await (const input of inputs) for await (const chunk of input.bytes()) await out.write(chunk); }
   */
  mergeStream?(inputs: AsyncIterable<MergeInput>, out: MergeOutput, ctx: StreamMergeContext): Promise<void>;
  /**
   * Optional: what one of its files holds, as one line of Markdown (no line
   * break) for the snapshot README's table. Default: `<records> <entity>
   * records; <format>`.
   * @example
   * describe: (a) => `${a.records} ${a.entity} records; one JSON record per line`
   */
  describe?(artifact: Artifact, ctx: SnapshotContext): string;
  /**
   * Optional: the dataset metadata object this format writes, built from the
   * core's facts (the JSON exporter's is the v0.1 `metadata`).
   * `engine.metadata()` returns the first registered exporter's.
   */
  metadata?(facts: DatasetFacts): object;
}

/**
 * `persons_v0_1.csv` style names.
 * @example
 * dataFileName('persons', { dir: '/tmp/s', fileSuffix: 'v0_1', entities: [] }, 'csv'); // → 'persons_v0_1.csv'
 */
export function dataFileName(stem: string, target: Pick<ExportTarget, 'fileSuffix'>, extension: string): string {
  return `${stem}_${target.fileSuffix}.${extension}`;
}
