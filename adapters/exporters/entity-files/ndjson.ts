/**
 * The NDJSON encoding: `<plural>_v0_1.ndjson` per entity, one JSON record
 * (`JSON.stringify(record)`) per line, for streaming consumers. No header.
 */
import type { ExportEntity, ReadItem } from '../../../engine/kit.js';
import { fileLines } from '../line-reader.js';
import { jsonLine } from '../text-codec.js';
import type { EntityFileEncoding } from './encoding.js';

/** Records of one NDJSON file, in order; blank lines are skipped. */
export async function* readNdjson(path: string, entity: ExportEntity): AsyncGenerator<ReadItem> {
  for await (const { text, line } of fileLines(path)) {
    if (text.length === 0) continue;
    yield { kind: 'record', entity: entity.name, record: JSON.parse(text) as Record<string, unknown>, line };
  }
}

/** NDJSON: one JSON record per line. */
export const ndjsonEncoding: EntityFileEncoding = {
  format: 'ndjson',
  extension: 'ndjson',
  description: 'One NDJSON file per entity (persons_v0_1.ndjson, ...), one record per line',
  readmeNote: 'one JSON record per line',
  readFidelity: 'exact',
  line: () => jsonLine,
  read: readNdjson,
};
