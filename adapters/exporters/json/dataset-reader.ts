import type { EntityRecord, ReadItem } from '../../../engine/kit.js';
import { fileLines } from '../line-reader.js';

/**
 * Records of the dataset bundle (`{metadata, persons: [...], ...}` laid out
 * as dataset-layout.ts writes it: one record per line), list by list,
 * without holding the file in memory. Lists of plurals not in
 * `entityOfPlural` are skipped.
 */
export async function* readDataset(path: string, entityOfPlural: ReadonlyMap<string, string>): AsyncGenerator<ReadItem> {
  let entity: string | undefined;
  for await (const { text, line } of fileLines(path)) {
    const list = /^"([a-z0-9_]+)": \[\]?$/.exec(text);
    if (list) {
      entity = entityOfPlural.get(list[1]!);
      continue;
    }
    if (text.startsWith('{"') && entity) {
      yield { kind: 'record', entity, record: JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text) as EntityRecord, line };
    }
  }
}
