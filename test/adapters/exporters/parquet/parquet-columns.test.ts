/**
 * The Parquet column plan (adapters/exporters/parquet/parquet-columns.ts):
 * which Parquet type each JSON Schema field gets, when a column is OPTIONAL,
 * and which values a column refuses (so a record never comes back as
 * something else than it went in).
 */
import { expect } from 'chai';
import type { ExportEntity } from '../../../../engine/index.js';
import { CellRefused, cellOf, parquetColumns, schemaElement, valueOf, kindOfElement } from '../../../../adapters/exporters/parquet/parquet-columns.js';

const THING: ExportEntity = {
  name: 'thing',
  plural: 'things',
  fields: ['id', 'born', 'year', 'term', 'count', 'big', 'weight', 'active', 'tags', 'either', 'note', 'extra', 'level'],
  schema: {
    type: 'object',
    required: ['id', 'born', 'year', 'term', 'count', 'big', 'weight', 'active', 'tags', 'either', 'note', 'level'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      born: { type: 'string', format: 'date' },
      year: { type: 'integer', minimum: 1981, maximum: 2100 },
      term: { type: 'integer', enum: [6, 12] },
      count: { type: 'integer', minimum: 0 },
      big: { type: 'integer', minimum: 0, maximum: 2 ** 40 },
      weight: { type: 'number' },
      active: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      either: { type: ['string', 'integer'] },
      note: { type: ['string', 'null'] },
      extra: { type: 'string' },
      level: { type: 'integer', exclusiveMinimum: -1, exclusiveMaximum: 100 },
    },
  },
};

function column(field: string) {
  const found = parquetColumns(THING).find((c) => c.field === field);
  if (!found) throw new Error(`no column ${field}`);
  return found;
}

function refusal(field: string, value: unknown): string {
  try {
    cellOf(column(field), value);
  } catch (error) {
    expect(error).to.be.instanceOf(CellRefused);
    return (error as Error).message;
  }
  throw new Error(`${field} took ${String(value)}`);
}

describe('Parquet columns from the JSON Schema', () => {
  it('types each field: STRING, DATE, INT32 when bounded within 32 bits, else INT64, DOUBLE, BOOLEAN, JSON; schema order', () => {
    const columns = parquetColumns(THING);
    expect(columns.map((c) => c.field)).to.deep.equal(THING.fields);
    expect(Object.fromEntries(columns.map((c) => [c.field, c.kind]))).to.deep.equal({
      id: 'string', born: 'date', year: 'int32', term: 'int32', count: 'int64', big: 'int64', weight: 'double', active: 'boolean', tags: 'json', either: 'json', note: 'string', extra: 'string', level: 'int32',
    });
  });

  it('is OPTIONAL where the field is not required or its type admits null, REQUIRED elsewhere', () => {
    const optional = parquetColumns(THING).filter((c) => c.optional).map((c) => c.field);
    expect(optional).to.deep.equal(['note', 'extra']);
    expect(column('note').nullable).to.equal(true);
    expect(column('extra').nullable).to.equal(false);
  });

  it('gives each kind its Parquet schema element, and reads the kind back from it', () => {
    expect(schemaElement(column('born'))).to.deep.equal({ name: 'born', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'REQUIRED' });
    expect(schemaElement(column('note'))).to.deep.equal({ name: 'note', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' });
    expect(schemaElement(column('count'))).to.deep.equal({ name: 'count', type: 'INT64', repetition_type: 'REQUIRED' });
    expect(schemaElement(column('tags'))).to.deep.equal({ name: 'tags', type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' }, repetition_type: 'REQUIRED' });
    for (const c of parquetColumns(THING)) expect(kindOfElement(schemaElement(c)), c.field).to.equal(c.kind);
    expect(kindOfElement({ name: 'x', type: 'INT96' })).to.equal(undefined);
  });

  it('turns values into cells and back: dates as day numbers, INT64 as bigint, null where the schema admits it, absent where not', () => {
    expect(cellOf(column('born'), '2025-11-01')).to.equal(20393);
    expect(valueOf('date', false, 20393)).to.equal('2025-11-01');
    expect(cellOf(column('count'), 2 ** 60)).to.equal(2n ** 60n);
    expect(valueOf('int64', false, 2n ** 60n)).to.equal(2 ** 60);
    expect(cellOf(column('tags'), ['a'])).to.deep.equal(['a']);
    expect(cellOf(column('note'), null)).to.equal(null);
    expect(cellOf(column('extra'), undefined)).to.equal(null);
    expect(valueOf('string', true, null)).to.equal(null);
    expect(valueOf('string', false, null)).to.equal(undefined);
  });

  it('refuses what a column cannot hold, naming the field, the value and what the column holds', () => {
    expect(refusal('born', '2025-02-30')).to.include("field 'born'").and.include('"2025-02-30"').and.include('calendar dates');
    expect(refusal('born', '2025-2-3')).to.include('calendar dates');
    expect(refusal('year', 2 ** 31)).to.include('INT32').and.include('2147483647');
    expect(refusal('count', 1e20)).to.include('INT64').and.include('100000000000000000000');
    expect(refusal('count', 1.5)).to.include('INT64');
    expect(refusal('id', 'a\ud800b')).to.include('well-formed');
    expect(refusal('id', 7)).to.include('STRING');
    expect(refusal('active', 'yes')).to.include('true or false');
    expect(refusal('weight', '1.5')).to.include('numbers');
    expect(refusal('id', undefined)).to.include('REQUIRED').and.include('absent');
    expect(refusal('extra', null)).to.include('admits none');
  });
});
