/**
 * The COPY text codec and the schema-name check, without a server: a record
 * survives encode → decode for any text (tabs, line breaks, backslashes,
 * `\N`, non-ASCII), numbers, booleans and JSON; cells are escaped as
 * PostgreSQL reads them; names that could break out of an identifier are refused.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { CopyLineDecoder, CopyLineEncoder, unescapeCell } from '../../../../adapters/exporters/postgres/copy-text.js';
import { checkSchemaName } from '../../../../adapters/exporters/postgres/index.js';
import type { EntityRecord, ExportEntity } from '../../../../engine/index.js';
import { expectEsdhError } from '../../../helpers/errors.js';

const THING: ExportEntity = {
  name: 'thing',
  plural: 'things',
  fields: ['id', 'n', 'x', 'ok', 'meta', 'note'],
  schema: {
    type: 'object',
    required: ['id', 'n', 'x', 'ok'],
    properties: { id: { type: 'string' }, n: { type: 'integer' }, x: { type: 'number' }, ok: { type: 'boolean' }, meta: { type: 'object' }, note: { type: ['string', 'null'] } },
  },
};

/** Text PostgreSQL can hold (no NUL), from the whole of Unicode and the characters COPY escapes. */
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', 'a', 'é') })).filter((s) => !s.includes('\0'));

describe('PostgreSQL COPY text codec', () => {
  const encoder = new CopyLineEncoder(THING);
  const decoder = new CopyLineDecoder(THING);

  it('decode(encode(record)) is the record, for any values the schema allows', () => {
    fc.assert(
      fc.property(
        fc.record({ id: text, n: fc.maxSafeInteger(), x: fc.double({ noNaN: true, noDefaultInfinity: true }), ok: fc.boolean(), meta: fc.option(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean())), { nil: undefined }), note: fc.option(text, { nil: null }) }),
        (record) => {
          const clean: EntityRecord = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
          if (Object.is(clean.x, -0)) clean.x = 0; // -0 is written as 0, as JSON writes it
          const line = encoder.line(clean);
          expect(line.endsWith('\n')).to.equal(true);
          expect(line.slice(0, -1)).to.not.include('\n');
          expect(decoder.record(line.slice(0, -1))).to.deep.equal(clean);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes cells as PostgreSQL reads them: escapes, t/f, \\N, JSON text', () => {
    expect(encoder.line({ id: 'a\tb\\c\nd\re', n: 7, x: 0.5, ok: false, meta: { k: 'v\t' }, note: null })).to.equal('a\\tb\\\\c\\nd\\re\t7\t0.5\tf\t{"k":"v\\\\t"}\t\\N\n');
    expect(encoder.line({ id: '\\N', n: 1, x: 1, ok: true })).to.equal('\\\\N\t1\t1\tt\t\\N\t\\N\n');
  });

  it('reads every escape COPY TO writes, and octal and hex ones', () => {
    expect(unescapeCell('\\b\\f\\n\\r\\t\\v\\\\\\101\\x41')).to.equal('\b\f\n\r\t\v\\AA');
    expect(decoder.record('x\t1\t2\tt\t\\N\t\\N')).to.deep.equal({ id: 'x', n: 1, x: 2, ok: true, note: null });
    expect(() => decoder.record('x\t1')).to.throw('a COPY row of things has 2 cells, the schema 6 fields');
  });
});

describe('PostgreSQL schema names', () => {
  it('accepts plain lower-case identifiers, public by default', () => {
    expect(checkSchemaName(undefined)).to.equal('public');
    for (const name of ['qa', '_x', 'qa_run_7', 'a'.repeat(63)]) expect(checkSchemaName(name)).to.equal(name);
  });

  it('refuses anything that could leave an identifier, case that PostgreSQL would fold, reserved prefixes, too long', async () => {
    for (const name of ['x"y', 'x; DROP TABLE y', 'Mixed', 'with space', '1abc', 'a-b', 'pg_catalog', 'pg_x', 'information_schema', 'a'.repeat(64), '', 'é']) {
      const error = await expectEsdhError(() => checkSchemaName(name), 'ESDH_ERR_DB_SCHEMA_NAME_INVALID');
      expect(error.message, name).to.include('Accepted: lower-case letters, digits and _');
    }
  });
});
