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
import { checkEngineRange, loadPluginModules } from '../../engine/compose/plugin-loader.js';
import type { EntityPlugin } from '../../engine/index.js';
import { esdh } from '../helpers/cli.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, writeSchema } from '../helpers/test-plugins.js';

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
    expect(engine.entities().map((e) => e.name)).to.deep.equal(['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction', 'widget']);
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

  describe('a package with an exports map (resolved as Node resolves import(), by resolve.exports)', () => {
    /** A project listing `plugins`, with the esdh-plugin-fleet fixture installed in its node_modules. */
    function fleetProject(plugins: string[]): string {
      const dir = project(plugins);
      cpSync(join(FIXTURES, 'esdh-plugin-fleet'), join(dir, 'node_modules', 'esdh-plugin-fleet'), { recursive: true });
      return dir;
    }

    it('follows nested conditions (node → import → default) past types, browser, require and development', async () => {
      const dir = fleetProject([]);
      const [module] = await loadPluginModules(['esdh-plugin-fleet'], dir);
      expect(module!.file).to.equal(join(dir, 'node_modules', 'esdh-plugin-fleet', 'src', 'index.js'));
      expect(module!.plugins.map((p) => p.name)).to.deep.equal(['fleet_car']);
    });

    it('resolves a subpath pattern (./entities/* → ./src/entities/*.js), and the engine runs both plugins', async () => {
      const dir = fleetProject(['esdh-plugin-fleet', 'esdh-plugin-fleet/entities/van']);
      const [, van] = await loadPluginModules(['esdh-plugin-fleet', 'esdh-plugin-fleet/entities/van'], dir);
      expect(van!.file).to.equal(join(dir, 'node_modules', 'esdh-plugin-fleet', 'src', 'entities', 'van.js'));
      const engine = await engineIn(dir);
      expect(((await engine.generate('fleet_van', { records: 2, seed: 1 })) as EntityRecord[]).map((r) => r.fleet_van_id)).to.deep.equal(['van-0', 'van-1']);
      expect(engine.build('fleet_car').fleet_car_id).to.equal('car-0');
    });

    const refused: [string, string, string][] = [
      ['a subpath the map excludes with null', 'esdh-plugin-fleet/internal/secret', './internal/secret'],
      ['a subpath the map lacks', 'esdh-plugin-fleet/nope', './nope'],
    ];
    for (const [what, specifier, key] of refused) {
      it(`${what} → ESDH_ERR_PLUGIN_LOAD_FAILED saying what the package exports`, async () => {
        const error = await expectEsdhError(loadPluginModules([specifier], fleetProject([])), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
        expect(error.message).to.include(`Plugin module '${specifier}' could not be loaded`)
          .and.include(`exports no '${key}' for import (conditions import, node, default); it exports '.', './entities/*', './internal/*', './package.json'`);
      });
    }

    it('a target outside the package → ESDH_ERR_PLUGIN_LOAD_FAILED (Node refuses such targets too)', async () => {
      const dir = project([]);
      mkdirSync(join(dir, 'node_modules', 'esdh-plugin-escape'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'esdh-plugin-escape', 'package.json'), JSON.stringify({ name: 'esdh-plugin-escape', exports: { '.': '../../plugins/widget/widget.js' } }));
      const error = await expectEsdhError(loadPluginModules(['esdh-plugin-escape'], dir), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include("exports '.' as ../../plugins/widget/widget.js, which is outside the package");
    });

    it('a pattern whose target file is missing → ESDH_ERR_PLUGIN_LOAD_FAILED naming the file', async () => {
      const dir = fleetProject([]);
      const error = await expectEsdhError(loadPluginModules(['esdh-plugin-fleet/entities/bus'], dir), 'ESDH_ERR_PLUGIN_LOAD_FAILED');
      expect(error.message).to.include(`no file at ${join(dir, 'node_modules', 'esdh-plugin-fleet', 'src', 'entities', 'bus.js')}`);
    });
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

describe('engine ranges (plugin engine field, read by node-semver)', () => {
  const tempDir = useTempDirs('esdh-engine-range-');
  const ranged = (engine: unknown) => ({ name: 'ranged', engine }) as unknown as EntityPlugin;
  /** true when the engine `version` accepts a plugin asking for `range`; false on ESDH_ERR_PLUGIN_ENGINE_MISMATCH. */
  function accepts(version: string, range: unknown): boolean {
    try {
      checkEngineRange(ranged(range), version);
      return true;
    } catch (error) {
      if (error instanceof EsdhError && error.code === 'ESDH_ERR_PLUGIN_ENGINE_MISMATCH') return false;
      throw error;
    }
  }

  const cases: [string, string, boolean][] = [
    // Hyphen ranges (the old hand parser refused them), both ends included.
    ['1.2.3', '1.2.3 - 1.2.5', true],
    ['1.2.5', '1.2.3 - 1.2.5', true],
    ['1.2.6', '1.2.3 - 1.2.5', false],
    ['1.2.2', '1.2.3 - 1.2.5', false],
    // Alternatives with a partial version.
    ['0.2.7', '^0.2.0 || ^1', true],
    ['1.9.0', '^0.2.0 || ^1', true],
    ['0.3.0', '^0.2.0 || ^1', false],
    ['2.0.0', '^0.2.0 || ^1', false],
    // An explicit window.
    ['0.2.0', '>=0.2.0 <0.3.0', true],
    ['0.2.99', '>=0.2.0 <0.3.0', true],
    ['0.3.0', '>=0.2.0 <0.3.0', false],
    ['0.1.9', '>=0.2.0 <0.3.0', false],
    ['0.0.1', '*', true],
    ['5.0.0', '*', true],
    ['0.2.0', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.4.2', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['0.2.5', '0.2.x', true],
    ['0.3.0', '0.2', false],
    ['0.2.1', '>0.2.0', true],
    ['0.2.0', '<=0.2.0', true],
    // includePrerelease: a prerelease engine is judged by where it sorts...
    ['0.2.1-rc.1', '^0.2.0', true],
    ['0.3.0-rc.1', '*', true],
    ['0.2.0-beta.2', '>=0.2.0-beta.1', true],
    // ...so it precedes its release, and caret ranges stop before the next line's prereleases.
    ['0.2.0-beta.1', '^0.2.0', false],
    ['0.3.0-rc.1', '^0.2.0', false],
    ['2.0.0-rc.1', '^0.2.0 || ^1', false],
  ];
  for (const [version, range, expected] of cases) {
    it(`esdh ${version} ${expected ? 'accepts' : 'refuses (ESDH_ERR_PLUGIN_ENGINE_MISMATCH)'} a plugin for ${range}`, () => {
      expect(accepts(version, range)).to.equal(expected);
    });
  }

  const invalid: [string, unknown, RegExp][] = [
    ['a word', 'latest', /'latest' is not a semver range/],
    ['a dangling hyphen', '1.2.3 -', /'1\.2\.3 -' is not a semver range/],
    ['an open comparator', '>=1.0.0 <=', /is not a semver range/],
    ['an empty string', '', /is empty or has an empty alternative/],
    ['an empty alternative (node-semver would read it as *)', '^0.2.0 ||', /'\^0\.2\.0 \|\|' is empty or has an empty alternative \(which would accept every version\)/],
    ['a number', 2, /expected an npm semver range .*, not number/],
  ];
  for (const [what, range, problem] of invalid) {
    it(`${what} → ESDH_ERR_PLUGIN_INVALID naming the plugin and the forms accepted`, async () => {
      const error = await expectEsdhError(() => checkEngineRange(ranged(range), ENGINE_VERSION), 'ESDH_ERR_PLUGIN_INVALID');
      expect(error.message).to.include("Plugin 'ranged' is not a valid entity plugin: engine: ").and.match(problem);
      expect(error.message).to.include('"^0.2.0"').and.include('">=0.2.0 <0.3.0"').and.include('"1.2.3 - 1.2.5"').and.include('"*"').and.include('"||"');
    });
  }

  it('a plugin without engine is accepted', () => {
    expect(accepts('0.2.0', undefined)).to.equal(true);
  });

  it('the engine composes with a hyphen-range plugin and refuses a bad range with the coded error', async () => {
    const schemaDirs = [writeSchema(tempDir())];
    const engine = await newEngine({ plugins: [widgetPlugin({ engine: `0.0.1 - ${ENGINE_VERSION}` })], schemaDirs });
    expect(engine.entities().map((e) => e.name)).to.include('widget');
    const error = await expectEsdhError(newEngine({ plugins: [widgetPlugin({ engine: 'latest' })], schemaDirs }), 'ESDH_ERR_PLUGIN_INVALID');
    expect(error.message).to.include("Plugin 'widget'").and.include("engine: 'latest' is not a semver range");
  });
});
