/**
 * The published package, as a user gets it: `npm pack`, install the tarball
 * into an empty folder outside the repository, then follow docs/plugins.md:
 * scaffold a plugin, `esdh run` with it, verify, and use `createEngine` in
 * test files (the docs' own example, and examples/ under mocha and node:test).
 *
 * One `npm install` per run (in `before`), which needs the npm registry for
 * ESDH's dependencies. Skip the suite with ESDH_SKIP_PACK=1.
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../helpers/package-root.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ROOT = packageRoot();
const INSTALL_TIMEOUT_MS = 240_000;
const STEP_TIMEOUT_MS = 120_000;
const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface PackedFile {
  readonly path: string;
  readonly size: number;
}
interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly PackedFile[];
}

/** What the tarball may hold: the compiled library and CLI, schemas, reference data, the bin, README, the plugin guide and the studio's static files (served as they are). */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE/, /^bin\/esdh\.js$/, /^docs\/plugins\.md$/, /^schemas\/[a-z_-]+\.schema\.json$/, /^data\/reference\//, /^dist\/(engine|plugins|adapters|config)\/.*\.(js|d\.ts)$/, /^adapters\/transports\/http\/studio\/[a-z-]+\.(html|css|js)$/];
const REQUIRED = ['dist/engine/index.js', 'dist/engine/index.d.ts', 'dist/engine/generated/person.d.ts', 'dist/plugins/person/index.js', 'dist/adapters/transports/cli/main.js',
  'dist/adapters/transports/cli/commands/plugin.js', 'dist/config/defaults.js', 'bin/esdh.js', 'schemas/person.schema.json', 'schemas/config.schema.json', 'data/reference/address/zips/CA.json', 'README.md', 'docs/plugins.md',
  'adapters/transports/http/studio/index.html', 'adapters/transports/http/studio/app.js', 'adapters/transports/http/studio/charts.js'];

/** npm with the environment of this process minus what an enclosing `npm test` set for its own package. */
function npm(args: string[], cwd: string, timeout = STEP_TIMEOUT_MS): SpawnSyncReturns<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$)/.test(k)));
  return spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env, encoding: 'utf8', timeout, shell: process.platform === 'win32' });
}

/** `node <args>` in `cwd` with a plain environment. */
function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: STEP_TIMEOUT_MS });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  expect(result.error, `${what}: ${result.error?.message}`).to.equal(undefined);
  expect(result.status, `${what} exited ${result.status}:\n${output.slice(-4000)}`).to.equal(0);
  return result.stdout;
}

/** The fenced code block after `<!-- e2e:file <name> ... -->` in docs/plugins.md. */
function docsBlock(name: string): string {
  const docs = readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8');
  const at = docs.indexOf(`<!-- e2e:file ${name}`);
  expect(at, `docs/plugins.md has no <!-- e2e:file ${name} --> block`).to.be.greaterThan(-1);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(docs.slice(at));
  return block![1]!;
}

(process.env.ESDH_SKIP_PACK === '1' ? describe.skip : describe)('packaging: the packed tarball in an empty project (ESDH_SKIP_PACK=1 skips)', function () {
  this.timeout(STEP_TIMEOUT_MS);
  let work: string;
  let consumer: string;
  let packed: PackResult;
  const esdhBin = () => join(consumer, 'node_modules', '.bin', process.platform === 'win32' ? 'esdh.cmd' : 'esdh');
  const esdh = (args: string[]) => spawnSync(esdhBin(), args, { cwd: consumer, env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, shell: process.platform === 'win32' });

  before(function () {
    this.timeout(INSTALL_TIMEOUT_MS + 2 * STEP_TIMEOUT_MS);
    expect(existsSync(join(ROOT, 'dist', 'engine', 'index.js')), 'build first (npm test runs tsc)').to.equal(true);
    work = makeTempDir('esdh-pack-');
    // --ignore-scripts: pack the dist this suite was built from, without rebuilding it under the running tests.
    const pack = ok(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT), 'npm pack');
    packed = (JSON.parse(pack) as PackResult[])[0]!;
    consumer = join(work, 'qa-data');
    mkdirSync(consumer);
    ok(npm(['init', '-y'], consumer), 'npm init -y');
    ok(npm(['install', '--save-dev', join(work, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'], consumer, INSTALL_TIMEOUT_MS), 'npm install <tarball> (needs the npm registry; ESDH_SKIP_PACK=1 skips)');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds only the compiled library, CLI, schemas, reference data and docs', () => {
    const paths = packed.files.map((f) => f.path);
    const stray = paths.filter((p) => !ALLOWED.some((re) => re.test(p)));
    expect(stray, 'files that should not be published').to.deep.equal([]);
    for (const path of REQUIRED) expect(paths, path).to.include(path);
    for (const banned of [/^test\//, /^dist\/test\//, /^dist\/bench\//, /^data\/snapshots\//, /^data\/demo_runs\//, /^data\/demo_samples\//, /\.map$/, /(?<!\.d)\.ts$/]) {
      expect(paths.filter((p) => banned.test(p)), String(banned)).to.deep.equal([]);
    }
    const stale = paths.filter((p) => /^dist\/.*\.js$/.test(p) && !existsSync(join(ROOT, p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
    expect(stale, 'compiled files whose source is gone (rebuild from a clean dist/)').to.deep.equal([]);
    // Reference data for 51 jurisdictions, the name tables and the vPIC-derived catalogue are most of it (D68).
    expect(packed.size, `tarball ${packed.size} bytes, ${packed.entryCount} files`).to.be.below(1_500_000);
  });

  it('installs without running prepare or needing TypeScript, with a complete dist', () => {
    const installed = join(consumer, 'node_modules', 'esdh');
    expect(existsSync(join(consumer, 'node_modules', 'typescript')), 'typescript was installed: prepare ran or it became a dependency').to.equal(false);
    expect(existsSync(join(installed, 'dist', 'engine', 'index.js'))).to.equal(true);
    expect(existsSync(join(installed, 'tsconfig.json'))).to.equal(false);
    expect(readdirSync(join(installed, 'schemas')).sort()).to.deep.equal(readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort());
    // The studio's page and Chart.js (a dependency, from the consumer's node_modules) are there to serve.
    const studio = node(['--input-type=module', '-e', `const { studioFiles } = await import(${JSON.stringify(pathToFileURL(join(installed, 'dist', 'adapters', 'transports', 'http', 'studio-files.js')).href)}); const f = studioFiles(); console.log(JSON.stringify({ page: f.get('/').body.toString().includes('ESDH studio'), chart: f.get('/studio/vendor/chart.umd.js').body.length > 100000 }));`], consumer);
    expect(studio.stderr).to.equal('');
    expect(JSON.parse(studio.stdout)).to.deep.equal({ page: true, chart: true });
  });

  it("import { createEngine } from 'esdh' works from ESM, and require('esdh') from CommonJS", () => {
    writeFileSync(join(consumer, 'smoke.mjs'), [
      "import { createEngine, ENGINE_VERSION } from 'esdh';",
      'const engine = await createEngine({ noConfigFile: true });',
      "const persons = await engine.generate('person', { records: 3, seed: 42 });",
      "console.log(JSON.stringify({ version: ENGINE_VERSION, count: persons.length, state: persons[0].state, formats: engine.formats() }));",
    ].join('\n'));
    const esm = JSON.parse(ok(node(['smoke.mjs'], consumer), 'ESM import'));
    expect(esm).to.deep.include({ version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version, count: 3 });
    expect(esm.state).to.match(/^[A-Z]{2}$/);
    const cjs = ok(node(['-e', "const { createEngine, seedFor } = require('esdh'); console.log(typeof createEngine, seedFor(''))"], consumer), 'CommonJS require');
    expect(cjs.trim()).to.equal(`function ${0xe3b0c442}`);
  });

  it('types resolve through the exports map (.d.ts): typed records, typed overrides', () => {
    writeFileSync(join(consumer, 'typed.ts'), [
      "import { createEngine, loadSnapshot, seedFor, type Person, type Vehicle, type Engine } from 'esdh';",
      'export async function example(): Promise<string> {',
      '  const engine: Engine = await createEngine();',
      "  const vehicle: Vehicle = engine.build('vehicle', { seed: seedFor('typed'), overrides: { person: { state: 'NV' } } });",
      "  const person: Person = engine.build('person');",
      "  // @ts-expect-error: not a vehicle field",
      "  engine.build('vehicle', { overrides: { colour: 'red' } });",
      "  const { records } = await loadSnapshot('snap');",
      '  const first: Person | undefined = records.persons[0];',
      '  return vehicle.vin + person.state + String(first?.city);',
      '}',
    ].join('\n'));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
      files: ['typed.ts'],
    }));
    ok(node([TSC, '-p', 'tsconfig.json'], consumer), 'tsc on a consumer file');
  });

  it('follows docs/plugins.md: scaffold a plugin, esdh run with it, verify, run its test and a createEngine test', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8');
    const commands = ['npx esdh plugin new driver_history --depends person,vehicle', 'npx esdh run --records 10', 'npx esdh verify data/demo_runs/latest_demo', 'node --test plugins/driver_history/driver_history.test.mjs'];
    for (const command of commands) expect(docs, 'the docs show the command the test runs').to.include(command);

    const scaffold = ok(esdh(['plugin', 'new', 'driver_history', '--depends', 'person,vehicle']), 'esdh plugin new');
    expect(scaffold).to.include('Created plugin driver_history');
    expect(readFileSync(join(consumer, 'esdh.config.yaml'), 'utf8')).to.include('- ./plugins/driver_history/driver_history.mjs');
    for (const file of ['driver_history.schema.json', 'driver_history.mjs', 'driver_history.test.mjs', 'golden/42.json', 'golden/1337.json']) {
      expect(existsSync(join(consumer, 'plugins', 'driver_history', file)), file).to.equal(true);
    }

    const run = ok(esdh(['run', '--records', '10']), 'esdh run');
    expect(run).to.include('driver_histories_v0_1.csv').and.include('driver_histories 10');
    const verify = ok(esdh(['verify', 'data/demo_runs/latest_demo']), 'esdh verify');
    expect(verify).to.include('driver_history.recorded_not_after_as_of').and.include('OK: every rule passed');

    const nodeTest = ok(node(['--test', 'plugins/driver_history/driver_history.test.mjs'], consumer), 'the scaffolded test under node:test');
    expect(nodeTest).to.match(/# pass 3/);
    ok(node([MOCHA, 'plugins/driver_history/driver_history.test.mjs'], consumer), 'the scaffolded test under mocha');

    mkdirSync(join(consumer, 'test'), { recursive: true });
    writeFileSync(join(consumer, 'test', 'driver-history.test.mjs'), docsBlock('test/driver-history.test.mjs'));
    const docsTest = ok(node(['--test', 'test/driver-history.test.mjs'], consumer), "the docs' createEngine test");
    expect(docsTest).to.match(/# pass 2/);

    const codegen = ok(esdh(['codegen', '--schemas', 'plugins/driver_history', '--out', 'plugins/driver_history/generated']), 'esdh codegen');
    expect(codegen).to.include('Wrote 2 files');
    expect(readFileSync(join(consumer, 'plugins', 'driver_history', 'generated', 'driver_history.ts'), 'utf8')).to.include('export interface DriverHistory');
  });

  it('the mocha and node:test examples pass against the installed package', () => {
    mkdirSync(join(consumer, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'examples', 'mocha', 'embedding.test.mjs'), join(consumer, 'examples', 'mocha.test.mjs'));
    cpSync(join(ROOT, 'examples', 'node-test', 'embedding.test.mjs'), join(consumer, 'examples', 'node-test.test.mjs'));
    const mocha = ok(node([MOCHA, 'examples/mocha.test.mjs'], consumer), 'examples/mocha under mocha');
    expect(mocha).to.include('3 passing');
    const nodeTest = ok(node(['--test', 'examples/node-test.test.mjs'], consumer), 'examples/node-test under node --test');
    expect(nodeTest).to.match(/# pass 3/);
  });

  it('the CLI from node_modules/.bin knows its version and the scaffolded plugin', () => {
    expect(ok(esdh(['--version']), 'esdh --version').trim()).to.equal(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(ok(esdh(['plugins']), 'esdh plugins')).to.match(/driver_history\s+driver_histories\s+1\.0\.0/);
  });
});
