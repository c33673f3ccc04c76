import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dataFileName, type Artifact, type Exporter, type ExportSink, type ExportTarget, type RecordBatch } from '../../engine/exporter.js';
import { FileSink } from '../../engine/file-sink.js';
import type { DatasetMetadata } from '../../engine/generated/dataset-metadata.js';

/**
 * The v0.1 bundle `dataset_v0_1.json` ({metadata, persons, vehicles, profiles},
 * one record per line inside each list) and `metadata_v0_1.json`. Each
 * entity's list streams to a part file first, because the metadata (with the
 * final counts) comes first in the bundle; parts are joined at close.
 */
export const jsonExporter: Exporter = {
  name: 'json',
  description: 'The dataset bundle dataset_v0_1.json {metadata, persons, vehicles, profiles} and metadata_v0_1.json',
  async open(target: ExportTarget): Promise<ExportSink> {
    const parts = target.entities.map((entity) => {
      const path = join(target.dir, `.${entity.plural}.json.part`);
      return { entity, path, sink: new FileSink(path), records: 0 };
    });
    return {
      async write(batch: RecordBatch) {
        for (const p of parts) {
          const records = batch[p.entity.name];
          if (!records || records.length === 0) continue;
          let text = '';
          for (const record of records) text += (p.records++ === 0 ? '\n' : ',\n') + JSON.stringify(record);
          await p.sink.write(text);
        }
      },
      async close(metadata: DatasetMetadata): Promise<Artifact[]> {
        for (const p of parts) await p.sink.end();
        const datasetFile = dataFileName('dataset', target, 'json');
        const dataset = new FileSink(join(target.dir, datasetFile));
        await dataset.write(`{\n"metadata": ${JSON.stringify(metadata)}`);
        for (const p of parts) {
          await dataset.write(`,\n${JSON.stringify(p.entity.plural)}: [`);
          for await (const chunk of createReadStream(p.path, { highWaterMark: 1 << 20 })) await dataset.write(chunk as Buffer);
          await dataset.write(p.records > 0 ? '\n]' : ']');
          await rm(p.path);
        }
        await dataset.write('\n}\n');
        const datasetDigest = await dataset.end();
        const total = parts.reduce((sum, p) => sum + p.records, 0);

        const metadataFile = dataFileName('metadata', target, 'json');
        const meta = new FileSink(join(target.dir, metadataFile));
        await meta.write(JSON.stringify(metadata, null, 2) + '\n');
        const metaDigest = await meta.end();
        return [
          { file: datasetFile, role: 'dataset_json', format: 'json', records: total, ...datasetDigest },
          { file: metadataFile, role: 'metadata_json', format: 'json', records: 0, ...metaDigest },
        ];
      },
      async abort() {
        for (const p of parts) await p.sink.destroy();
      },
    };
  },
};
