/**
 * Config: built-in defaults, discovery (esdh.config.yaml, .esdhrc.json,
 * package.json `esdh`), merging, validation errors that name file, path and
 * expectation, and DEMO_PROFILE. Every test reads only its own temp folder
 * and passes the environment explicitly.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { SchemaRegistry } from '../../engine/schema/schema-registry.js';
import { createEngine } from '../../engine/index.js';
import { expectEsdhError } from '../helpers/errors.js';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const NO_ENV = {};

describe('config/load-config', () => {
  const tempDir = useTempDirs('esdh-config-');

  it('built-in defaults: baseline 30 records seed 42, heavy 200 randomized, default_seed 20251101, as_of 2025-11-01', async () => {
    const engine = await createEngine({ noConfigFile: true, env: NO_ENV });
    const { config } = engine;
    expect(config.profiles.baseline).to.include({ records: 30, seed: 42, randomize: false });
    expect(config.profiles.heavy).to.include({ records: 200, randomize: true });
    expect(Object.keys(config.profiles)).to.deep.equal(['baseline', 'heavy', 'book']);
    expect(config.default_seed).to.equal(20251101);
    expect(config.as_of).to.equal('2025-11-01');
    expect(config.default_profile).to.equal('baseline');
    expect(config.entities).to.deep.equal(['person', 'vehicle', 'profile']);
    expect(config.validate).to.equal(true);
    expect(config.source).to.equal('built-in defaults');

    expect(engine.plan()).to.include({ profile: 'baseline', records: 30, seed: 42, seedSource: 'profile', asOf: '2025-11-01' });
    const heavy = engine.plan({ profile: 'heavy' });
    expect(heavy).to.include({ profile: 'heavy', records: 200, seedSource: 'random' });
    expect(Number.isSafeInteger(heavy.seed)).to.equal(true);
    expect(engine.plan({ profile: 'heavy', seed: 9 })).to.include({ seed: 9, seedSource: 'option' });
  });

  it('an esdh.config.yaml in the cwd overrides a profile and is merged over the defaults', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), [
      'as_of: "2024-06-30"',
      'profiles:',
      '  baseline:',
      '    records: 12',
      '    seed: 7',
      '  nightly:',
      '    records: 3',
      '    entities: [person, vehicle, profile, policy]',
      '',
    ].join('\n'));
    const engine = await createEngine({ cwd: dir, env: NO_ENV });
    const { config } = engine;
    expect(config.source).to.equal(join(dir, 'esdh.config.yaml'));
    expect(config.baseDir).to.equal(dir);
    expect(config.as_of).to.equal('2024-06-30');
    // overridden fields win; the default's other fields stay
    expect(config.profiles.baseline).to.deep.equal({ description: 'Small, fixed-seed dataset for demos and regression tests', records: 12, seed: 7, randomize: false });
    expect(config.profiles.heavy).to.include({ records: 200, randomize: true });
    expect(Object.keys(config.profiles)).to.deep.equal(['baseline', 'heavy', 'book', 'nightly']);
    expect(config.default_seed).to.equal(20251101);
    expect(engine.plan()).to.include({ records: 12, seed: 7, asOf: '2024-06-30' });
    expect(engine.plan({ profile: 'nightly' })).to.deep.include({ records: 3, seed: 20251101, seedSource: 'default', entities: ['person', 'vehicle', 'profile', 'policy'] });
  });

  it('createEngine({ config }) overrides are merged over the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'default_seed: 11\nvalidate: true\n');
    const engine = await createEngine({ cwd: dir, env: NO_ENV, config: { validate: false } });
    expect(engine.config).to.include({ default_seed: 11, validate: false });
  });

  it('finds .esdhrc.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.esdhrc.json'), JSON.stringify({ default_seed: 99, profiles: { baseline: { records: 4 } } }));
    const engine = await createEngine({ cwd: dir, env: NO_ENV });
    expect(engine.config.source).to.equal(join(dir, '.esdhrc.json'));
    expect(engine.config.default_seed).to.equal(99);
    expect(engine.plan()).to.include({ records: 4, seed: 42 });
  });

  it('finds the `esdh` key of package.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-suite', version: '1.0.0', esdh: { default_profile: 'heavy', as_of: '2023-01-31' } }));
    const engine = await createEngine({ cwd: dir, env: NO_ENV });
    expect(engine.config.source).to.equal(join(dir, 'package.json'));
    expect(engine.config).to.include({ default_profile: 'heavy', as_of: '2023-01-31' });
    expect(engine.plan().profile).to.equal('heavy');
  });

  it('a package.json without an `esdh` key is no config: the defaults apply', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-suite' }));
    const engine = await createEngine({ cwd: dir, env: NO_ENV });
    expect(engine.config.source).to.equal('built-in defaults');
  });

  it('noConfigFile ignores a config file in the cwd', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'default_seed: 5\n');
    const engine = await createEngine({ cwd: dir, noConfigFile: true, env: NO_ENV });
    expect(engine.config.default_seed).to.equal(20251101);
  });

  it('an explicit configPath is used instead of the search', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'default_seed: 5\n');
    writeFileSync(join(dir, 'ci.yaml'), 'default_seed: 6\n');
    const engine = await createEngine({ cwd: dir, configPath: 'ci.yaml', env: NO_ENV });
    expect(engine.config.default_seed).to.equal(6);
    const missing = await expectEsdhError(createEngine({ cwd: dir, configPath: 'nope.yaml', env: NO_ENV }), 'ESDH_ERR_CONFIG_UNREADABLE');
    expect(missing.message).to.include(join(dir, 'nope.yaml'));
  });

  it('an invalid value → ESDH_ERR_CONFIG_INVALID naming the file, the dotted path and what is expected', async () => {
    const dir = tempDir();
    const file = join(dir, 'esdh.config.yaml');
    writeFileSync(file, 'profiles:\n  baseline:\n    records: 0\n');
    const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.equal(`Invalid config in ${file} at profiles.baseline.records: must be >= 1`);
    expect(error.status).to.equal(400);
  });

  it('an unknown key and a wrong type are reported the same way', async () => {
    const dir = tempDir();
    const file = join(dir, '.esdhrc.json');
    writeFileSync(file, JSON.stringify({ colour: 'blue' }));
    const unknown = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
    expect(unknown.message).to.include(file);
    expect(unknown.message).to.include("'colour'");
    writeFileSync(file, JSON.stringify({ api: { port: 'eighty' } }));
    const wrongType = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
    expect(wrongType.message).to.equal(`Invalid config in ${file} at api.port: must be integer`);
  });

  it('unparseable YAML → ESDH_ERR_CONFIG_UNREADABLE naming the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'esdh.config.yaml');
    writeFileSync(file, 'profiles: [unclosed\n  : bad: x\n');
    const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_UNREADABLE');
    expect(error.message).to.include(`Config file ${file} could not be read`);
  });

  it('DEMO_PROFILE from the env option selects the default profile', async () => {
    const engine = await createEngine({ noConfigFile: true, env: { DEMO_PROFILE: 'heavy' } });
    expect(engine.config.default_profile).to.equal('heavy');
    expect(engine.plan()).to.include({ profile: 'heavy', records: 200 });
    // an explicit profile still wins
    expect(engine.plan({ profile: 'baseline' })).to.include({ profile: 'baseline', records: 30, seed: 42 });
  });

  it('DEMO_PROFILE overrides the file, and loadConfig takes env the same way', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'default_profile: baseline\nprofiles:\n  nightly:\n    records: 2\n');
    const schemas = new SchemaRegistry().addFolder(join(packageRoot(), 'schemas'));
    const config = await loadConfig(schemas, { cwd: dir, env: { DEMO_PROFILE: 'nightly', DEMO_API_PORT: '6001' } });
    expect(config.default_profile).to.equal('nightly');
    expect(config.api.port).to.equal(6001);
    const defaults = await loadConfig(schemas, { cwd: dir, env: NO_ENV });
    expect(defaults.default_profile).to.equal('baseline');
    expect(defaults.api.port).to.equal(5000);
  });

  it('a bad DEMO_API_PORT → ESDH_ERR_CONFIG_INVALID naming the variable', async () => {
    const error = await expectEsdhError(createEngine({ noConfigFile: true, env: { DEMO_API_PORT: 'http' } }), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.include('DEMO_API_PORT');
    expect(error.message).to.include("'http'");
  });

  it("an unknown profile in engine.plan({ profile: 'nope' }) → ESDH_ERR_PROFILE_UNKNOWN listing baseline, heavy", async () => {
    const engine = await createEngine({ noConfigFile: true, env: NO_ENV });
    const error = await expectEsdhError(() => engine.plan({ profile: 'nope' }), 'ESDH_ERR_PROFILE_UNKNOWN');
    expect(error.message).to.equal("Unknown profile 'nope'; known profiles: baseline, heavy, book");
    expect(error.status).to.equal(400);
  });

  it('an unknown DEMO_PROFILE is reported when a run is planned', async () => {
    const engine = await createEngine({ noConfigFile: true, env: { DEMO_PROFILE: 'nightly' } });
    const error = await expectEsdhError(() => engine.plan(), 'ESDH_ERR_PROFILE_UNKNOWN');
    expect(error.message).to.include("'nightly'");
    expect(error.message).to.include('baseline, heavy');
  });

  it('a file may override one field of a built-in profile, and unquoted YAML dates stay dates', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'as_of: 2024-06-30\nprofiles:\n  baseline: { seed: 7 }\n');
    const { config } = await createEngine({ cwd: dir, env: NO_ENV });
    expect(config.as_of).to.equal('2024-06-30');
    expect(config.profiles.baseline).to.include({ records: 30, seed: 7 });
  });

  it('a new profile without records names the file and the missing field', async () => {
    const dir = tempDir();
    const file = join(dir, 'esdh.config.yaml');
    writeFileSync(file, 'profiles:\n  nightly: { seed: 7 }\n');
    const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.equal(`Invalid config in ${file} at profiles.nightly: must have required property 'records'`);
  });

  it('a YAML syntax error says where', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'esdh.config.yaml'), 'profiles: [unclosed\n');
    const error = await expectEsdhError(createEngine({ cwd: dir, env: NO_ENV }), 'ESDH_ERR_CONFIG_UNREADABLE');
    expect(error.message).to.match(/could not be read: .* at line \d+, column \d+$/);
  });

  it('finds the project config from a subfolder, up to the folder with package.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-project', esdh: { default_seed: 5 } }));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'tests', 'e2e'), { recursive: true });
    const { config } = await createEngine({ cwd: join(dir, 'tests', 'e2e'), env: NO_ENV });
    expect(config.default_seed).to.equal(5);
  });
});
