import { join } from 'node:path';
import { dataFileName, type Artifact, type Exporter, type ExportSink, type ExportTarget, type RecordBatch } from '../../engine/exporter.js';
import { FileSink } from '../../engine/file-sink.js';

/** `<plural>_v0_1.ndjson` per entity: one JSON record per line, for streaming consumers. */
export const ndjsonExporter: Exporter = {
  name: 'ndjson',
  description: 'One NDJSON file per entity (persons_v0_1.ndjson, ...), one record per line',
  async open(target: ExportTarget): Promise<ExportSink> {
    const files = target.entities.map((entity) => {
      const file = dataFileName(entity.plural, target, 'ndjson');
      return { entity, file, sink: new FileSink(join(target.dir, file)), records: 0 };
    });
    return {
      async write(batch: RecordBatch) {
        for (const f of files) {
          const records = batch[f.entity.name];
          if (!records || records.length === 0) continue;
          let text = '';
          for (const record of records) text += JSON.stringify(record) + '\n';
          f.records += records.length;
          await f.sink.write(text);
        }
      },
      async close(): Promise<Artifact[]> {
        const artifacts: Artifact[] = [];
        for (const f of files) {
          const digest = await f.sink.end();
          artifacts.push({ file: f.file, role: `${f.entity.plural}_ndjson`, format: 'ndjson', entity: f.entity.name, records: f.records, ...digest });
        }
        return artifacts;
      },
      async abort() {
        for (const f of files) await f.sink.destroy();
      },
    };
  },
};
