/**
 * The hot path of the text exporters, shared by every format: a record's
 * line of text → bytes in pooled buffers, one stream per entity. Each format
 * says how a record becomes text (entity-files/csv.ts, entity-files/ndjson.ts,
 * json/json-exporter.ts); this file only moves the text into bytes.
 */
import { acquireBuffer, type BatchEncoder, type EncodedBatch, type EntityRecord, type ExportEntity, type RecordBatch, releaseBytes } from '../../engine/kit.js';

/** How one record becomes one line of text (without its line end). */
export type RecordLine = (record: EntityRecord) => string;

/**
 * A record's JSON text, exactly `JSON.stringify(record)`: what NDJSON lines
 * and the dataset bundle's records are. (A writer compiled per entity with
 * `new Function` was measured against it on whole runs and dropped:
 * bench/json-writer.ts, docs/exporters.md.)
 */
export const jsonLine: RecordLine = (record) => JSON.stringify(record);

/** Smallest buffer a builder starts a batch with. */
const MIN_BATCH_BYTES = 64 * 1024;

/**
 * Bytes of one output stream: text written straight into a pooled buffer
 * (engine/byte-pool.ts) sized from the previous batch; `take` hands the
 * batch's bytes out as a view and starts the next batch in another pooled
 * buffer; the file sink gives each back once written. No copy, and flat
 * memory: without the pool, each batch's buffer outlived the young-generation
 * GC and came back only with full GCs (51 MB of ArrayBuffers waiting,
 * measured; D28). Each chunk has an ArrayBuffer of its own, so workers
 * transfer it without a copy.
 */
export class ByteBuilder {
  private buf: Buffer & Utf8Writable = acquireBuffer(MIN_BATCH_BYTES) as Buffer & Utf8Writable;
  private pos = 0;

  text(value: string): void {
    if (this.pos + value.length * 3 > this.buf.length) this.grow(value.length * 3);
    this.pos += this.buf.utf8Write(value, this.pos);
  }

  byte(value: number): void {
    if (this.pos === this.buf.length) this.grow(1);
    this.buf[this.pos++] = value;
  }

  /** The bytes since the last take (a view of a buffer nothing else writes to). */
  take(): Uint8Array {
    if (this.pos === 0) return EMPTY;
    const out = this.buf.subarray(0, this.pos);
    this.buf = acquireBuffer(Math.max(MIN_BATCH_BYTES, this.pos + (this.pos >> 2))) as Buffer & Utf8Writable;
    this.pos = 0;
    return out;
  }

  private grow(extra: number): void {
    const next = acquireBuffer(Math.max(this.buf.length * 2, this.pos + extra)) as Buffer & Utf8Writable;
    this.buf.copy(next, 0, 0, this.pos);
    releaseBytes(this.buf);
    this.buf = next;
  }
}

/** Node's Buffer#utf8Write: Buffer#write without the argument juggling (hot path). */
interface Utf8Writable {
  utf8Write(text: string, offset: number): number;
}

const EMPTY = new Uint8Array(0);

/** Writes one record into a stream's bytes. */
export type RecordEmitter = (out: ByteBuilder, record: EntityRecord) => void;

/**
 * A BatchEncoder with one stream per entity (in the target's order), each
 * record written by the entity's emitter.
 */
export function perEntityEncoder(entities: readonly ExportEntity[], emitterFor: (entity: ExportEntity) => RecordEmitter): BatchEncoder {
  const names = entities.map((e) => e.name);
  const emitters = entities.map(emitterFor);
  const builders = entities.map(() => new ByteBuilder());
  return {
    add(batch) {
      for (let i = 0; i < names.length; i++) {
        const records = batch[names[i]!];
        if (!records) continue;
        const emit = emitters[i]!;
        const out = builders[i]!;
        for (let r = 0; r < records.length; r++) emit(out, records[r]!);
      }
    },
    take: () => builders.map((b) => b.take()),
  };
}

/** Encode one whole batch. */
export function encodeBatch(encoder: BatchEncoder, batch: RecordBatch): EncodedBatch {
  encoder.add(batch);
  return encoder.take();
}
