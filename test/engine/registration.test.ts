/**
 * Plugin registration checks (shape, duplicate name, dependencies, schema),
 * each with its own code, and what happens when plugin code misbehaves.
 */
import { expect } from 'chai';
import { defineEntityPlugin, type EntityPlugin, type EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../helpers/test-plugins.js';

describe('engine plugin registration', () => {
  const tempDir = useTempDirs('esdh-registration-');

  /** An engine with the built-ins, `plugins`, and a schema folder holding widget.schema.json. */
  function engineWith(plugins: EntityPlugin[], config?: { validate?: boolean }) {
    return newEngine({ plugins, schemaDirs: [writeSchema(tempDir())], ...(config ? { config } : {}) });
  }

  it('accepts a well-formed extra plugin and generates its records with dependencies', async () => {
    const engine = await engineWith([widgetPlugin()]);
    expect(engine.entities().map((e) => e.name)).to.deep.equal(['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction', 'widget']);
    const widgets = await engine.generate('widget', { records: 3, seed: 5 });
    expect(widgets).to.have.length(3);
    const persons = await engine.generate('person', { records: 3, seed: 5 });
    expect(widgets.map((w) => w.person_id)).to.deep.equal(persons.map((p) => p.person_id));
  });

  it('a duplicate plugin name → ESDH_ERR_PLUGIN_DUPLICATE_NAME', async () => {
    const error = await expectEsdhError(engineWith([widgetPlugin({ name: 'person', plural: 'people', schemaId: 'person', dependencies: [] })]), 'ESDH_ERR_PLUGIN_DUPLICATE_NAME');
    expect(error.message).to.include("'person'");
    expect(error.status).to.equal(500);
  });

  it('a duplicate plural → ESDH_ERR_PLUGIN_DUPLICATE_NAME', async () => {
    const error = await expectEsdhError(engineWith([widgetPlugin({ plural: 'vehicles' })]), 'ESDH_ERR_PLUGIN_DUPLICATE_NAME');
    expect(error.message).to.include("'vehicles'");
  });

  it('a missing dependency → ESDH_ERR_PLUGIN_DEPENDENCY_MISSING naming the plugin and the dependency', async () => {
    const error = await expectEsdhError(engineWith([widgetPlugin({ dependencies: ['person', 'gadget'] })]), 'ESDH_ERR_PLUGIN_DEPENDENCY_MISSING');
    expect(error.message).to.include("Plugin 'widget' depends on 'gadget'");
  });

  it('a dependency cycle → ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE showing the loop', async () => {
    const dir = writeSchema(writeSchema(tempDir(), 'widget'), 'gizmo');
    const gizmo = widgetPlugin({ name: 'gizmo', plural: 'gizmos', schemaId: 'gizmo', dependencies: ['widget'] });
    const widget = widgetPlugin({ dependencies: ['person', 'gizmo'] });
    const error = await expectEsdhError(newEngine({ plugins: [widget, gizmo], schemaDirs: [dir] }), 'ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE');
    expect(error.message).to.match(/widget → gizmo → widget|gizmo → widget → gizmo/);
  });

  it('an unknown schemaId → ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN listing the known schemas', async () => {
    const error = await expectEsdhError(engineWith([widgetPlugin({ schemaId: 'nope' })]), 'ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN');
    expect(error.message).to.include("Plugin 'widget' names schema 'nope'");
    for (const known of ['person', 'vehicle', 'widget']) expect(error.message).to.include(known);
  });

  describe('an invalid shape → ESDH_ERR_PLUGIN_INVALID', () => {
    const cases: [string, Partial<Record<keyof EntityPlugin, unknown>>, RegExp][] = [
      ['no generate', { generate: undefined }, /generate\(ctx\) must be a function/],
      ['a bad version', { version: '1.0' }, /version must be semver/],
      ['a version with a leading zero (not SemVer 2.0)', { version: '01.0.0' }, /version must be semver/],
      ['a version with a leading v', { version: 'v1.0.0' }, /version must be semver/],
      ['a version with build metadata (not recorded as written)', { version: '1.0.0+build.7' }, /version must be semver/],
      ['an upper-case name', { name: 'Widget' }, /name must be lower-case/],
      ['plural equal to name', { plural: 'widget' }, /plural must differ from name/],
      ['dependencies not an array', { dependencies: 'person' }, /dependencies must be an array/],
      ['count not a function', { count: 3 }, /count must be a function/],
    ];
    for (const [what, overrides, expected] of cases) {
      it(`${what}: createEngine rejects it, and so does defineEntityPlugin`, async () => {
        const plugin = widgetPlugin(overrides);
        const error = await expectEsdhError(engineWith([plugin]), 'ESDH_ERR_PLUGIN_INVALID');
        expect(error.message).to.match(expected);
        const defined = await expectEsdhError(() => defineEntityPlugin(plugin as EntityPlugin), 'ESDH_ERR_PLUGIN_INVALID');
        expect(defined.message).to.match(expected);
      });
    }
  });

  it('a prerelease plugin version is semver and accepted', async () => {
    const engine = await engineWith([widgetPlugin({ version: '1.1.0-rc.2' })]);
    expect(engine.entities().find((e) => e.name === 'widget')?.version).to.equal('1.1.0-rc.2');
  });

  it('a plugin whose generate throws → ESDH_ERR_PLUGIN_FAILED with its name, the hook and the original error as cause', async () => {
    const original = new TypeError('widget catalogue is empty');
    const engine = await engineWith([widgetPlugin({ generate: () => { throw original; } })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 3, seed: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.message).to.include("Plugin 'widget'");
    expect(error.message).to.include('generate');
    expect(error.message).to.include('unit 0');
    expect(error.message).to.include('widget catalogue is empty');
    expect(error.cause).to.equal(original);
  });

  it('a plugin whose setup throws → ESDH_ERR_PLUGIN_FAILED naming setup', async () => {
    const original = new Error('no table');
    const engine = await engineWith([widgetPlugin({ setup: () => { throw original; } })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.message).to.include("Plugin 'widget' failed in setup");
    expect(error.cause).to.equal(original);
  });

  it('a schema-invalid record → ESDH_ERR_RECORD_INVALID naming the entity, the unit index and the ajv path', async () => {
    // valid for units 0 and 1, then a string where the schema wants an integer
    const generate = (ctx: Parameters<EntityPlugin['generate']>[0]) => (ctx.unitIndex === 2 ? { ...widgetRecord(ctx), size: 'large' } : widgetRecord(ctx));
    const engine = await engineWith([widgetPlugin({ generate })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 5, seed: 3 }), 'ESDH_ERR_RECORD_INVALID');
    expect(error.message).to.equal('Generated widget record (unit 2) fails its schema at /size: must be integer');
  });

  it('an extra field is reported with its name', async () => {
    const engine = await engineWith([widgetPlugin({ generate: (ctx: Parameters<EntityPlugin['generate']>[0]) => ({ ...widgetRecord(ctx), colour: 'red' }) })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 1 }), 'ESDH_ERR_RECORD_INVALID');
    expect(error.message).to.include('(unit 0)');
    expect(error.message).to.include("'colour'");
  });

  it('with config { validate: false } the same invalid record passes through', async () => {
    const generate = (ctx: Parameters<EntityPlugin['generate']>[0]) => (ctx.unitIndex === 2 ? { ...widgetRecord(ctx), size: 'large' } : widgetRecord(ctx));
    const engine = await engineWith([widgetPlugin({ generate })], { validate: false });
    const widgets = (await engine.generate('widget', { records: 5, seed: 3 })) as EntityRecord[];
    expect(widgets).to.have.length(5);
    expect(widgets[2]!.size).to.equal('large');
    expect(widgets.filter((w) => typeof w.size === 'number')).to.have.length(4);
  });

  it('each engine has its own plugins: an extra plugin on one engine is unknown to the next', async () => {
    await engineWith([widgetPlugin()]);
    const plain = await newEngine();
    expect(plain.entities().map((e) => e.name)).to.deep.equal(['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction']);
    const error = await expectEsdhError(plain.generate('widget', { records: 1 }), 'ESDH_ERR_ENTITY_UNKNOWN');
    expect(error.message).to.include('account, person, vehicle, profile, policy, policy_driver, policy_vehicle, coverage, claim, claim_exposure, claim_transaction');
  });
});
