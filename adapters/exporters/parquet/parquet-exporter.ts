/**
 * The Parquet exporter (`--format parquet`): one `<plural>_v0_1.parquet` per
 * entity, columns typed from the entity's JSON Schema (parquet-columns.ts),
 * rows in generation order, written with hyparquet-writer a row group at a
 * time as batches arrive, and read back with hyparquet. Records reach it in
 * the main thread (no encoder: a row group spans batches, so what a batch
 * adds depends on the batches before it). The bytes depend only on the rows
 * and their order, so `--workers N` and shards merged give the same files.
 */
import { join } from 'node:path';
import { type Artifact, dataFileName, type EntityRecord, esdhError, type Exporter, type ExportEntity, type ExportSink, type ExportTarget, FileSink, type RecordBatch } from '../../../engine/kit.js';
import { CellRefused, cellOf, fileSchema, type ParquetColumn, parquetColumns } from './parquet-columns.js';
import type { ParquetFileWriter } from './parquet-file-writer.js';
import { fileMetadata, ROW_GROUP_ROWS } from './parquet-layout.js';

// The writer, reader and merge (hyparquet and hyparquet-writer with them)
// load when a Parquet file is first written, read or merged: every other
// command starts without them.
const writerModule = () => import('./parquet-file-writer.js');
const readerModule = () => import('./parquet-reader.js');
const mergeModule = () => import('./parquet-merge.js');

/** The format name, the file extension and the role suffix (`persons_parquet`). */
export const PARQUET = 'parquet';

function fileOf(entity: Pick<ExportEntity, 'plural'>, target: Pick<ExportTarget, 'fileSuffix'>): string {
  return dataFileName(entity.plural, target, PARQUET);
}

/** One entity's open file. */
interface EntityFile {
  readonly entity: ExportEntity;
  readonly file: string;
  readonly columns: readonly ParquetColumn[];
  readonly sink: FileSink;
  readonly writer: ParquetFileWriter;
}

/** Add one entity's records of a batch, row by row; a value its column cannot hold is ESDH_ERR_RECORD_REJECTED. */
async function addRecords(f: EntityFile, records: readonly EntityRecord[]): Promise<void> {
  const cells = f.writer.cells;
  const columns = f.columns;
  for (const record of records) {
    try {
      for (let c = 0; c < columns.length; c++) cells[c]!.push(cellOf(columns[c]!, record[columns[c]!.field]));
    } catch (error) {
      if (error instanceof CellRefused) throw esdhError('ESDH_ERR_RECORD_REJECTED', PARQUET, f.entity.name, error.message);
      throw error;
    }
    const wait = f.writer.rowAdded();
    if (wait) await wait;
  }
}

async function open(target: ExportTarget): Promise<ExportSink> {
  const { ParquetFileWriter } = await writerModule();
  const files: EntityFile[] = target.entities.map((entity) => {
    const file = fileOf(entity, target);
    const columns = parquetColumns(entity);
    const sink = new FileSink(join(target.dir, file));
    return { entity, file, columns, sink, writer: new ParquetFileWriter(fileSchema(columns), (chunk) => sink.write(chunk)) };
  });
  return {
    async write(batch: RecordBatch) {
      for (const f of files) {
        const records = batch[f.entity.name];
        if (records && records.length > 0) await addRecords(f, records);
      }
    },
    async close(facts): Promise<Artifact[]> {
      const artifacts: Artifact[] = [];
      for (const f of files) {
        await f.writer.finish(fileMetadata(facts, f.entity.name));
        const digest = await f.sink.end();
        artifacts.push({ file: f.file, role: `${f.entity.plural}_${PARQUET}`, format: PARQUET, entity: f.entity.name, records: f.writer.rows, ...digest });
      }
      return artifacts;
    },
    async abort() {
      for (const f of files) await f.sink.destroy();
    },
  };
}

export const parquetExporter: Exporter = {
  name: PARQUET,
  description: 'One Parquet file per entity (persons_v0_1.parquet, ...), columns typed from the JSON Schemas',
  readFidelity: 'schema',
  expectedArtifacts: (target) => target.entities.map((e) => ({ file: fileOf(e, target), role: `${e.plural}_${PARQUET}`, entity: e.name })),
  open,
  async *read(file, ctx) {
    const { readParquet } = await readerModule();
    yield* readParquet(file, ctx);
  },
  async merge(inputs, out, ctx) {
    const { mergeParquet } = await mergeModule();
    await mergeParquet(inputs, out, ctx);
  },
  describe: (artifact) => `${artifact.records} ${artifact.entity} records; Parquet, one column per schema field typed from the JSON Schema (dates as DATE), row groups of ${ROW_GROUP_ROWS.toLocaleString('en-US')} rows, snappy`,
};
