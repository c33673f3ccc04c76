import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Artifact, type BatchEncoder, dataFileName, type DatasetMetadata, type Exporter, type ExportSink, type ExportTarget, FileSink, type RecordBatch } from '../../engine/kit.js';
import { appendEncoded, countsOf, destroyFiles, openFiles, type OpenFile } from './file-set.js';
import { encodeBatch, JsonLineWriter, perEntityEncoder } from './text-codec.js';

/** Part file of an entity's list inside the snapshot folder while it is written. */
export function datasetPartFile(plural: string): string {
  return `.${plural}.json.part`;
}

/**
 * The v0.1 bundle `dataset_v0_1.json` ({metadata, persons, vehicles, profiles},
 * one record per line inside each list) and `metadata_v0_1.json`. Each
 * entity's list streams to a part file first, because the metadata (with the
 * final counts) comes first in the bundle; parts are joined at close.
 */
export const jsonExporter: Exporter = {
  name: 'json',
  description: 'The dataset bundle dataset_v0_1.json {metadata, persons, vehicles, profiles} and metadata_v0_1.json',
  encoder: jsonEncoder,
  async open(target: ExportTarget): Promise<ExportSink> {
    const encoder = jsonEncoder(target);
    const parts = openFiles(target.dir, target.entities.map((e) => ({ file: datasetPartFile(e.plural), entity: e.name })));
    // Every record is encoded as ",\n<json>"; the list's first one loses its comma here.
    const firstLosesComma = (part: OpenFile, chunk: Uint8Array) => (part.records === 0 ? chunk.subarray(1) : chunk);
    return {
      write: async (batch: RecordBatch) => appendEncoded(parts, encodeBatch(encoder, batch), countsOf(batch), firstLosesComma),
      writeEncoded: (encoded, counts) => appendEncoded(parts, encoded, counts, firstLosesComma),
      async close(metadata: DatasetMetadata): Promise<Artifact[]> {
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
          { file: datasetFile, role: 'dataset_json', format: 'json', records: total, ...datasetDigest },
          { file: metadataFile, role: 'metadata_json', format: 'json', records: 0, ...metaDigest },
        ];
      },
      abort: () => destroyFiles(parts),
    };
  },
};

/** The bundle up to the first list: `{\n"metadata": {...}`. */
export function datasetHead(metadata: DatasetMetadata): string {
  return `{\n"metadata": ${JSON.stringify(metadata)}`;
}

/** What opens an entity's list: `,\n"persons": [`. */
export function listHead(plural: string): string {
  return `,\n${JSON.stringify(plural)}: [`;
}

/** What closes a list of `records` records. */
export function listTail(records: number): string {
  return records > 0 ? '\n]' : ']';
}

/** The bundle's last bytes. */
export const DATASET_TAIL = '\n}\n';

/** metadata_v0_1.json. */
export function metadataFileText(metadata: DatasetMetadata): string {
  return JSON.stringify(metadata, null, 2) + '\n';
}

/** One stream per entity: `,\n` + JSON per record (the sink drops the list's first comma). */
function jsonEncoder(target: Omit<ExportTarget, 'dir'>): BatchEncoder {
  return perEntityEncoder(target.entities, () => {
    const json = new JsonLineWriter();
    return (out, record) => {
      out.byte(44);
      out.byte(10);
      json.write(out, record);
    };
  });
}
