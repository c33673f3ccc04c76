import { join } from 'node:path';
import { type BatchCounts, type EncodedBatch, FileSink, type RecordBatch } from '../../engine/kit.js';

/** One output file of an exporter: its sink and how many records went in. */
export interface OpenFile {
  readonly file: string;
  readonly entity: string;
  readonly sink: FileSink;
  records: number;
}

/** Open one file per entry (in the snapshot folder), in the exporter's stream order. */
export function openFiles(dir: string, entries: readonly { file: string; entity: string }[]): OpenFile[] {
  return entries.map((e) => ({ file: e.file, entity: e.entity, sink: new FileSink(join(dir, e.file)), records: 0 }));
}

/**
 * Append stream i of an encoded batch to file i. `before(file, chunk)` may
 * trim a chunk (the dataset bundle drops the leading comma of its first record).
 * Returns a promise only when some file is behind.
 */
export function appendEncoded(files: readonly OpenFile[], encoded: EncodedBatch, counts: BatchCounts, before?: (file: OpenFile, chunk: Uint8Array) => Uint8Array): Promise<void> | undefined {
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    let chunk = encoded[i];
    if (chunk && chunk.length > 0) {
      if (before) chunk = before(f, chunk);
      const wait = f.sink.write(chunk);
      if (wait) (pending ??= []).push(wait);
    }
    f.records += counts[f.entity] ?? 0;
  }
  return pending ? Promise.all(pending).then(() => undefined) : undefined;
}

/** Records per entity of a batch. */
export function countsOf(batch: RecordBatch): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [entity, records] of Object.entries(batch)) counts[entity] = records.length;
  return counts;
}

/** Close every file after a failure. */
export async function destroyFiles(files: readonly OpenFile[]): Promise<void> {
  for (const f of files) await f.sink.destroy();
}
