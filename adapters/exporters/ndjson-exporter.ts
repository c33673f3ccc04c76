import { type Artifact, type BatchEncoder, dataFileName, type Exporter, type ExportSink, type ExportTarget, type RecordBatch } from '../../engine/kit.js';
import { appendEncoded, countsOf, destroyFiles, openFiles } from './file-set.js';
import { encodeBatch, JsonLineWriter, perEntityEncoder } from './text-codec.js';

/** `<plural>_v0_1.ndjson` per entity: one JSON record per line, for streaming consumers. */
export const ndjsonExporter: Exporter = {
  name: 'ndjson',
  description: 'One NDJSON file per entity (persons_v0_1.ndjson, ...), one record per line',
  encoder: ndjsonEncoder,
  async open(target: ExportTarget): Promise<ExportSink> {
    const encoder = ndjsonEncoder(target);
    const files = openFiles(target.dir, target.entities.map((e) => ({ file: dataFileName(e.plural, target, 'ndjson'), entity: e.name })));
    return {
      write: async (batch: RecordBatch) => appendEncoded(files, encodeBatch(encoder, batch), countsOf(batch)),
      writeEncoded: (encoded, counts) => appendEncoded(files, encoded, counts),
      async close(): Promise<Artifact[]> {
        const artifacts: Artifact[] = [];
        for (const f of files) {
          const digest = await f.sink.end();
          artifacts.push({ file: f.file, role: `${target.entities.find((e) => e.name === f.entity)!.plural}_ndjson`, format: 'ndjson', entity: f.entity, records: f.records, ...digest });
        }
        return artifacts;
      },
      abort: () => destroyFiles(files),
    };
  },
};

/** One stream per entity: `JSON.stringify(record) + '\n'` per record. */
function ndjsonEncoder(target: Omit<ExportTarget, 'dir'>): BatchEncoder {
  return perEntityEncoder(target.entities, () => {
    const json = new JsonLineWriter();
    return (out, record) => {
      json.write(out, record);
      out.byte(10);
    };
  });
}
