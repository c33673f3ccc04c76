/**
 * compileCheck keyword by keyword, on small schemas the registered ones do
 * not use (or use only one way): each compared with ajv on generated values
 * and on hand-picked edge cases; keywords it does not know leave the schema
 * to ajv; ajv options that change ajv's answers allow no check at all.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SchemaRegistry } from '../../../engine/schema/schema-registry.js';
import { compileCheck } from '../../../engine/schema/compile-check.js';
import { checkRuntime } from '../../../engine/schema/fast-validator.js';
import { addFastFormats } from '../../../engine/schema/fast-formats.js';
import { schemaArb } from './record-arbitrary.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
/** The registry's ajv without strict mode, so schemas strict mode refuses (keywords without a type, if alone) are compared too. */
const loose = new Ajv({ allErrors: false, strict: false, strictNumbers: true, allowUnionTypes: true });
addFormats(loose);
addFastFormats(loose);
const looseRuntime = checkRuntime(loose);

const EDGES: unknown[] = [null, undefined, 0, -0, 1, 2, -1, 1.5, 5, 10, 11, NaN, Infinity, -Infinity, '', 'a', 'ab', '\uD83D\uDE00', '\uD83D\uDE00\uD83D\uDE00', '\uD800', 'abc',
  true, false, [], [1], ['a', 'b'], ['a', 1], {}, { a: 1 }, { a: 'x', b: 2 }, { a: 'x', extra: true }, { b: null }, Object.create({ a: 1 }) as unknown, '2024-02-29', '2024-02-30', '2c12747b-f79f-40be-9407-9916be36b889'];

const SCHEMAS: Record<string, Record<string, unknown>> = {
  'number without type (Infinity, NaN skip minimum)': { minimum: 1, maximum: 10 },
  'exclusive limits': { type: 'number', exclusiveMinimum: 1, exclusiveMaximum: 10 },
  'integer or string with both kinds of keyword': { type: ['integer', 'string'], minimum: 2, maxLength: 1, pattern: '^[a-z]*$' },
  'string lengths in code points': { type: 'string', minLength: 2, maxLength: 3 },
  'format without type': { format: 'date' },
  'number format (int32)': { type: 'number', format: 'int32' },
  'enum of mixed values': { enum: [1, 'a', null, true, 0] },
  'long enum (a Set)': { enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 0] },
  'const number': { const: 0 },
  'object: required not in properties, additional schema, property counts': {
    type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'b'], additionalProperties: { type: ['integer', 'null'] }, minProperties: 2, maxProperties: 3,
  },
  'object keywords without type': { properties: { a: { type: 'string' } }, required: ['a'] },
  'no properties, additionalProperties false': { type: 'object', additionalProperties: false },
  'array items and counts': { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 2 },
  'allOf anyOf oneOf not': { allOf: [{ type: ['string', 'number'] }], anyOf: [{ type: 'string' }, { minimum: 3 }], oneOf: [{ maxLength: 1 }, { type: 'number' }], not: { const: 'b' } },
  'if then, no else': { if: { type: 'string' }, then: { minLength: 2 } },
  'if alone (ignored)': { if: { type: 'string' } },
  'boolean subschemas': { type: 'object', properties: { a: false, b: true }, additionalProperties: false },
};

describe('engine/schema compileCheck', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`agrees with ajv: ${name}`, () => {
      if (typeof looseRuntime === 'string') throw new Error(looseRuntime);
      const compiled = compileCheck(schema, looseRuntime);
      expect(compiled.unsupported).to.equal(null);
      const check = compiled.check!;
      const ajv = loose.compile(schema);
      for (const value of EDGES) expect(check(value), `${JSON.stringify(value)}`).to.equal(ajv(value));
      fc.assert(fc.property(fc.oneof(schemaArb(schema), fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true })), (value) => check(value) === ajv(value)), { numRuns: 2000, seed: 7 });
    });
  }

  it('counts a surrogate pair as one character and a lone surrogate as one, as ajv does', () => {
    const registry = new SchemaRegistry().add('s', { type: 'string', maxLength: 2, minLength: 2 });
    const check = registry.compiledCheck('s').check!;
    expect(check('\uD83D\uDE00\uD83D\uDE00')).to.equal(true);
    expect(check('\uD83D\uDE00\uD83D\uDE00a')).to.equal(false);
    expect(check('\uD83Da')).to.equal(true);
    expect(check('\uD83D\uDE00')).to.equal(false);
  });

  for (const [keyword, schema] of [
    ['$ref', { definitions: { a: { type: 'string' } }, $ref: '#/definitions/a' }],
    ['uniqueItems', { type: 'array', uniqueItems: true }],
    ['patternProperties', { type: 'object', patternProperties: { '^a': { type: 'string' } } }],
    ['multipleOf', { type: 'number', multipleOf: 0.1 }],
    ['propertyNames', { type: 'object', propertyNames: { maxLength: 2 } }],
    ['tuple items', { type: 'array', items: [{ type: 'string' }] }],
    ['const object', { const: { a: 1 } }],
    ['contains', { type: 'array', contains: { type: 'string' } }],
  ] as const) {
    it(`leaves a schema with ${keyword} to ajv alone`, () => {
      if (typeof looseRuntime === 'string') throw new Error(looseRuntime);
      expect(compileCheck(schema, looseRuntime).unsupported).to.be.a('string');
    });
  }

  it('allows no check under ajv options that change ajv\'s answers', () => {
    for (const options of [{ coerceTypes: true }, { useDefaults: true }, { removeAdditional: true }, { unicodeRegExp: false }, { validateFormats: false }, { ownProperties: true }] as const) {
      expect(checkRuntime(new Ajv(options)), JSON.stringify(options)).to.be.a('string');
    }
    expect(checkRuntime(new Ajv())).to.be.an('object');
  });

  it('the registry keeps ajv alone for a schema without a check', () => {
    const registry = new SchemaRegistry().add('s', { type: 'array', uniqueItems: true });
    expect(registry.compiledCheck('s').unsupported).to.match(/uniqueItems/);
    expect(registry.validator('s')).to.equal(registry.ajvValidator('s'));
  });

  it('an unknown format leaves the schema to ajv', () => {
    const runtime = checkRuntime(new Ajv());
    if (typeof runtime === 'string') throw new Error(runtime);
    expect(compileCheck({ type: 'string', format: 'uuid' }, runtime).unsupported).to.match(/uuid unknown/);
  });
});
