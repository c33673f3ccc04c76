/**
 * Reading a Parquet file back with hyparquet, one row group at a time (so
 * memory stays flat however large the file): the raw cells as the writer was
 * given them (dates as day numbers, INT64 as bigint, JSON parsed) for a
 * merge, or records typed through the schema, with the file's own checks,
 * for verify, loadSnapshot and openSnapshot.
 */
import { asyncBufferFromFile, type FileMetaData, parquetScan, type SchemaElement } from 'hyparquet';
import type { ArtifactFile, EntityRecord, ExportEntity, ReadItem, SnapshotContext } from '../../../engine/kit.js';
import { allowsNull } from '../sql/index.js';
import { kindOfElement, parquetColumns, schemaElement, valueOf } from './parquet-columns.js';
import { fileMetadata } from './parquet-layout.js';

/** The cells of one row group, column by column (in the file's column order). */
export interface RowGroupCells {
  readonly rows: number;
  readonly columns: readonly ArrayLike<unknown>[];
}

/** An open Parquet file: its footer and its row groups in order. */
export interface ParquetFile {
  readonly metadata: FileMetaData;
  /** The column elements (the schema without its root). */
  readonly columns: readonly SchemaElement[];
  rowGroups(): AsyncGenerator<RowGroupCells>;
}

/** Open a file for reading; throws, saying it is not a readable Parquet file, when its footer does not parse. */
export async function openParquet(path: string): Promise<ParquetFile> {
  let scan: Awaited<ReturnType<typeof parquetScan>>;
  try {
    // DATE cells stay day numbers (not JS Dates): the writer's own cells.
    scan = await parquetScan({ file: await asyncBufferFromFile(path), parsers: { dateFromDays: (days: number) => days } });
  } catch (error) {
    throw new Error(`not a readable Parquet file: ${(error as Error).message}`);
  }
  const [root, ...columns] = scan.metadata.schema;
  if (!root || root.num_children !== columns.length || columns.some((c) => c.num_children !== undefined)) throw new Error('not a Parquet file this exporter writes: its columns are nested');
  return {
    metadata: scan.metadata,
    columns,
    async *rowGroups() {
      for (const { rowStart, rowEnd } of scan.ranges) {
        let cells: ArrayLike<unknown>[];
        try {
          cells = await Promise.all(columns.map((c) => scan.readColumn({ column: c.name, rowStart, rowEnd })));
        } catch (error) {
          throw new Error(`not a readable Parquet file: rows ${rowStart + 1}-${rowEnd} cannot be decoded (${(error as Error).message})`);
        }
        yield { rows: rowEnd - rowStart, columns: cells };
      }
    },
  };
}

/** A column as its shape is shown in check messages: `name KIND REPETITION`. */
function shape(element: SchemaElement): string {
  return `${element.name} ${kindOfElement(element)?.toUpperCase() ?? `${element.type ?? '?'}/${element.converted_type ?? '-'}`} ${element.repetition_type ?? 'REQUIRED'}`;
}

/** `parquet.schema`: what differs between the file's columns and the ones the entity's JSON Schema gives (null: nothing). */
export function schemaProblem(file: ParquetFile, entity: ExportEntity): string | null {
  const found = file.columns.map(shape);
  const wanted = parquetColumns(entity).map((c) => shape(schemaElement(c)));
  if (found.join(',') === wanted.join(',')) return null;
  const at = found.findIndex((s, i) => s !== wanted[i]);
  const i = at === -1 ? found.length : at;
  return `column ${i + 1} is '${found[i] ?? '(none)'}', the schema gives '${wanted[i] ?? '(none)'}'`;
}

/** `parquet.metadata`: the keys whose value differs from the snapshot's facts and the file's entity (null: none). */
function metadataProblem(file: ParquetFile, ctx: SnapshotContext, entity: string): string | null {
  const stored = new Map((file.metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value]));
  const expected = fileMetadata(ctx.facts, entity);
  const differing = expected.filter((kv) => stored.get(kv.key) !== kv.value).map((kv) => kv.key);
  return differing.length === 0 ? null : `key-value metadata differs in ${differing.join(', ')}`;
}

/** The read hook: the file's checks (`parquet.schema`, `parquet.metadata`), then its records in row order, typed through the schema. */
export async function* readParquet(file: ArtifactFile, ctx: SnapshotContext): AsyncGenerator<ReadItem> {
  const entity = ctx.entities.find((e) => e.name === file.artifact.entity);
  if (!entity) throw new Error(`${file.artifact.file} holds entity '${file.artifact.entity}', which the manifest does not list`);
  const parquet = await openParquet(file.path);
  yield { kind: 'check', rule: 'parquet.schema', description: "the Parquet columns are the entity's schema fields in order, typed from its JSON Schema", problem: schemaProblem(parquet, entity), line: 0 };
  yield { kind: 'check', rule: 'parquet.metadata', description: "the file's key-value metadata holds the snapshot's dataset facts and its entity", problem: metadataProblem(parquet, ctx, entity.name), line: 0 };
  const fields = parquet.columns.map((c) => c.name);
  const kinds = parquet.columns.map(kindOfElement);
  const nullable = fields.map((f) => allowsNull(entity, f));
  let line = 0;
  for await (const group of parquet.rowGroups()) {
    for (let r = 0; r < group.rows; r++) {
      const record: EntityRecord = {};
      for (let c = 0; c < fields.length; c++) {
        const value = valueOf(kinds[c], nullable[c]!, group.columns[c]![r]);
        if (value !== undefined) record[fields[c]!] = value;
      }
      yield { kind: 'record', entity: entity.name, record, line: ++line };
    }
  }
}
