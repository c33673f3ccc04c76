/**
 * The write ceiling of `npm run bench` (issue 15): what this machine takes
 * to write and checksum the bytes of one `esdh run`, with nothing generated,
 * validated or encoded. The same files (one per given size), the same chunks
 * (each file's bytes of one batch of `batchUnits` units, in batch order, a
 * chunk to every file per batch, as the exporters hand them to the sinks),
 * through the same code: engine/lib/file-sink.ts (sha256 of every chunk, a
 * write stream with its high-water mark; awaiting only on backpressure).
 * The content is synthetic (printable ASCII): hashing and writing cost the
 * same whatever the bytes are. esdh's README, manifest and folder rename are
 * not in it (a few kB and one rename).
 *
 * Usage: node dist/bench/write-ceiling.js <outDir> <batchUnits> <units> <bytes of file 1> [<bytes of file 2> ...]
 * Prints JSON {bytes, files} when done; the caller times it from spawn to exit.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileSink } from '../engine/lib/file-sink.js';

/** A file's chunk plan: how many bytes per batch, and how many in all. */
interface ChunkPlan {
  readonly bytes: number;
  readonly chunkBytes: number;
}

/**
 * Per file, the bytes of one batch: the file's size spread evenly over the
 * run's batches (`ceil(units / batchUnits)` of them), the last one shorter.
 * @example
 * chunkPlans([1000, 10], 4, 10); // → [{ bytes: 1000, chunkBytes: 334 }, { bytes: 10, chunkBytes: 4 }]
 */
function chunkPlans(sizes: readonly number[], batchUnits: number, units: number): ChunkPlan[] {
  const batches = Math.max(1, Math.ceil(units / batchUnits));
  return sizes.map((bytes) => ({ bytes, chunkBytes: Math.max(1, Math.ceil(bytes / batches)) }));
}

/** A buffer of `bytes` printable ASCII bytes, lines of text ending in '\n'. */
function filler(bytes: number, seed: number): Buffer {
  const buffer = Buffer.allocUnsafe(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buffer[i] = i % 120 === 119 ? 0x0a : 0x20 + ((x >>> 16) % 95);
  }
  return buffer;
}

async function main(): Promise<void> {
  const [out, batchArg, unitsArg, ...sizeArgs] = process.argv.slice(2);
  const batchUnits = Number(batchArg);
  const units = Number(unitsArg);
  const sizes = sizeArgs.map(Number);
  if (!out || !(batchUnits >= 1) || !(units >= 1) || sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error('usage: write-ceiling.js <outDir> <batchUnits> <units> <bytes of file 1> [<bytes of file 2> ...]');
  }
  mkdirSync(out, { recursive: true });
  const plans = chunkPlans(sizes, batchUnits, units);
  const chunks = plans.map((p, i) => filler(Math.min(p.chunkBytes, p.bytes), i + 1));
  const sinks = plans.map((_, i) => new FileSink(join(out, `file-${i + 1}.data`)));
  const left = plans.map((p) => p.bytes);
  let pending = true;
  while (pending) {
    pending = false;
    let waits: Promise<void>[] | undefined;
    for (let i = 0; i < sinks.length; i++) {
      if (left[i]! === 0) continue;
      const chunk = chunks[i]!;
      const take = Math.min(chunk.length, left[i]!);
      left[i]! -= take;
      if (left[i]! > 0) pending = true;
      const wait = sinks[i]!.write(take === chunk.length ? chunk : chunk.subarray(0, take));
      if (wait) (waits ??= []).push(wait);
    }
    if (waits) await Promise.all(waits);
  }
  let bytes = 0;
  for (const sink of sinks) bytes += (await sink.end()).bytes;
  process.stdout.write(JSON.stringify({ bytes, files: sinks.length }) + '\n');
}

await main();
