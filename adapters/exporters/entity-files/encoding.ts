import type { ExportEntity, ExportTarget, ReadItem } from '../../../engine/kit.js';
import type { RecordLine } from '../text-codec.js';

/**
 * A text encoding of the per-entity-file exporter (entity-files-exporter.ts):
 * one `<plural>_<suffix>.<extension>` file per entity, an optional header
 * line, then one line per record. CSV and NDJSON are two of these; everything
 * else (files, roles, encoding in worker threads, merging shards, README
 * text) is the exporter's, the same for both.
 */
export interface EntityFileEncoding {
  /** The format name (`--format`, the artifacts' `format`, the role suffix: `persons_<format>`). */
  readonly format: string;
  /** File extension, without the dot. */
  readonly extension: string;
  /** One line for `esdh run --help` and the formats list. */
  readonly description: string;
  /** The README's words for a file, after `<n> <entity> records; `. */
  readonly readmeNote: string;
  /** `'exact'` when reading gives back the records as generated; `'schema'` when values are rebuilt through the schema. */
  readonly readFidelity: 'exact' | 'schema';
  /** The first line of every file (every shard's too), without its line end; no header when absent. */
  header?(entity: ExportEntity): string;
  /** The line writer for one entity's records (made once per file, called per record); `target.validated` says the records passed their schema. */
  line(entity: ExportEntity, target?: Pick<ExportTarget, 'validated'>): RecordLine;
  /** One file's records in order, with the encoding's own checks (a header that must match the schema). Throws on a line it cannot parse. */
  read(path: string, entity: ExportEntity): AsyncIterable<ReadItem>;
}
