/**
 * The CSV writer skips the quoting scan of a cell only where the entity's
 * schema admits no special character (csv-safe-fields.ts) and only for
 * validated records: the judgement must never call a field safe that a
 * valid record could fill with `"` `,` `|` CR LF or NUL, and a run without
 * validation must scan every cell as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { csvField } from '../../../adapters/exporters/entity-files/csv-cells.js';
import { csvSafeFields, isSafeProperty, patternIsSafe } from '../../../adapters/exporters/entity-files/csv-safe-fields.js';
import { csvExporter } from '../../../adapters/exporters/index.js';
import { encodeBatch } from '../../../adapters/exporters/text-codec.js';
import type { EntityRecord, EntityUnit, ExportEntity, JsonSchema } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readPackageJson } from '../../helpers/package-root.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../../helpers/test-plugins.js';

const SPECIAL = /[",\r\n|\0]/;
const ENTITY_SCHEMAS = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

/** Every pattern of the package's entity schemas. */
function packagePatterns(): string[] {
  const patterns: string[] = [];
  for (const name of ENTITY_SCHEMAS) {
    const schema = readPackageJson<JsonSchema>(`schemas/${name}.schema.json`);
    for (const property of Object.values((schema.properties ?? {}) as Record<string, { pattern?: string }>)) if (property.pattern) patterns.push(property.pattern);
  }
  return [...new Set(patterns)];
}

describe('CSV cells that need no quoting scan (csv-safe-fields.ts)', () => {
  const tempDir = useTempDirs('esdh-csv-safe-');

  it('judges the person schema field by field: ids, dates, codes and enums safe; names, addresses, e-mail and the marker scanned', () => {
    const schema = readPackageJson<JsonSchema>('schemas/person.schema.json');
    const safe = csvSafeFields(schema);
    const scanned = Object.keys(schema.properties as object).filter((f) => !safe.has(f));
    expect(scanned).to.deep.equal(['first_name', 'last_name', 'address_line_1', 'address_line_2', 'city', 'postal_code', 'synthetic_source', 'email']);
  });

  it('every string a pattern judged safe matches holds no special character (fast-check, the package patterns and more)', () => {
    const extra = ['^[A-Z]{2}$', '^\\d{3}-555-01\\d{2}$', '^[a-z0-9._-]+$', '^\\w*\\.\\d+$', '^[ -!#-+\\--{}~]{0,9}$', '^$', '^x?y*z+$', '^[\\w.]{1,}?$'];
    const safe = [...packagePatterns(), ...extra].filter(patternIsSafe);
    expect(safe).to.include.members(['^[A-HJ-NPR-Z0-9]{17}$', '^[A-Z]{2}$', '^\\d{3}-555-01\\d{2}$', '^[ -!#-+\\--{}~]{0,9}$']);
    for (const pattern of safe) {
      fc.assert(fc.property(fc.stringMatching(new RegExp(pattern, 'u')), (text) => {
        expect(new RegExp(pattern, 'u').test(text)).to.equal(true);
        expect(SPECIAL.test(text), `${pattern} matched ${JSON.stringify(text)}`).to.equal(false);
        expect(csvField(text)).to.equal(text);
      }), { numRuns: 200 });
    }
  });

  it('calls unsafe every pattern it cannot prove, including ones that do match special characters', () => {
    // [pattern, a string it matches that CSV must quote or clean, or null when the pattern is only beyond the analysis]
    const cases: [string, string | null][] = [
      ['^[ -~]+$', 'a,b'], // a range spanning , " and |
      ['^[+-/]$', ','], // 43-47 holds the comma
      ['^[^a]+$', '"'], // negated class
      ['^.+$', '|'], // any character
      ['^\\s*$', '\r\n'], // white space holds CR and LF
      ['^\\D+$', ','],
      ['^(a|,)$', ','], // groups and alternation are not analysed
      ['^a|b,$', 'b,'], // alternation splits the anchors
      ['^\\x2C$', ','], // escapes of code points are not analysed
      ['^\\u002C$', ','],
      ['^\\p{L}+$', null],
      ['[A-Z]{2}', 'AB,'], // not anchored at both ends
      ['^[A-Z]{2}', 'AB,'],
      ['[A-Z]{2}$', ',AB'],
      ['^a\\$', null],
      ['^[a\\s]$', '\n'],
      ['^a{2,x}$', null],
    ];
    for (const [pattern, example] of cases) {
      expect(patternIsSafe(pattern), pattern).to.equal(false);
      if (example !== null) expect(new RegExp(pattern, 'u').test(example) && SPECIAL.test(example), `${pattern} should match ${JSON.stringify(example)}`).to.equal(true);
    }
  });

  it('enums and consts of safe scalars, uuid and date formats and non-string types are safe; email, date-time, untyped or free text are not', () => {
    const safe: object[] = [
      { type: 'string', enum: ['Low', 'Medium', 'High'] },
      { type: ['string', 'null'], enum: ['A', 'B', null] },
      { const: 'US' },
      { enum: [1, 2.5, true, null] },
      { type: 'string', format: 'uuid' },
      { type: ['string', 'null'], format: 'date' },
      { type: 'integer', minimum: 0 },
      { type: ['number', 'null'] },
      { type: 'boolean' },
    ];
    const unsafe: object[] = [
      { type: 'string', enum: ['a', 'b,c'] },
      { enum: [{ a: 1 }] },
      { const: 'say "hi"' },
      { type: 'string', format: 'email' },
      { type: 'string', format: 'date-time' },
      { format: 'uuid' }, // no type: an object would pass the format and be written as JSON
      { type: ['string', 'object'], format: 'uuid' },
      { type: 'string', minLength: 1 },
      { type: 'object' },
      { type: 'array', items: { type: 'integer' } },
      {},
      { pattern: '^[A-Z]$' }, // no type
    ];
    for (const p of safe) expect(isSafeProperty(p), JSON.stringify(p)).to.equal(true);
    for (const p of unsafe) expect(isSafeProperty(p), JSON.stringify(p)).to.equal(false);
  });

  it('validated records of every built-in entity give the same CSV bytes with and without the scan', async () => {
    const engine = await newEngine();
    const units: EntityUnit[] = [];
    for await (const unit of engine.units({ profile: 'book', records: 60, seed: 9 })) units.push(unit);
    const entities: ExportEntity[] = engine.registry.order(Object.keys(units[0]!)).map((p) => ({ name: p.name, plural: p.plural, fields: engine.schemas.fields(p.schemaId), schema: engine.schemas.schema(p.schemaId) }));
    const batch = Object.fromEntries(entities.map((e) => [e.name, units.flatMap((u) => u[e.name] ?? [])]));
    const bytes = (validated: boolean) => encodeBatch(csvExporter.encoder!({ dir: '', fileSuffix: 'v0_1', entities, validated }), batch).map((b) => Buffer.from(b).toString('utf8'));
    const scanned = bytes(false);
    expect(bytes(true)).to.deep.equal(scanned);
    expect(scanned.every((text) => text.length > 0)).to.equal(true);
  });

  it('a run without validation scans every cell: a uuid field holding a comma is quoted; with validation the record is refused', async () => {
    const generate = (ctx: Parameters<typeof widgetRecord>[0]) => ({ ...widgetRecord(ctx), widget_id: 'not,a "uuid"' });
    const schemaDirs = [writeSchema(tempDir())];
    const loose = await newEngine({ plugins: [widgetPlugin({ generate })], schemaDirs, config: { validate: false } });
    const out = join(tempDir(), 'run');
    await loose.run({ entities: ['person', 'widget'], records: 2, seed: 3, formats: ['csv'], out });
    const rows = readFileSync(join(out, 'widgets_v0_1.csv'), 'utf8').split('\n');
    expect(rows[1]).to.match(/^"not,a ""uuid""",/);
    const strict = await newEngine({ plugins: [widgetPlugin({ generate })], schemaDirs });
    await expectEsdhError(strict.run({ entities: ['person', 'widget'], records: 2, seed: 3, formats: ['csv'], out: join(tempDir(), 'refused') }), 'ESDH_ERR_RECORD_INVALID');
  });

  it('encodes the record types it does not expect through the general path (objects as JSON, booleans)', () => {
    const entity: ExportEntity = { name: 'thing', plural: 'things', fields: ['id', 'meta', 'ok'], schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, meta: { type: 'object' }, ok: { type: 'boolean' } } } };
    const record: EntityRecord = { id: '00000000-0000-4000-8000-000000000000', meta: { a: 'x,y' }, ok: true };
    const [rows] = encodeBatch(csvExporter.encoder!({ dir: '', fileSuffix: 'v0_1', entities: [entity], validated: true }), { thing: [record] });
    expect(Buffer.from(rows!).toString('utf8')).to.equal('00000000-0000-4000-8000-000000000000,"{""a"":""x,y""}",true\n');
  });
});
