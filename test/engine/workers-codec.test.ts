/**
 * The encoders that run in worker threads (adapters/exporters/text-codec.ts
 * and each format's line writer) must write exactly what the exporters wrote
 * before them: JSON lines equal to JSON.stringify, CSV rows equal to
 * fast-csv's formatter (which the CSV exporter used until D21), for any
 * value, not only the ones plugins make.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { format } from 'fast-csv';
import { ByteBuilder, encodeBatch } from '../../adapters/exporters/text-codec.js';
import { csvCell } from '../../adapters/exporters/entity-files/csv-cells.js';
import { compileCsvLine, csvHeader } from '../../adapters/exporters/entity-files/csv.js';
import { csvExporter, jsonExporter, ndjsonExporter } from '../../adapters/exporters/index.js';
import type { EntityRecord, ExportTarget } from '../../engine/index.js';

/** What fast-csv's format stream wrote for these rows (header first, `\n` after every row). */
function fastCsv(fields: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = format<string[], string[]>({ headers: [...fields], writeHeaders: true, includeEndRowDelimiter: true });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    for (const row of rows) stream.write([...row]);
    stream.end();
  });
}

const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '|', '\n', '\r', '\0', '\\', 'é', '\u0001', '😀', '\ud800', 'x') }),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);
const value = fc.oneof(tricky, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));

describe('worker encoders: exact bytes of the exporters', () => {
  it('CSV rows equal fast-csv output for any cell text (quotes, commas, |, CR/LF, NUL, non-ASCII)', async () => {
    const fields = ['a', 'b', 'c', 'd'];
    const line = compileCsvLine(fields);
    const target: ExportTarget = { dir: '', fileSuffix: 'v0_1', entities: [{ name: 'row', plural: 'rows', fields, schema: {} }] };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ a: value, b: value, c: tricky, d: value }, { requiredKeys: [] }), { minLength: 1, maxLength: 8 }), async (records) => {
        const expected = await fastCsv(fields, records.map((r) => fields.map((f) => csvCell((r as EntityRecord)[f]))));
        // The string form (the fallback) and the byte writer (the hot path) both.
        const asText = csvHeader(fields) + '\n' + records.map((r) => line(r as EntityRecord) + '\n').join('');
        expect(Buffer.from(asText, 'utf8').equals(expected), JSON.stringify(asText)).to.equal(true);
        const rows = encodeBatch(csvExporter.encoder!(target), { row: records as EntityRecord[] })[0]!;
        const bytes = Buffer.concat([Buffer.from(csvHeader(fields) + '\n', 'utf8'), rows]);
        expect(bytes.equals(expected), bytes.toString('utf8')).to.equal(true);
      }),
      { numRuns: 300 },
    );
  });

  it('CSV header cells are quoted by the same rules', async () => {
    const fields = ['plain', 'with,comma', 'with"quote', 'pipe|d'];
    expect(csvHeader(fields) + '\n' + compileCsvLine(fields)({ plain: 1 }) + '\n').to.equal((await fastCsv(fields, [['1', '', '', '']])).toString('utf8'));
  });

  it('NDJSON lines equal JSON.stringify for any record: key order, undefined, nested, toJSON, special numbers, lone surrogates', () => {
    const target: ExportTarget = { dir: '', fileSuffix: 'v0_1', entities: [{ name: 'thing', plural: 'things', fields: ['id', 'n', 'ok', 'none'], schema: {} }] };
    const encoder = ndjsonExporter.encoder!(target);
    const bytesOf = (r: EntityRecord) => Buffer.from(encodeBatch(encoder, { thing: [r] })[0]!);
    const same = (r: EntityRecord): void => {
      expect(bytesOf(r).equals(Buffer.from(JSON.stringify(r) + '\n', 'utf8')), JSON.stringify(r)?.slice(0, 200)).to.equal(true);
    };
    // The first record fixes the compiled key order; later ones differ on purpose.
    expect(bytesOf({ id: 'x', n: 1, ok: true, none: null }).toString()).to.equal('{"id":"x","n":1,"ok":true,"none":null}\n');
    fc.assert(
      fc.property(fc.record({ id: value, n: value, ok: value, none: value }, { requiredKeys: [] }), fc.boolean(), (record, shuffle) => {
        same((shuffle ? Object.fromEntries(Object.entries(record).reverse()) : record) as EntityRecord);
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.record({ id: tricky, n: tricky, ok: tricky, none: tricky }), (record) => same(record as EntityRecord)), { numRuns: 2000 });
    const special: EntityRecord[] = [
      { id: -0, n: NaN, ok: Infinity, none: -Infinity },
      { id: new Date(0), n: { toJSON: (key: string) => `key:${key}` }, ok: [1, 'a'], none: { a: undefined } },
      { id: () => 1, n: Symbol('s'), ok: undefined, none: 'a"b\\c\u2028\ud83d' },
      Object.assign(Object.create({ inherited: 1 }), { id: 1, n: 2, ok: 3, none: 4 }),
      { toJSON: () => 'whole' } as unknown as EntityRecord,
    ];
    for (const r of special) same(r);
    // A value longer than a slab's free room takes the general path, same bytes.
    same({ id: 'y'.repeat(3_000_000), n: 1, ok: false, none: null });
  });

  it('ByteBuilder hands out exact UTF-8 bytes across slab boundaries', () => {
    const builder = new ByteBuilder();
    const texts: string[] = [];
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 5000; i++) {
      const text = `${i}:${'é😀x'.repeat(i % 300)}`;
      texts.push(text);
      builder.text(text);
      builder.byte(10);
      if (i % 97 === 0) chunks.push(builder.take());
    }
    chunks.push(builder.take());
    expect(Buffer.concat(chunks).toString('utf8')).to.equal(texts.map((t) => t + '\n').join(''));
    expect(builder.take().length).to.equal(0);
  });

  it('the built-in exporters\' encoders make the same bytes per batch in any split (what workers rely on)', () => {
    const entities = [{ name: 'thing', plural: 'things', fields: ['id', 'label', 'size'], schema: {} }];
    const target: ExportTarget = { dir: '', fileSuffix: 'v0_1', entities };
    const records: EntityRecord[] = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, label: i % 7 === 0 ? 'a,"b"' : `label ${i}`, size: i }));
    for (const exporter of [csvExporter, jsonExporter, ndjsonExporter]) {
      const whole = Buffer.concat(encodeBatch(exporter.encoder!(target), { thing: records }).map((c) => Buffer.from(c)));
      const split = exporter.encoder!(target);
      const parts: Buffer[] = [];
      for (let i = 0; i < records.length; i += 7) parts.push(...encodeBatch(split, { thing: records.slice(i, i + 7) }).map((c) => Buffer.from(c)));
      expect(Buffer.concat(parts).equals(whole), exporter.name).to.equal(true);
    }
  });
});
