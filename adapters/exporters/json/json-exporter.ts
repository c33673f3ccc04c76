import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Artifact, type BatchEncoder, dataFileName, type DatasetFacts, type Exporter, type ExportEntity, type ExportSink, type ExportTarget, FileSink, type RecordBatch, type SnapshotContext } from '../../../engine/kit.js';
import { appendEncoded, countsOf, destroyFiles, openFiles, type OpenFile } from '../file-set.js';
import { encodeBatch, jsonLine, perEntityEncoder, type RecordLine } from '../text-codec.js';
import { datasetHead, datasetPartFile, DATASET_TAIL, listHead, listTail, metadataFileText } from './dataset-layout.js';
import { mergeDataset } from './dataset-merge.js';
import { datasetMetadata } from './dataset-metadata.js';
import { readDataset } from './dataset-reader.js';

/** The roles of its two files in the manifest. */
const DATASET_ROLE = 'dataset_json';
const METADATA_ROLE = 'metadata_json';

/**
 * The v0.1 bundle `dataset_v0_1.json` ({metadata, persons, vehicles, profiles},
 * one record per line inside each list) and `metadata_v0_1.json`. Each
 * entity's list streams to a part file first, because the metadata (with the
 * final counts) comes first in the bundle; parts are joined at close. The
 * metadata object is this format's own (dataset-metadata.ts), built from the
 * core's facts. `recordLine` is how a record becomes its line (exactly
 * JSON.stringify; other writers only for measurements, bench/json-writer.ts).
 */
export function datasetExporter(recordLine: (entity: ExportEntity) => RecordLine = () => jsonLine): Exporter {
  /** One stream per entity: `,\n` + JSON per record (the sink drops the list's first comma). */
  const encoder = (target: Omit<ExportTarget, 'dir'>): BatchEncoder =>
    perEntityEncoder(target.entities, (entity) => {
      const line = recordLine(entity);
      return (out, record) => {
        out.byte(44);
        out.byte(10);
        out.text(line(record));
      };
    });
  const plurals = (ctx: SnapshotContext) => ctx.entities.map((e) => e.plural);
  return {
    name: 'json',
    description: 'The dataset bundle dataset_v0_1.json {metadata, persons, vehicles, profiles} and metadata_v0_1.json',
    encoder,
    expectedArtifacts: (target) => [
      { file: dataFileName('dataset', target, 'json'), role: DATASET_ROLE },
      { file: dataFileName('metadata', target, 'json'), role: METADATA_ROLE },
    ],
    async open(target: ExportTarget): Promise<ExportSink> {
      const batchEncoder = encoder(target);
      const parts = openFiles(target.dir, target.entities.map((e) => ({ file: datasetPartFile(e.plural), entity: e.name })));
      // Every record is encoded as ",\n<json>"; the list's first one loses its comma here.
      const firstLosesComma = (part: OpenFile, chunk: Uint8Array) => (part.records === 0 ? chunk.subarray(1) : chunk);
      return {
        write: async (batch: RecordBatch) => appendEncoded(parts, encodeBatch(batchEncoder, batch), countsOf(batch), firstLosesComma),
        writeEncoded: (encoded, counts) => appendEncoded(parts, encoded, counts, firstLosesComma),
        async close(facts: DatasetFacts): Promise<Artifact[]> {
          const metadata = datasetMetadata(facts);
          for (const p of parts) await p.sink.end();
          const datasetFile = dataFileName('dataset', target, 'json');
          const dataset = new FileSink(join(target.dir, datasetFile));
          await dataset.write(datasetHead(metadata));
          for (let i = 0; i < parts.length; i++) {
            const p = parts[i]!;
            await dataset.write(listHead(target.entities[i]!.plural));
            for await (const chunk of createReadStream(p.sink.path, { highWaterMark: 1 << 20 })) await dataset.write(chunk as Buffer);
            await dataset.write(listTail(p.records));
            await rm(p.sink.path);
          }
          await dataset.write(DATASET_TAIL);
          const datasetDigest = await dataset.end();
          const total = parts.reduce((sum, p) => sum + p.records, 0);

          const metadataFile = dataFileName('metadata', target, 'json');
          const meta = new FileSink(join(target.dir, metadataFile));
          await meta.write(metadataFileText(metadata));
          const metaDigest = await meta.end();
          return [
            { file: datasetFile, role: DATASET_ROLE, format: 'json', records: total, ...datasetDigest },
            { file: metadataFile, role: METADATA_ROLE, format: 'json', records: 0, ...metaDigest },
          ];
        },
        abort: () => destroyFiles(parts),
      };
    },
    holds: (artifact, ctx) => (artifact.role === DATASET_ROLE ? ctx.entities.map((e) => e.name) : []),
    read(file, ctx) {
      if (file.artifact.role !== DATASET_ROLE) return (async function* () {})();
      return readDataset(file.path, new Map(ctx.entities.map((e) => [e.plural, e.name])));
    },
    async merge(inputs, out, ctx) {
      const metadata = datasetMetadata(ctx.facts);
      if (inputs[0]!.artifact.role === DATASET_ROLE) await mergeDataset(inputs, plurals(ctx), metadata, out);
      // metadata_v0_1.json: the whole run's, from its facts (the core checks the shards' copies).
      else await out.write(metadataFileText(metadata));
    },
    describe: (artifact, ctx) =>
      artifact.role === DATASET_ROLE
        ? `the whole dataset: {metadata, ${plurals(ctx).join(', ')}}, one record per line in each list`
        : 'dataset metadata: version, record counts, the seed in notes',
    metadata: datasetMetadata,
  };
}

/** dataset_v0_1.json and metadata_v0_1.json, records written with JSON.stringify. */
export const jsonExporter: Exporter = datasetExporter();
