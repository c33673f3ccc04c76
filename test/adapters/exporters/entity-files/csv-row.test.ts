/**
 * The CSV row writer that fills the batch's bytes directly (compileCsvRow)
 * must write exactly the UTF-8 of the row string compileCsvLine makes (the
 * reference, itself checked against fast-csv in test/engine/workers-codec.test.ts),
 * for any value: text that must be quoted, escaped or stripped of NUL,
 * non-ASCII and lone surrogates, whole numbers at the edges of the digit
 * path, other numbers, booleans, null, undefined, objects and arrays, rows
 * that cross the builder's buffer size.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { compileCsvLine, compileCsvRow } from '../../../../adapters/exporters/entity-files/csv.js';
import { ByteBuilder } from '../../../../adapters/exporters/text-codec.js';
import type { EntityRecord } from '../../../../engine/index.js';

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '|', '\n', '\r', '\0', '\t', '\\', 'é', '\u0001', '\u007f', '\u0080', '😀', '\ud800', '\udc00', '\u2028') }),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31), max: -(2 ** 31) + 3 }),
  fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }),
  fc.constantFrom(0, -0, 9, 10, 99, 100, -1, -10, 2 ** 53, -(2 ** 53), 1e21, 1e-7, 0.1 + 0.2, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double(),
);
const value = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.oneof(fc.integer(), text), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), text, { maxKeys: 2 }));

function written(fields: readonly string[], records: readonly EntityRecord[]): Buffer {
  const row = compileCsvRow(fields);
  const out = new ByteBuilder();
  for (const r of records) row(out, r);
  return Buffer.from(out.take());
}

function expected(fields: readonly string[], records: readonly EntityRecord[]): Buffer {
  const line = compileCsvLine(fields);
  return Buffer.from(records.map((r) => line(r) + '\n').join(''), 'utf8');
}

describe('compileCsvRow: the CSV row straight into bytes', () => {
  it('writes the same bytes as compileCsvLine + line end, for any values', () => {
    const fields = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(fc.array(fc.record({ a: value, b: text, c: number, d: value, e: value }, { requiredKeys: [] }), { minLength: 1, maxLength: 10 }), (records) => {
        const got = written(fields, records as EntityRecord[]);
        const want = expected(fields, records as EntityRecord[]);
        expect(got.equals(want), JSON.stringify(records)).to.equal(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes the same bytes when rows cross the builder buffer (long cells, many rows)', () => {
    const fields = ['id', 'long', 'n'];
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.uuid(), long: fc.oneof(fc.string({ minLength: 20000, maxLength: 70000 }), fc.string({ unit: fc.constantFrom('a', 'é', '"', ','), minLength: 20000, maxLength: 40000 })), n: number }), { minLength: 1, maxLength: 12 }), (records) => {
        expect(written(fields, records).equals(expected(fields, records))).to.equal(true);
      }),
      { numRuns: 30 },
    );
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `id-${i}`, long: 'x'.repeat(i % 97), n: i * 37 - 1000 }));
    expect(written(fields, many).equals(expected(fields, many))).to.equal(true);
  });

  it('writes a line end alone for a record without the fields, and for no fields', () => {
    expect(written(['a', 'b'], [{}]).toString('utf8')).to.equal(',\n');
    expect(written([], [{ a: 1 }, { a: 2 }]).toString('utf8')).to.equal('\n\n');
  });
});
