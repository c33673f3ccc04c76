/**
 * `esdh plugin new`: the scaffold works as written (run, verify, its own
 * test), registers itself in every config format with a minimal edit, and
 * refuses bad names without leaving anything behind.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../engine/index.js';
import { esdh } from '../helpers/cli.js';
import { packageRoot } from '../helpers/package-root.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('esdh plugin new (scaffold)', () => {
  const tempDir = useTempDirs('esdh-scaffold-');

  /** An empty project with esdh linked into node_modules, as `npm install esdh` would leave it. */
  function project(packageJson: Record<string, unknown> = { name: 'qa', private: true, type: 'module' }): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2) + '\n');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot(), join(dir, 'node_modules', 'esdh'), 'dir');
    return dir;
  }

  /** Everything in `dir` except node_modules, for "nothing was written" checks. */
  const contents = (dir: string) => readdirSync(dir).filter((f) => f !== 'node_modules').sort();

  it('writes schema, generator, test and golden files, creates the config, and the plugin runs and verifies as written', async () => {
    const dir = project();
    const result = await esdh(['plugin', 'new', 'trip_log', '--depends', 'person,vehicle'], dir);
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('Created plugin trip_log (plural trip_logs) in plugins/trip_log/').and.include('Created esdh.config.yaml');
    expect(readdirSync(join(dir, 'plugins', 'trip_log')).sort()).to.deep.equal(['golden', 'trip_log.js', 'trip_log.schema.json', 'trip_log.test.js']);
    expect(readdirSync(join(dir, 'plugins', 'trip_log', 'golden')).sort()).to.deep.equal(['1337.json', '42.json']);
    expect(readFileSync(join(dir, 'esdh.config.yaml'), 'utf8')).to.equal([
      '# ESDH config: merged over the built-in defaults (esdh profiles shows the result).',
      'plugins:', '  - ./plugins/trip_log/trip_log.js',
      'entities:', '  - person', '  - vehicle', '  - profile', '  - trip_log', '',
    ].join('\n'));

    const run = await esdh(['run', '--records', '8', '--out', 'snap'], dir);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('trip_logs_v0_1.csv').and.include('trip_logs 8');
    const verify = await esdh(['verify', 'snap'], dir);
    expect(verify.code, verify.stdout).to.equal(0);
    expect(verify.stdout).to.include('trip_log.recorded_not_after_as_of');

    const test = spawnSync(process.execPath, ['--test', 'plugins/trip_log/trip_log.test.js'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
    expect(test.status, test.stdout + test.stderr).to.equal(0);
    expect(test.stdout).to.match(/# pass 3/);

    const golden = JSON.parse(readFileSync(join(dir, 'plugins', 'trip_log', 'golden', '42.json'), 'utf8'));
    expect(golden).to.include({ entity: 'trip_log', plugin_version: '1.0.0', seed: 42, as_of: '2025-11-01' });
    expect(golden.records).to.have.length(5);
  });

  it('writes .mjs outside a "type": "module" package, so Node reads it as ESM', async () => {
    const dir = project({ name: 'qa', version: '1.0.0', type: 'commonjs' });
    const result = await esdh(['plugin', 'new', 'claim_note', '--depends', 'claim'], dir);
    expect(result.code, result.stderr).to.equal(0);
    expect(existsSync(join(dir, 'plugins', 'claim_note', 'claim_note.mjs'))).to.equal(true);
    expect(existsSync(join(dir, 'plugins', 'claim_note', 'claim_note.test.mjs'))).to.equal(true);
    // One note per claim of the unit; most units have none, so this also exercises count.
    const engine = await createEngine({ cwd: dir, env: {} });
    const run = await esdh(['run', '--records', '40', '--out', 'snap'], dir);
    expect(run.code, run.stderr).to.equal(0);
    expect((await engine.verify(join(dir, 'snap'))).ok).to.equal(true);
  });

  it('edits an existing YAML config minimally: block lists get one line, flow lists one item, comments stay', async () => {
    const dir = project();
    const before = [
      '# team config',
      'as_of: 2026-01-01',
      'plugins:',
      '  # shared plugins first',
      '  - ./vendor/none-yet.js # placeholder',
      'entities: [person, vehicle]   # keep runs small',
      'profiles:',
      '  nightly: { records: 50 }',
      '',
    ].join('\n');
    mkdirSync(join(dir, 'vendor'));
    writeFileSync(join(dir, 'vendor', 'none-yet.js'), "export default { name: 'noop', plural: 'noops', version: '1.0.0', schemaId: 'noop', dependencies: [], generate: (ctx) => ({ synthetic_source: ctx.marker }) };\nexport const schemas = { noop: { type: 'object' } };\n");
    writeFileSync(join(dir, 'esdh.config.yaml'), before);
    const result = await esdh(['plugin', 'new', 'garage', '--depends', 'vehicle', '--dir', 'src/plugins'], dir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('Updated esdh.config.yaml');
    expect(readFileSync(join(dir, 'esdh.config.yaml'), 'utf8')).to.equal(before
      .replace('  - ./vendor/none-yet.js # placeholder\n', '  - ./vendor/none-yet.js # placeholder\n  - ./src/plugins/garage/garage.js\n')
      .replace('entities: [person, vehicle]   # keep runs small', 'entities: [person, vehicle, garage] # keep runs small'));
    expect(existsSync(join(dir, 'src', 'plugins', 'garage', 'garage.js'))).to.equal(true);
  });

  it('registers in a JSON config and in package.json "esdh"', async () => {
    const json = project();
    writeFileSync(join(json, '.esdhrc.json'), JSON.stringify({ default_seed: 7 }, null, 4) + '\n');
    expect((await esdh(['plugin', 'new', 'odometer'], json)).code).to.equal(0);
    expect(JSON.parse(readFileSync(join(json, '.esdhrc.json'), 'utf8'))).to.deep.equal({ default_seed: 7, plugins: ['./plugins/odometer/odometer.js'], entities: ['person', 'vehicle', 'profile', 'odometer'] });
    expect(readFileSync(join(json, '.esdhrc.json'), 'utf8')).to.match(/^ {4}"default_seed"/m);

    const pkg = project({ name: 'qa', type: 'module', esdh: { as_of: '2026-01-01' } });
    const result = await esdh(['plugin', 'new', 'odometer', '--off'], pkg);
    expect(result.code, result.stderr).to.equal(0);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest.esdh).to.deep.equal({ as_of: '2026-01-01', plugins: ['./plugins/odometer/odometer.js'] });
    expect(manifest.name).to.equal('qa');
  });

  describe('refuses, writing nothing', () => {
    const cases: [string, string[], string, RegExp][] = [
      ['a name with capitals or hyphens, suggesting one', ['Driver-History'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /lower-case letters.*\(e\.g\. driver_history\)/],
      ['a built-in entity', ['vehicle'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /'vehicle' is already the entity 'vehicle'/],
      ['a built-in plural', ['persons'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /the plural of 'person'/],
      ['a schema id', ['config'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /the schema 'config'/],
      ['a reserved word', ['bundle'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /reserve/],
      ['an unknown dependency', ['trip', '--depends', 'person,car'], 'ESDH_ERR_SCAFFOLD_NAME_INVALID', /--depends names 'car'.*registered entities: account, person, vehicle/],
    ];
    for (const [what, args, code, message] of cases) {
      it(`${what} → ${code}`, async () => {
        const dir = project();
        const result = await esdh(['plugin', 'new', ...args], dir);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(new RegExp(`^${code}: `)).and.match(message);
        expect(contents(dir)).to.deep.equal(['package.json']);
      });
    }

    it('an existing plugin folder → ESDH_ERR_SCAFFOLD_EXISTS', async () => {
      const dir = project();
      mkdirSync(join(dir, 'plugins', 'trip'), { recursive: true });
      const result = await esdh(['plugin', 'new', 'trip'], dir);
      expect(result.stderr).to.match(/^ESDH_ERR_SCAFFOLD_EXISTS: '.*plugins\/trip' already exists/);
      expect(contents(dir)).to.deep.equal(['package.json', 'plugins']);
    });

    it('a YAML form it cannot edit safely → ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE with the line to add', async () => {
      const dir = project();
      const config = 'plugins: [\n  ./a.js,\n]\n';
      writeFileSync(join(dir, 'esdh.config.yaml'), config);
      writeFileSync(join(dir, 'a.js'), "export default { name: 'a_thing', plural: 'a_things', version: '1.0.0', schemaId: 'a_thing', dependencies: [], generate: (ctx) => ({}) };\nexport const schemas = { a_thing: { type: 'object' } };\n");
      const result = await esdh(['plugin', 'new', 'trip'], dir);
      expect(result.stderr).to.match(/^ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE: Cannot add the plugin to .*esdh\.config\.yaml.*Add it by hand: plugins: \[\.\/plugins\/trip\/trip\.js\]/);
      expect(readFileSync(join(dir, 'esdh.config.yaml'), 'utf8')).to.equal(config);
      expect(existsSync(join(dir, 'plugins'))).to.equal(false);
    });

    it("a project where 'esdh' cannot be imported → ESDH_ERR_PLUGIN_LOAD_FAILED saying to install it, everything removed", async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa', type: 'module' }));
      const result = await esdh(['plugin', 'new', 'trip'], dir);
      expect(result.stderr).to.match(/^ESDH_ERR_PLUGIN_LOAD_FAILED: .*Cannot find package 'esdh'.*npm install --save-dev esdh/);
      expect(contents(dir)).to.deep.equal(['package.json']);
    });

    it("usage mistakes: no action, another action, no name", async () => {
      const dir = project();
      for (const args of [[], ['add', 'trip'], ['new']]) {
        const result = await esdh(['plugin', ...args], dir);
        expect(result.code, args.join(' ')).to.equal(2);
        expect(result.stderr).to.match(/^ESDH_ERR_USAGE: .*see 'esdh plugin --help'/);
      }
    });
  });

  it("--help shows the usage and points at the guide", async () => {
    const result = await esdh(['plugin', '--help'], tempDir());
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('esdh plugin new <name> [--depends person,vehicle]').and.include('docs/plugins.md');
  });
});
