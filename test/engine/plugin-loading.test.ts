/**
 * Plugins listed in a project's config (`plugins: [...]`): resolved from the
 * config file's folder or as packages, checked like built-ins, and then
 * generated, validated, exported, verified and served like them.
 */
import { expect } from 'chai';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import supertest from 'supertest';
import { createApp } from '../../adapters/transports/http/app.js';
import { createEngine, ENGINE_VERSION, EsdhError, type EntityRecord } from '../../engine/index.js';
import { loadPluginModules } from '../../engine/compose/plugin-loader.js';
import { satisfiesRange, rangeProblem } from '../../engine/compose/semver-range.js';
import { esdh } from '../helpers/cli.js';
import { expectEsdhError } from '../helpers/errors.js';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'plugins');

describe('engine plugin loading from config', () => {
  const tempDir = useTempDirs('esdh-plugin-loading-');

  /** A project folder: the fixtures under plugins/, a "type": "module" package.json, and a config listing `plugins`. */
  function project(plugins: string[], extraConfig = ''): string {
    const dir = tempDir();
    cpSync(FIXTURES, join(dir, 'plugins'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-project', private: true, type: 'module' }));
    writeFileSync(join(dir, 'esdh.config.yaml'), `plugins:\n${plugins.map((p) => `  - ${p}\n`).join('')}${extraConfig}`);
    return dir;
  }

  const engineIn = (dir: string) => createEngine({ cwd: dir, env: {} });

  it('loads a module by path relative to the config file, with the schema beside it', async () => {
    const dir = project(['./plugins/widget/widget.js']);
    const engine = await engineIn(dir);
    expect(engine.entities().map((e) => e.name)).to.deep.equal(['person', 'vehicle', 'profile', 'policy', 'claim', 'widget']);
    expect(engine.entity('widget')).to.include({ plural: 'widgets', version: '1.0.0', schemaId: 'widget' });
    const { persons, widgets } = (await engine.generate('bundle', { records: 4, seed: 3 })) as Record<string, EntityRecord[]>;
    expect(widgets).to.equal(undefined, 'not in entities, so not in the default bundle');
    const units = [];
    for await (const unit of engine.units({ records: 4, seed: 3 }, ['widget'])) units.push(unit);
    expect(units.map((u) => u.widget![0]!.person_id)).to.deep.equal(persons!.map((p) => p.person_id));
    expect(units.every((u) => u.widget![0]!.state === u.person![0]!.state)).to.equal(true);
  });

  it('finds the config file from a sub-folder path, not from the working folder', async () => {
    const dir = project([]);
    mkdirSync(join(dir, 'qa'));
    writeFileSync(join(dir, 'qa', 'esdh.config.yaml'), 'plugins: [../plugins/widget/widget.js]\n');
    const engine = await createEngine({ cwd: dir, configPath: 'qa/esdh.config.yaml', env: {} });
    expect(engine.registry.has('widget')).to.equal(true);
  });

  it('loads several plugins from one module with their exported schemas, in dependency order', async () => {
    const engine = await engineIn(project(['./plugins/gadgets.js']));
    expect(engine.registry.order(['gizmo']).map((p) => p.name)).to.deep.equal(['person', 'vehicle', 'gadget', 'gizmo']);
    expect(engine.schemas.fields('gizmo')).to.deep.equal(['gizmo_id', 'vehicle_id', 'synthetic_source']);
    const [gizmo] = await engine.generate('gizmo', { records: 1, seed: 1 });
    const [vehicle] = await engine.generate('vehicle', { records: 1, seed: 1 });
    expect(gizmo!.vehicle_id).to.equal(vehicle!.vehicle_id);
  });

  it('loads a package by name from node_modules (exports map, schemas/ folder)', async () => {
    const dir = project(['esdh-plugin-telematics']);
    cpSync(join(FIXTURES, 'esdh-plugin-telematics'), join(dir, 'node_modules', 'esdh-plugin-telematics'), { recursive: true });
    const engine = await engineIn(dir);
    expect(engine.entity('trips').name).to.equal('trip');
    const trips = (await engine.generate('trip', { records: 20, seed: 9 })) as EntityRecord[];
    expect(trips.length).to.be.greaterThan(0);
    expect(trips.every((t) => typeof t.miles === 'number')).to.equal(true);
  });

  it("loads a plugin that imports from 'esdh' itself", async () => {
    const dir = project(['./plugins/uses-esdh.js']);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot(), join(dir, 'node_modules', 'esdh'), 'dir');
    const engine = await engineIn(dir);
    const sprocket = engine.build('sprocket', { seed: 5 });
    expect(sprocket.vin).to.equal(engine.build('vehicle', { seed: 5 }).vin);
  });

  it("reads the module's own reference data (dataDir) through ctx.data", async () => {
    const dir = project(['./plugins/speeds/speeds.js']);
    mkdirSync(join(dir, 'plugins', 'speeds', 'data', 'telematics'), { recursive: true });
    writeFileSync(join(dir, 'plugins', 'speeds', 'data', 'telematics', 'limits.json'), JSON.stringify({ urban: [25, 35], highway: [65, 70] }));
    writeFileSync(join(dir, 'plugins', 'speeds', 'speeds.js'), [
      "export const dataDir = new URL('./data/', import.meta.url);",
      "export const schemas = { speed: { type: 'object', required: ['limit'], properties: { limit: { type: 'integer' } } } };",
      "export default { name: 'speed', plural: 'speeds', version: '1.0.0', schemaId: 'speed', dependencies: ['person'],",
      "  setup: (ctx) => ctx.data.get('telematics.limits.highway'),",
      "  generate: (ctx) => ({ limit: ctx.random.pick(ctx.state) }) };",
    ].join('\n'));
    const engine = await engineIn(dir);
    expect([65, 70]).to.include(engine.build('speed').limit);
    writeFileSync(join(dir, 'esdh.config.yaml'), 'plugins: [./plugins/speeds/gone.js]\n');
    await expectEsdhError(engineIn(dir), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
  });

  it('accepts absolute paths and file: URLs', async () => {
    const dir = project([]);
    const [byPath] = await loadPluginModules([join(dir, 'plugins', 'widget', 'widget.js')], '/');
    const [byUrl] = await loadPluginModules([pathToFileURL(join(dir, 'plugins', 'gadgets.js')).href], '/');
    expect(byPath!.plugins.map((p) => p.name)).to.deep.equal(['widget']);
    expect(byUrl!.plugins.map((p) => p.name)).to.deep.equal(['gadget', 'gizmo']);
  });

  it('is a pure function of the config: two engines load the same plugins and make the same records', async () => {
    const dir = project(['./plugins/widget/widget.js', './plugins/gadgets.js']);
    const [a, b] = [await engineIn(dir), await engineIn(dir)];
    expect(a.entities()).to.deep.equal(b.entities());
    expect(await a.generate('gizmo', { records: 5, seed: 11 })).to.deep.equal(await b.generate('gizmo', { records: 5, seed: 11 }));
  });

  it('runs, exports and verifies a config plugin like a built-in (esdh run + esdh verify)', async () => {
    const dir = project(['./plugins/widget/widget.js'], 'entities: [person, vehicle, profile, widget]\n');
    const run = await esdh(['run', '--records', '12', '--seed', '4', '--format', 'csv,json,ndjson', '--out', 'snap'], dir);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('widgets_v0_1.csv').and.include('widgets_v0_1.ndjson').and.include('widgets 12');
    const verify = await esdh(['verify', 'snap', '--json'], dir);
    expect(verify.code, verify.stdout).to.equal(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; rules: { rule: string; checked: number; failed: number }[] };
    expect(report.rules.find((r) => r.rule === 'widget.size_range')).to.include({ failed: 0 });
    expect(report.rules.find((r) => r.rule === 'widget.size_range')!.checked).to.be.at.least(12);
  });

  it('serves a config plugin over HTTP: /entities, /schemas/<entity>, /generate/<entity>', async () => {
    const engine = await engineIn(project(['./plugins/widget/widget.js']));
    const request = supertest(createApp(engine).callback());
    const entities = await request.get('/entities').expect(200);
    expect(entities.body.entities.map((e: { name: string }) => e.name)).to.include('widget');
    const schema = await request.get('/schemas/widget').expect(200);
    expect(schema.body.title).to.equal('Widget');
    const generated = await request.post('/generate/widget').send({ records: 3, seed: 8 }).expect(200);
    const body = JSON.stringify(generated.body);
    for (const widget of (await engine.generate('widget', { records: 3, seed: 8 })) as EntityRecord[]) expect(body).to.include(String(widget.widget_id));
  });

  describe('failures name the module and what went wrong', () => {
    it('a path that does not exist → ESDH_ERR_PLUGIN_LOAD_FAILED with the resolved path', async () => {
      const dir = project(['./plugins/driver-history.js']);
      const error = await expectEsdhError(engineIn(dir), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include("'./plugins/driver-history.js'").and.include(join(dir, 'plugins', 'driver-history.js')).and.include("relative to the config file's folder");
    });

    it('a package that is not installed → ESDH_ERR_PLUGIN_LOAD_FAILED saying to install it', async () => {
      const error = await expectEsdhError(engineIn(project(['esdh-plugin-nope'])), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include("package 'esdh-plugin-nope' is not installed").and.include('npm install esdh-plugin-nope');
    });

    it('a module that throws while importing → ESDH_ERR_PLUGIN_LOAD_FAILED with its message, cause kept', async () => {
      const error = await expectEsdhError(engineIn(project(['./plugins/throws-on-import.js'])), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include("'./plugins/throws-on-import.js'").and.include('telemetry endpoint not configured');
      expect((error.cause as Error).message).to.equal('telemetry endpoint not configured');
    });

    it('a module with no plugin export → ESDH_ERR_PLUGIN_LOAD_FAILED saying what to export', async () => {
      const error = await expectEsdhError(engineIn(project(['./plugins/no-export.js'])), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include('exports no plugin').and.include('export default defineEntityPlugin');
    });

    it('a malformed plugin → ESDH_ERR_PLUGIN_INVALID naming the plugin, the problem and the module', async () => {
      const error = await expectEsdhError(engineIn(project(['./plugins/bad-shape.js'])), 'ESDH_ERR_PLUGIN_INVALID');
      expect(error.message).to.include("Plugin 'bad'").and.include('version must be semver').and.include("(plugin module './plugins/bad-shape.js')");
    });

    it(`an engine range that excludes ${ENGINE_VERSION} → ESDH_ERR_PLUGIN_ENGINE_MISMATCH`, async () => {
      const error = await expectEsdhError(engineIn(project(['./plugins/future-engine.js'])), 'ESDH_ERR_PLUGIN_ENGINE_MISMATCH');
      expect(error.message).to.include("Plugin 'hover' needs esdh ^9.0.0, but this is esdh " + ENGINE_VERSION).and.include('future-engine.js');
    });

    it('a schema neither exported nor beside the module → ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN saying where it looked', async () => {
      const dir = project(['./plugins/no-schema.js']);
      const error = await expectEsdhError(engineIn(dir), 'ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN');
      expect(error.message).to.include("Plugin 'orphan' names schema 'orphan'").and.include(`orphan.schema.json in ${join(dir, 'plugins')}`);
    });

    it('a name clash with a built-in → ESDH_ERR_PLUGIN_DUPLICATE_NAME naming the module', async () => {
      const dir = project(['./plugins/clash.js']);
      writeFileSync(join(dir, 'plugins', 'clash.js'), "export default { name: 'vehicle', plural: 'cars', version: '1.0.0', schemaId: 'vehicle', dependencies: [], generate: () => ({}) };\n");
      const error = await expectEsdhError(engineIn(dir), 'ESDH_ERR_PLUGIN_DUPLICATE_NAME');
      expect(error.message).to.include("'vehicle'").and.include("(plugin module './plugins/clash.js')");
      expect(error.details).to.deep.equal({ module: './plugins/clash.js' });
    });

    it('a plugin that throws at generate → ESDH_ERR_PLUGIN_FAILED naming plugin, hook and unit', async () => {
      const engine = await engineIn(project(['./plugins/throws-on-generate.js']));
      const error = await expectEsdhError(engine.generate('flaky', { records: 2 }), 'ESDH_ERR_PLUGIN_FAILED');
      expect(error.details).to.deep.equal({ plugin: 'flaky', hook: 'generate', unit: 0, module: './plugins/throws-on-generate.js' });
      expect(error.message).to.equal("Plugin 'flaky' failed in generate (unit 0): no sensor reading for this driver (plugin module './plugins/throws-on-generate.js')");
      expect(error.cause).to.be.instanceOf(RangeError);
    });

    it('the CLI prints one line and exits 1 for a broken plugin module', async () => {
      const dir = project(['./plugins/throws-on-import.js']);
      const result = await esdh(['plugins'], dir);
      expect(result.code).to.equal(1);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr).to.match(/^ESDH_ERR_PLUGIN_LOAD_FAILED: Plugin module '\.\/plugins\/throws-on-import\.js' could not be loaded: importing .* threw: telemetry endpoint not configured/);
    });

    it('errors are EsdhErrors with HTTP status 500 (a server never starts with a broken plugin)', async () => {
      const error = await expectEsdhError(engineIn(project(['./plugins/no-export.js'])), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error).to.be.instanceOf(EsdhError);
      expect(error.status).to.equal(500);
    });
  });
});

describe('engine semver ranges (plugin engine field)', () => {
  const cases: [string, string, boolean][] = [
    ['0.2.0', '^0.2.0', true],
    ['0.2.9', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.4.2', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['0.2.0', '>=0.2.0 <1.0.0', true],
    ['1.0.0', '>=0.2.0 <1.0.0', false],
    ['0.1.0', '^0.1.0 || ^0.2.0', true],
    ['0.2.5', '0.2.x', true],
    ['0.3.0', '0.2', false],
    ['5.0.0', '*', true],
    ['0.2.0', '0.2.0', true],
    ['0.2.0-beta.1', '^0.2.0', false],
    ['0.2.0-beta.2', '>=0.2.0-beta.1', true],
    ['0.2.1', '>0.2.0', true],
    ['0.2.0', '<=0.2.0', true],
  ];
  for (const [version, range, expected] of cases) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} ${range}`, () => {
      expect(satisfiesRange(version, range)).to.equal(expected);
    });
  }

  it('names what it cannot read', () => {
    expect(rangeProblem('^0.2.0')).to.equal(null);
    expect(rangeProblem('')).to.match(/empty/);
    expect(rangeProblem('latest')).to.match(/not a semver range/);
    expect(rangeProblem('^0.2.0 ||')).to.match(/empty alternative/);
  });

  it('a version or range it cannot read is a coded error, not a plain Error', async () => {
    await expectEsdhError(() => satisfiesRange('0.2', '^0.2.0'), 'ESDH_ERR_OPTION_INVALID');
    await expectEsdhError(() => satisfiesRange('0.2.0', 'latest'), 'ESDH_ERR_OPTION_INVALID');
  });
});
