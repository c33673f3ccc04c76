/**
 * Merging shards' copies of one entity's Parquet file: each copy is read
 * through its checked `bytes()` into a temporary file (Parquet is read from
 * its footer, so it needs the whole file), its row groups' cells are fed in
 * order into one new file with the first shard's columns, and the footer gets
 * the whole run's facts. Row groups are cut every ROW_GROUP_ROWS rows of the
 * merged file, as the unsharded run cuts them, so the bytes are that run's.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { esdhError, type MergeInput, type MergeOutput, type SnapshotContext } from '../../../engine/kit.js';
import { kindOfElement } from './parquet-columns.js';
import { ParquetFileWriter } from './parquet-file-writer.js';
import { fileMetadata } from './parquet-layout.js';
import { type ParquetFile, openParquet } from './parquet-reader.js';

function columnsText(file: ParquetFile): string {
  return JSON.stringify(file.columns);
}

/** The merge hook: the file the unsharded run would have written, from the shards' copies in unit order. */
export async function mergeParquet(inputs: readonly MergeInput[], out: MergeOutput, ctx: SnapshotContext): Promise<void> {
  const first = inputs[0];
  if (!first) return;
  const entity = first.artifact.entity;
  if (entity === undefined) throw esdhError('ESDH_ERR_SHARD_INVALID', first.dir, `${first.artifact.file} names no entity in the manifest, as every Parquet file of this exporter does`);
  const work = await mkdtemp(join(tmpdir(), 'esdh-parquet-merge-'));
  try {
    let writer: ParquetFileWriter | undefined;
    let layout: string | undefined;
    for (const [i, input] of inputs.entries()) {
      const path = join(work, `shard-${i}.parquet`);
      await pipeline(Readable.from(input.bytes()), createWriteStream(path));
      let file: ParquetFile;
      try {
        file = await openParquet(path);
      } catch (error) {
        throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} is ${(error as Error).message}`);
      }
      if (writer === undefined) {
        const unknown = file.columns.find((c) => kindOfElement(c) === undefined);
        if (unknown) throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} has a column this exporter does not write ('${unknown.name}')`);
        layout = columnsText(file);
        writer = new ParquetFileWriter(file.metadata.schema, (chunk) => out.write(chunk));
      } else if (columnsText(file) !== layout) {
        throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file} has other columns than the first shard's`);
      }
      const cells = writer.cells;
      try {
        for await (const group of file.rowGroups()) {
          for (let r = 0; r < group.rows; r++) {
            for (let c = 0; c < cells.length; c++) cells[c]!.push(group.columns[c]![r] ?? null);
            const wait = writer.rowAdded();
            if (wait) await wait;
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'ESDH_ERR_SHARD_INVALID') throw error;
        throw esdhError('ESDH_ERR_SHARD_INVALID', input.dir, `${input.artifact.file}: ${(error as Error).message}`);
      }
      await rm(path, { force: true });
    }
    await writer?.finish(fileMetadata(ctx.facts, entity));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
