/**
 * The hot path of the text exporters: records → CSV lines and JSON lines →
 * bytes in pooled buffers.
 *
 * - `JsonLineWriter.line(record)` is exactly `JSON.stringify(record)`. A
 *   function compiled per entity writes the keys it saw first, in that order;
 *   a record whose own keys differ (order, extra, missing), or that holds
 *   something JSON.stringify treats specially (undefined, toJSON), falls back
 *   to JSON.stringify itself.
 * - `compileCsvLine(fields)(record)` is exactly what fast-csv's formatter wrote
 *   for the row `fields.map((f) => csvCell(record[f]))` (RFC 4180: a cell
 *   holding `"` is quoted with `""` escapes; one holding `,` `|` CR or LF is
 *   quoted; NUL characters are dropped), without a stream per file, a Buffer
 *   per row and three callbacks per record.
 *
 * Measured on freshly generated records (the real pipeline: generate, then
 * encode), per bundle of person + vehicle + profile, best of two: fast-csv's
 * format stream +7.0 µs, the compiled CSV line +2.5 µs; JSON.stringify
 * +4.5 µs, the compiled JSON line +4.1 µs; writing characters into the
 * buffer from JS one at a time was slower (+4.5 and +4.8 µs) and was dropped
 * (governance/DECISIONS_LOG.md, D27).
 */
import { acquireBuffer, type BatchEncoder, type EncodedBatch, type EntityRecord, type ExportEntity, type RecordBatch, releaseBytes } from '../../engine/kit.js';

/** One CSV cell: null → empty, objects/arrays → JSON text, the rest as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const CSV_SPECIAL = /[",\r\n|\0]/;
const NUL = /\0/g;
const QUOTE = /"/g;
const CSV_QUOTE_NEEDED = /[,\r\n|]/;

/** A cell as it goes into the file: quoted and escaped when it must be (fast-csv's rules). */
export function csvField(cell: string): string {
  if (!CSV_SPECIAL.test(cell)) return cell;
  const text = cell.indexOf('\0') === -1 ? cell : cell.replace(NUL, '');
  if (text.indexOf('"') !== -1) return `"${text.replace(QUOTE, '""')}"`;
  return CSV_QUOTE_NEEDED.test(text) ? `"${text}"` : text;
}

/** The header line of a CSV file (no line end). */
export function csvHeader(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Characters JSON.stringify does not copy verbatim: quote, backslash, controls, surrogates. */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(record)` for records shaped like the first one seen: keys
 * in a fixed order, values that are strings, numbers, booleans, null or plain
 * objects/arrays. Anything else takes JSON.stringify.
 *
 * Why strings and not bytes: writing characters into the buffer one at a
 * time from JS was measured slower on freshly generated records (their
 * template-built strings are ropes that charCodeAt must flatten first) than
 * building the line and letting Buffer#utf8Write flatten and encode it in C++
 * (D27).
 */
export class JsonLineWriter {
  private keys: readonly string[] | null = null;
  private compiled: LineFn | null = null;

  /** Write the record's JSON text (no line end). */
  write(out: ByteBuilder, record: EntityRecord): void {
    out.text(this.line(record));
  }

  /** The record's JSON text: exactly JSON.stringify(record). */
  line(record: EntityRecord): string {
    if (this.keys === null) this.learn(Object.keys(record));
    // Same keys in the same order (JSON.stringify's order). A plain object's
    // for-in walks exactly its own enumerable keys, in Object.keys order,
    // without allocating an array (the enum cache).
    if (Object.getPrototypeOf(record) !== Object.prototype) return JSON.stringify(record);
    const keys = this.keys!;
    let i = 0;
    for (const key in record) if (key !== keys[i++]) return JSON.stringify(record);
    if (i !== keys.length || typeof record.toJSON === 'function') return JSON.stringify(record);
    const line = this.compiled!(record);
    return line === undefined ? JSON.stringify(record) : line;
  }

  private learn(keys: readonly string[]): void {
    this.keys = keys.slice();
    // Each value: a string without special characters is copied between quotes;
    // numbers, booleans and null are written as JSON.stringify writes them;
    // objects go through JSON.stringify unless they have toJSON (then the whole
    // record does, so toJSON sees the key it would see). `undefined`, functions,
    // symbols and bigints make the function return undefined → JSON.stringify.
    const body: string[] = ['let s;', 'let v;'];
    keys.forEach((key, i) => {
      const prefix = JSON.stringify((i === 0 ? '{' : ',') + JSON.stringify(key) + ':');
      body.push(
        `v = r[${JSON.stringify(key)}];`,
        `if (typeof v === 'string') v = S.test(v) ? J(v) : '"' + v + '"';`,
        `else if (typeof v === 'number') v = Number.isFinite(v) ? '' + v : 'null';`,
        `else if (v === null) v = 'null';`,
        `else if (typeof v === 'boolean') v = v ? 'true' : 'false';`,
        `else if (typeof v === 'object' && typeof v.toJSON !== 'function') v = J(v);`,
        'else return undefined;',
        i === 0 ? `s = ${prefix} + v;` : `s += ${prefix} + v;`,
      );
    });
    body.push(keys.length === 0 ? "return '{}';" : "return s + '}';");
    this.compiled = new Function('S', 'J', `return function jsonLine(r) {\n${body.join('\n')}\n};`)(JSON_SPECIAL, JSON.stringify) as LineFn;
  }
}

/** The CSV row of a record for a fixed column list (no line end). */
export class CsvLineWriter {
  private readonly line: LineFn;

  constructor(fields: readonly string[]) {
    this.line = compileCsvLine(fields);
  }

  write(out: ByteBuilder, record: EntityRecord): void {
    out.text(this.line(record));
  }
}

type LineFn = (record: EntityRecord) => string;

/** `csvLine(record)`: the CSV row of a record for a fixed column list, as a string (no line end). */
export function compileCsvLine(fields: readonly string[]): LineFn {
  const body: string[] = ['let s;', 'let v;', 'let c;'];
  fields.forEach((field, i) => {
    body.push(
      `v = r[${JSON.stringify(field)}];`,
      "c = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? J(v) : String(v);",
      'if (Q.test(c)) c = F(c);',
      i === 0 ? 's = c;' : "s += ',' + c;",
    );
  });
  body.push(fields.length === 0 ? "return '';" : 'return s;');
  return new Function('Q', 'F', 'J', `return function csvLine(r) {\n${body.join('\n')}\n};`)(CSV_SPECIAL, csvField, JSON.stringify) as LineFn;
}

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
