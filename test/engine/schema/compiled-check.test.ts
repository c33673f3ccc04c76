/**
 * The compiled record check answers exactly as ajv does, for every
 * registered schema: on thousands of generated records per schema (valid
 * ones and mutated ones), on every record of the golden files and of a
 * generated baseline and book run. And the comparison itself can fail:
 * checks compiled from subtly wrong schemas, or with a wrong length or date
 * rule, are caught by the same generated records.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SchemaRegistry, describeViolation } from '../../../engine/schema/schema-registry.js';
import { compileCheck, type CheckRuntime, type RecordCheck } from '../../../engine/schema/compile-check.js';
import type { EntityRecord } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { packageRoot } from '../../helpers/package-root.js';
import { schemaArb } from './record-arbitrary.js';

const RUNS = 4000;
const registry = new SchemaRegistry().addFolder(join(packageRoot(), 'schemas'));
const runtime = registry.checkRuntime() as CheckRuntime;
/** The schemas every generated record goes through: each must have a compiled check, not ajv alone. */
const RECORD_SCHEMAS = ['person', 'vehicle', 'profile', 'account', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

type Schema = Record<string, unknown>;
const clone = (schema: Schema): Schema => structuredClone(schema);

/** fast-check's report of `check` against ajv's validator for `id` on the generated records of `schema`. */
function compare(check: RecordCheck, ajv: ValidateFunction, schema: Schema, seed: number, tally?: { valid: number; invalid: number }): fc.RunDetails<[unknown]> {
  return fc.check(fc.property(schemaArb(schema), (value) => {
    const expected = ajv(value);
    if (tally) tally[expected ? 'valid' : 'invalid']++;
    return check(value) === expected;
  }), { numRuns: RUNS, seed, endOnFailure: true });
}

function mustAgree(id: string, check: RecordCheck, values: readonly unknown[]): void {
  const ajv = registry.ajvValidator(id);
  for (const value of values) {
    const expected = ajv(value);
    expect(check(value), `${id}: ${JSON.stringify(value)}`).to.equal(expected);
    expect(expected, `${id}: a generated record is invalid: ${JSON.stringify(ajv.errors)}`).to.equal(true);
  }
}

describe('engine/schema compiled checks', () => {
  it('every record schema has a compiled check (none silently left to ajv alone)', () => {
    for (const id of RECORD_SCHEMAS) expect(registry.compiledCheck(id).unsupported, id).to.equal(null);
  });

  describe('agree with ajv on generated records, for every registered schema', () => {
    for (const id of registry.ids()) {
      it(`${id}: ${RUNS} records, valid and mutated`, () => {
        const compiled = registry.compiledCheck(id);
        if (compiled.check === null) {
          // No check: the registry's validator is ajv's own.
          expect(registry.validator(id)).to.equal(registry.ajvValidator(id));
          return;
        }
        const tally = { valid: 0, invalid: 0 };
        const report = compare(compiled.check, registry.ajvValidator(id), registry.schema(id), 15, tally);
        expect(report.failed, fc.defaultReportMessage(report) ?? '').to.equal(false);
        // The generator is worth something only when both answers come up often.
        expect(tally.valid, `${id}: valid records`).to.be.above(RUNS / 10);
        expect(tally.invalid, `${id}: invalid records`).to.be.above(RUNS / 5);
      });
    }
  });

  it('the registry validator answers as ajv and passes on ajv\'s errors, so messages read the same', () => {
    for (const id of RECORD_SCHEMAS) {
      const validate = registry.validator(id);
      const ajv = registry.ajvValidator(id);
      fc.assert(fc.property(schemaArb(registry.schema(id)), (value) => {
        const valid = validate(value);
        expect(valid).to.equal(ajv(value));
        expect(validate.errors).to.deep.equal(ajv.errors);
        if (!valid) expect(describeViolation(validate.errors)).to.deep.equal(describeViolation(ajv.errors));
      }), { numRuns: 500, seed: 3 });
    }
  });

  it('agree with ajv on every record of the golden files', () => {
    const dir = join(packageRoot(), 'test', 'golden');
    let count = 0;
    for (const entity of RECORD_SCHEMAS) {
      for (const file of readdirSync(join(dir, entity)).filter((f) => f.endsWith('.json'))) {
        const { records } = JSON.parse(readFileSync(join(dir, entity, file), 'utf8')) as { records: EntityRecord[] };
        mustAgree(entity, registry.compiledCheck(entity).check!, records);
        count += records.length;
      }
    }
    expect(count).to.be.above(100);
  });

  for (const profile of ['baseline', 'book']) {
    it(`agree with ajv on every record of a generated ${profile} run`, async () => {
      const engine = await newEngine();
      const seen = new Map<string, number>();
      for await (const unit of engine.units({ profile, records: profile === 'book' ? 60 : 400, seed: 42 })) {
        for (const [name, records] of Object.entries(unit)) {
          const id = engine.entity(name).schemaId;
          mustAgree(id, registry.compiledCheck(id).check!, records);
          seen.set(id, (seen.get(id) ?? 0) + records.length);
        }
      }
      expect([...seen.keys()].sort()).to.include.members(profile === 'book' ? ['account', 'claim', 'coverage', 'person', 'policy', 'vehicle'] : ['person', 'profile', 'vehicle']);
    });
  }

  describe('the comparison catches a wrong check', () => {
    const mutants: [string, string, (s: Schema) => void][] = [
      ['person', 'postal_code maxLength 11', (s) => { (s.properties as Record<string, Schema>).postal_code!.maxLength = 11; }],
      ['person', 'first_name without minLength', (s) => { delete (s.properties as Record<string, Schema>).first_name!.minLength; }],
      ['person', 'person_id without its uuid format', (s) => { delete (s.properties as Record<string, Schema>).person_id!.format; }],
      ['person', 'email without its pattern', (s) => { delete (s.properties as Record<string, Schema>).email!.pattern; }],
      ['person', 'no additionalProperties: false', (s) => { delete s.additionalProperties; }],
      ['person', 'email not required', (s) => { s.required = (s.required as string[]).filter((r) => r !== 'email'); }],
      ['person', 'address_line_2 not nullable', (s) => { (s.properties as Record<string, Schema>).address_line_2!.type = 'string'; }],
      ['person', 'phone pattern not anchored', (s) => { (s.properties as Record<string, Schema>).phone!.pattern = '\\d{3}-555-01\\d{2}'; }],
      ['person', 'no if/then/else', (s) => { delete s.if; delete s.then; delete s.else; }],
      ['vehicle', 'model_year maximum 2101', (s) => { (s.properties as Record<string, Schema>).model_year!.maximum = 2101; }],
      ['vehicle', 'model_year a number, not an integer', (s) => { (s.properties as Record<string, Schema>).model_year!.type = 'number'; }],
      ['profile', 'full_name minLength 2', (s) => { (s.properties as Record<string, Schema>).full_name!.minLength = 2; }],
      ['claim_transaction', 'no else branch', (s) => { delete s.else; }],
    ];
    for (const [id, change, apply] of mutants) {
      it(`${id} compiled with ${change}`, () => {
        const schema = clone(registry.schema(id));
        apply(schema);
        const wrong = compileCheck(schema, runtime).check!;
        const report = compare(wrong, registry.ajvValidator(id), registry.schema(id), 15);
        expect(report.failed, `not caught: ${change}`).to.equal(true);
      });
    }

    it('person compiled counting UTF-16 units instead of code points (surrogate pairs at the limits)', () => {
      const wrong = compileCheck(registry.schema('person'), { ...runtime, ucs2length: (text) => text.length }).check!;
      const report = compare(wrong, registry.ajvValidator('person'), registry.schema('person'), 15);
      expect(report.failed).to.equal(true);
    });

    it('person compiled with a date format that skips the calendar (2024-02-30)', () => {
      const digits = /^\d{4}-\d{2}-\d{2}$/;
      const wrong = compileCheck(registry.schema('person'), { ...runtime, format: (name) => (name === 'date' ? { type: 'string', test: (s: string) => digits.test(s) } : runtime.format(name)) }).check!;
      const report = compare(wrong, registry.ajvValidator('person'), registry.schema('person'), 15);
      expect(report.failed).to.equal(true);
    });

    it('person compiled with a uuid format that refuses upper case and urn:uuid: prefixes (ajv takes both)', () => {
      const wrong = compileCheck(registry.schema('person'), { ...runtime, format: (name) => (name === 'uuid' ? { type: 'string', test: (s: string) => /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(s) } : runtime.format(name)) }).check!;
      const report = compare(wrong, registry.ajvValidator('person'), registry.schema('person'), 15);
      expect(report.failed).to.equal(true);
    });
  });
});
