/**
 * The files `esdh plugin new` writes. Plain ESM JavaScript, so the plugin
 * runs in `esdh run` with no build step; TypeScript authors add types with
 * `esdh codegen` (docs/plugins.md).
 */

/** A dependency of the new plugin, as the templates need it. */
export interface ScaffoldDependency {
  readonly name: string;
  /** Its primary-key field (`person_id`), referenced by the new records; absent when it has none. */
  readonly idField?: string;
  /** The JSON Schema of that key field, copied so the reference validates the same way. */
  readonly idSchema?: Record<string, unknown>;
  /** One-to-many (has `count`): a unit may hold several, or none. */
  readonly oneToMany: boolean;
}

/** What the templates are filled with. */
export interface ScaffoldSpec {
  readonly name: string;
  readonly plural: string;
  /** PascalCase of `name`: the schema title, so codegen names the type `DriverHistory`. */
  readonly typeName: string;
  readonly dependencies: readonly ScaffoldDependency[];
  /** e.g. `^0.2.0`. */
  readonly engineRange: string;
  /** `.js` in a `"type": "module"` package, else `.mjs`. */
  readonly ext: '.js' | '.mjs';
}

/** The seeds and as_of the golden files are made with (the scaffolded test uses the same). */
export const GOLDEN_SEEDS = [42, 1337] as const;
export const GOLDEN_AS_OF = '2025-11-01';
export const GOLDEN_RECORDS = 5;

/** `driver_history` → `DriverHistory`. */
export function pascalCase(name: string): string {
  return name.split('_').filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}

/** A plural for a lower-case name: `driver_history` → `driver_histories`, `trip` → `trips`. */
export function defaultPlural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** The record drives one record per parent: the last one-to-many dependency, if any. */
function parentOf(spec: ScaffoldSpec): ScaffoldDependency | undefined {
  return [...spec.dependencies].reverse().find((d) => d.oneToMany);
}

/** `<name>.schema.json`: the record's fields. */
export function schemaFile(spec: ScaffoldSpec): string {
  const parent = parentOf(spec);
  const references = spec.dependencies.filter((d) => d.idField);
  const properties: Record<string, unknown> = {
    [`${spec.name}_id`]: { type: 'string', format: 'uuid', description: `The ${spec.name}'s id (UUID v4 from the record's seeded stream)` },
  };
  for (const dep of references) {
    const optional = dep.oneToMany && dep !== parent;
    const base = dep.idSchema ?? { type: 'string' };
    properties[dep.idField!] = optional
      ? { ...base, type: ['string', 'null'], description: `The ${dep.name} of the unit, if it has one` }
      : { ...base, description: `The ${dep.name} of the unit` };
  }
  Object.assign(properties, {
    category: { type: 'string', enum: ['standard', 'preferred', 'watch'], description: 'Example field: replace with your own' },
    score: { type: 'integer', minimum: 1, maximum: 100, description: 'Example field: replace with your own' },
    recorded_on: { type: 'string', format: 'date', description: 'Example field: a date in the year up to as_of' },
    synthetic_source: { type: 'string', minLength: 1, description: 'Governance marker proving the record is synthetic' },
  });
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: spec.typeName,
    description: `One ${spec.name} record. Scaffolded by esdh plugin new: edit the fields, keep synthetic_source.`,
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  };
  return JSON.stringify(schema, null, 2) + '\n';
}

/** `<name>.js`: the generator. */
export function generatorFile(spec: ScaffoldSpec): string {
  const parent = parentOf(spec);
  const deps = spec.dependencies;
  const references = deps.filter((d) => d.idField);
  const lines: string[] = [];
  lines.push(
    '/**',
    ` * The ${spec.name} entity plugin, scaffolded by \`esdh plugin new ${spec.name}\` (see docs/plugins.md).`,
    ` * ${parent ? `One ${spec.name} per ${parent.name} of the unit` : 'One record per unit'}${deps.length ? `, reading ${deps.map((d) => d.name).join(', ')} from ctx.deps` : ''}.`,
    ' *',
    ' * Determinism: draw every random value from ctx.random (or ctx.faker), compute',
    ' * dates from ctx.asOf, keep no state between records. Whenever the output for',
    " * the same seed changes, bump `version` and refresh the golden files",
    ` * (UPDATE_GOLDEN=1 node --test ${spec.name}.test${spec.ext}).`,
    ' */',
    "import { defineEntityPlugin, fromDayNumber, toDayNumber, uuidV4 } from 'esdh';",
    '',
    "const CATEGORIES = ['standard', 'preferred', 'watch'];",
    '',
    '/** @type {import(\'esdh\').EntityPlugin} */',
    'export const plugin = defineEntityPlugin({',
    `  name: '${spec.name}',`,
    `  plural: '${spec.plural}',`,
    "  version: '1.0.0',",
    `  engine: '${spec.engineRange}',`,
    `  schemaId: '${spec.name}',`,
    `  dependencies: [${deps.map((d) => `'${d.name}'`).join(', ')}],`,
    `  description: 'TODO: one line on what a ${spec.name} is',`,
    `  idField: '${spec.name}_id',`,
  );
  // A reference that may be null (the unit may have no such record) cannot be a foreign key verify insists on.
  const required = references.filter((d) => !(d.oneToMany && d !== parent));
  if (required.length) lines.push(`  references: { ${required.map((d) => `${d.idField}: '${d.name}.${d.idField}'`).join(', ')} },`);
  if (parent) lines.push(`  // One record per ${parent.name} of the unit (none when the unit has none).`, `  count: (ctx) => ctx.deps.${parent.name}.length,`);
  lines.push('  generate(ctx) {', '    const { random } = ctx;');
  for (const dep of deps) {
    const index = dep === parent ? 'ctx.childIndex' : '0';
    lines.push(`    const ${camel(dep.name)} = ctx.deps.${dep.name}[${index}];`);
  }
  lines.push('    return {', `      ${spec.name}_id: uuidV4(random),`);
  for (const dep of references) {
    const optional = dep.oneToMany && dep !== parent;
    lines.push(`      ${dep.idField}: ${camel(dep.name)}${optional ? '?.' : '.'}${dep.idField}${optional ? ' ?? null' : ''},`);
  }
  lines.push(
    '      category: random.pick(CATEGORIES),',
    '      score: random.int(1, 100),',
    '      recorded_on: fromDayNumber(toDayNumber(ctx.asOf) - random.int(0, 364)),',
    '      synthetic_source: ctx.marker,',
    '    };',
    '  },',
    '  // Domain rules beyond the schema: esdh verify runs them on every record.',
    '  checks: [',
    '    {',
    `      name: '${spec.name}.recorded_not_after_as_of',`,
    "      description: 'recorded_on is not after as_of',",
    '      test: (record, ctx) => (record.recorded_on <= ctx.asOf ? null : `recorded_on ${record.recorded_on} is after as_of ${ctx.asOf}`),',
    '    },',
    '  ],',
    '});',
    '',
    'export default plugin;',
    '',
  );
  return lines.join('\n');
}

/** `<name>.test.js`: golden files and references, under mocha or node:test. */
export function testFile(spec: ScaffoldSpec): string {
  const references = spec.dependencies.filter((d) => d.idField && !(d.oneToMany && d !== parentOf(spec)));
  const parent = parentOf(spec);
  const file = `${spec.name}.test${spec.ext}`;
  return [
    '/**',
    ` * ${spec.name}: the same seed gives the same records (golden files), and every`,
    ' * record refers to the records of its own unit. Runs under either runner:',
    ` *   node --test ${file}        npx mocha ${file}`,
    ` * After an intended change: bump \`version\` in ${spec.name}${spec.ext}, then run with`,
    ' * UPDATE_GOLDEN=1 and review the diff of golden/.',
    ' */',
    "import assert from 'node:assert/strict';",
    "import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';",
    "import { fileURLToPath } from 'node:url';",
    "import { createEngine } from 'esdh';",
    `import { plugin } from './${spec.name}${spec.ext}';`,
    '',
    "// mocha provides describe/it as globals; otherwise use node:test's.",
    "const { describe, it } = globalThis.describe ? globalThis : await import('node:test');",
    '',
    `const SEEDS = [${GOLDEN_SEEDS.join(', ')}];`,
    `const AS_OF = '${GOLDEN_AS_OF}';`,
    "const here = fileURLToPath(new URL('.', import.meta.url));",
    '',
    "/** The plugin on the built-in defaults, not the project's config: golden files move only when the plugin does. */",
    'function engine() {',
    '  return createEngine({ noConfigFile: true, env: {}, plugins: [plugin], schemaDirs: [here] });',
    '}',
    '',
    `describe('${spec.name} plugin', () => {`,
    '  for (const seed of SEEDS) {',
    '    it(`matches golden/${seed}.json`, async () => {',
    `      const records = await (await engine()).generate(plugin.name, { records: ${GOLDEN_RECORDS}, seed, asOf: AS_OF });`,
    '      const actual = { entity: plugin.name, plugin_version: plugin.version, seed, as_of: AS_OF, records };',
    '      const golden = new URL(`./golden/${seed}.json`, import.meta.url);',
    '      if (process.env.UPDATE_GOLDEN) {',
    "        mkdirSync(new URL('./golden/', import.meta.url), { recursive: true });",
    "        writeFileSync(golden, JSON.stringify(actual, null, 2) + '\\n');",
    '        return;',
    '      }',
    '      assert.ok(existsSync(golden), `golden/${seed}.json is missing: run once with UPDATE_GOLDEN=1`);',
    "      const expected = JSON.parse(readFileSync(golden, 'utf8'));",
    "      assert.equal(plugin.version, expected.plugin_version, 'version changed: refresh the golden files with UPDATE_GOLDEN=1 and review the diff');",
    "      assert.deepEqual(actual, expected, 'same seed, different records: fix the code, or bump version and refresh with UPDATE_GOLDEN=1');",
    '    });',
    '  }',
    '',
    "  it('refers to the records of its own unit and passes its checks', async () => {",
    '    let seen = 0;',
    '    const built = await engine();',
    "    const checkContext = { data: built.data, asOf: AS_OF, marker: built.config.synthetic_source };",
    '    for await (const unit of built.units({ records: 20, seed: 7, asOf: AS_OF }, [plugin.name])) {',
    '      for (const [child, record] of unit[plugin.name].entries()) {',
    '        seen++;',
    ...references.map((d) => `        assert.equal(record.${d.idField}, unit.${d.name}[${d === parent ? 'child' : '0'}].${d.idField});`),
    ...(references.length ? [] : ['        void child;']),
    '        for (const check of plugin.checks ?? []) assert.equal(check.test(record, checkContext), null, check.name);',
    '      }',
    '    }',
    "    assert.ok(seen > 0, 'no records were generated');",
    '  });',
    '});',
    '',
  ].join('\n');
}

const TAKEN = new Set(['random', 'ctx', 'plugin', 'CATEGORIES', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'null', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield']);

/** A local variable name for a dependency's record: `driver_history` → `driverHistory`. */
function camel(name: string): string {
  const pascal = pascalCase(name);
  const local = pascal[0]!.toLowerCase() + pascal.slice(1);
  return TAKEN.has(local) ? `${local}Record` : local;
}
