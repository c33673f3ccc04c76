/** The CLI end to end, in temp folders: what a user types and sees. */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdh, esdhProcess } from '../../../helpers/cli.js';
import { readSnapshotFiles } from '../../../helpers/snapshot-files.js';
import { rehash, tamperNdjsonRecord } from '../../../helpers/tamper.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

const V01_FILES = ['README_SNAPSHOT_V0_1.md', 'dataset_v0_1.json', 'metadata_v0_1.json', 'persons_v0_1.csv', 'profiles_v0_1.csv', 'snapshot_manifest_v0_1.json', 'vehicles_v0_1.csv'];

describe('esdh CLI', () => {
  const tempDir = useTempDirs();

  it('@demo run --profile baseline (real process) writes 30/30/30 into data/demo_runs with latest_demo, and verify accepts it', () => {
    const cwd = tempDir();
    const run = esdhProcess(['run', '--profile', 'baseline'], cwd);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/records: +persons 30, vehicles 30, profiles 30/);
    expect(run.stdout).to.match(/seed: +42 \(profile\)/);
    expect(run.stdout).to.include('synthetic_source: enterprise-synthetic-data-hub v0.1');
    const runsDir = join(cwd, 'data', 'demo_runs');
    const [folder] = readdirSync(runsDir).filter((n) => n !== 'latest_demo');
    expect(folder).to.match(/^\d{8}_\d{6}_baseline$/);
    expect(readlinkSync(join(runsDir, 'latest_demo'))).to.equal(folder);
    expect(readdirSync(join(runsDir, folder!)).sort()).to.deep.equal(V01_FILES);
    const manifest = JSON.parse(readFileSync(join(runsDir, folder!, 'snapshot_manifest_v0_1.json'), 'utf8'));
    expect(manifest.record_counts).to.deep.equal({ persons: 30, vehicles: 30, profiles: 30 });
    expect(manifest.files).to.include({ persons_csv: 'persons_v0_1.csv', vehicles_csv: 'vehicles_v0_1.csv', dataset_json: 'dataset_v0_1.json', metadata_json: 'metadata_v0_1.json' });
    const verify = esdhProcess(['verify', join(runsDir, 'latest_demo')], cwd);
    expect(verify.code, verify.stdout + verify.stderr).to.equal(0);
    expect(verify.stdout).to.include('OK: every rule passed');
  });

  it('two runs with the same seed write the same data-file hashes', async () => {
    const cwd = tempDir();
    for (const out of ['a', 'b']) expect((await esdh(['run', '--seed', '9', '--records', '40', '--format', 'csv,json,ndjson', '--out', out], cwd)).code).to.equal(0);
    expect(readSnapshotFiles(join(cwd, 'a'))).to.deep.equal(readSnapshotFiles(join(cwd, 'b')));
  });

  it('keeps only the 5 newest runs', async () => {
    const cwd = tempDir();
    const runsDir = join(cwd, 'data', 'demo_runs');
    const { mkdirSync, utimesSync } = await import('node:fs');
    for (let i = 1; i <= 6; i++) {
      // Old runs, finished on the day their names say (a run finished in the last minute is never pruned).
      mkdirSync(join(runsDir, `2020010${i}_000000_baseline`), { recursive: true });
      utimesSync(join(runsDir, `2020010${i}_000000_baseline`), new Date(`2020-01-0${i}T00:00:00Z`), new Date(`2020-01-0${i}T00:00:00Z`));
    }
    expect((await esdh(['run', '--records', '2'], cwd)).code).to.equal(0);
    const runs = readdirSync(runsDir).filter((n) => n !== 'latest_demo').sort();
    expect(runs).to.have.length(5);
    expect(runs[0]).to.equal('20200103_000000_baseline');
  });

  it('clean removes the demo runs, latest_demo and demo server files', async () => {
    const cwd = tempDir();
    await esdh(['run', '--records', '2'], cwd);
    writeFileSync(join(cwd, '.demo_api_pid'), '123');
    const clean = await esdh(['clean'], cwd);
    expect(clean.code).to.equal(0);
    expect(readdirSync(join(cwd, 'data', 'demo_runs'))).to.deep.equal([]);
    expect(existsSync(join(cwd, '.demo_api_pid'))).to.equal(false);
  });

  describe('bad input: one ESDH_ERR line, exit 2, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['run', '--profile', 'nightly'], /^ESDH_ERR_PROFILE_UNKNOWN: Unknown profile 'nightly'; known profiles: baseline, heavy, book\n$/],
      [['run', '--records', '0'], /^ESDH_ERR_OPTION_INVALID: Invalid --records "0": expected a whole number/],
      [['run', '--records', '-1'], /^ESDH_ERR_OPTION_INVALID: Invalid --records "-1"/],
      [['run', '--records', 'abc'], /^ESDH_ERR_OPTION_INVALID: Invalid --records "abc"/],
      [['run', '--records', '2.5'], /^ESDH_ERR_OPTION_INVALID: Invalid --records "2.5"/],
      [['run', '--seed', 'abc'], /^ESDH_ERR_OPTION_INVALID: Invalid --seed "abc": expected a whole number from 0/],
      [['run', '--format', 'xml'], /^ESDH_ERR_EXPORTER_UNKNOWN: Unknown format 'xml'; known formats: csv, json, ndjson, sqlite, parquet\n$/],
      [['run', '--entities', 'car'], /^ESDH_ERR_ENTITY_UNKNOWN: Unknown entity 'car'; known entities: account, person, vehicle, profile, policy, policy_driver, policy_vehicle, coverage, claim, claim_exposure, claim_transaction\n$/],
      [['run', '--as-of', '2025-13-01'], /^ESDH_ERR_OPTION_INVALID: Invalid --as-of "2025-13-01"/],
      [['run', '--frobnicate'], /^ESDH_ERR_USAGE: Unknown option '--frobnicate'; see 'esdh run --help'\n$/],
      [['explode'], /^ESDH_ERR_COMMAND_UNKNOWN: Unknown command 'explode'; commands: run, snapshot, verify/],
    ];
    for (const [argv, expected] of cases) {
      it(`esdh ${argv.join(' ')}`, async () => {
        const cwd = tempDir();
        const result = await esdh(argv, cwd);
        expect(result.stderr).to.match(expected);
        expect(result.stderr).not.to.match(/\n\s+at /); // no stack trace
        expect(result.code).to.equal(2);
        expect(readdirSync(cwd)).to.deep.equal([]);
      });
    }

    it('an output folder that exists', async () => {
      const cwd = tempDir();
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(cwd, 'taken'));
      const result = await esdh(['run', '--out', 'taken'], cwd);
      expect(result.stderr).to.match(/^ESDH_ERR_OUTPUT_EXISTS: Output folder '.*taken' already exists/);
      expect(readdirSync(join(cwd, 'taken'))).to.deep.equal([]);
      expect(readdirSync(cwd)).to.deep.equal(['taken']);
    });

    it('an output folder that cannot be written', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'file'), 'not a folder');
      const result = await esdh(['run', '--out', 'file/inside'], cwd);
      expect(result.stderr).to.match(/^ESDH_ERR_OUTPUT_UNWRITABLE: Output folder '.*inside' cannot be written/);
      expect(result.code).to.equal(1);
      expect(readdirSync(cwd)).to.deep.equal(['file']);
    });

    it('an invalid config names the file, the path and what is expected', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'esdh.config.yaml'), 'profiles:\n  baseline:\n    records: many\n');
      const result = await esdh(['run'], cwd);
      expect(result.stderr).to.match(/^ESDH_ERR_CONFIG_INVALID: Invalid config in .*esdh\.config\.yaml at profiles\.baseline\.records: must be integer\n$/);
      expect(result.code).to.equal(2);
      expect(readdirSync(cwd)).to.deep.equal(['esdh.config.yaml']);
    });

    it('an unknown config key', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'esdh.config.yaml'), 'seeed: 4\n');
      const result = await esdh(['run'], cwd);
      expect(result.stderr).to.match(/^ESDH_ERR_CONFIG_INVALID: .* at \(top level\): must NOT have additional properties 'seeed'/);
    });
  });

  it('a config file defines a profile that run uses', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'esdh.config.yaml'), 'profiles:\n  nightly:\n    records: 7\n    seed: 99\n    formats: [ndjson]\n');
    const result = await esdh(['run', '--profile', 'nightly', '--out', 'n'], cwd);
    expect(result.code, result.stderr).to.equal(0);
    expect(readFileSync(join(cwd, 'n', 'persons_v0_1.ndjson'), 'utf8').trim().split('\n')).to.have.length(7);
    expect(JSON.parse(readFileSync(join(cwd, 'n', 'snapshot_manifest_v0_1.json'), 'utf8')).seed).to.equal(99);
  });

  it('DEMO_PROFILE selects the profile', async () => {
    const cwd = tempDir();
    const result = await esdh(['run', '--out', 'h', '--seed', '3'], cwd, { DEMO_PROFILE: 'heavy' });
    expect(result.stdout).to.match(/profile heavy/);
    expect(result.stdout).to.match(/persons 200/);
  });

  it('profiles --json lists profiles, API defaults and fields', async () => {
    const result = await esdh(['profiles', '--json'], tempDir());
    const info = JSON.parse(result.stdout);
    expect(info.profiles.map((p: { name: string }) => p.name)).to.deep.equal(['baseline', 'heavy', 'book']);
    expect(info.profiles[0]).to.include({ records: 30, seed: 42 });
    expect(info.profiles[1]).to.include({ records: 200, seed: 'random' });
    expect(info.api).to.include({ host: '127.0.0.1', port: 5000, health: '/healthz' });
    expect(info.fields.vehicle.slice(0, 3)).to.deep.equal(['vehicle_id', 'person_id', 'vin']);
  });

  it('--help explains every command', async () => {
    for (const command of ['run', 'snapshot', 'verify', 'profiles', 'plugins', 'clean', 'codegen']) {
      const result = await esdh([command, '--help'], tempDir());
      expect(result.code).to.equal(0);
      expect(result.stdout, command).to.match(/^.+\n\nUsage: esdh /);
    }
  });

  describe('verify rejects', () => {
    async function snapshot(): Promise<string> {
      const cwd = tempDir();
      await esdh(['run', '--records', '5', '--format', 'csv,json,ndjson', '--out', 's'], cwd);
      return join(cwd, 's');
    }

    it('a tampered file', async () => {
      const dir = await snapshot();
      const path = join(dir, 'vehicles_v0_1.csv');
      writeFileSync(path, readFileSync(path, 'utf8').replace('Medium', 'Low'));
      const result = await esdh(['verify', dir], dir);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/FAIL files\.checksum.*\n  vehicles_v0_1\.csv: \d+ bytes, manifest says \d+/);
    });

    it('a missing file', async () => {
      const dir = await snapshot();
      rmSync(join(dir, 'persons_v0_1.csv'));
      const result = await esdh(['verify', dir], dir);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/FAIL files\.present.*\n  persons_v0_1\.csv: missing/);
    });

    it('a record without the marker (even with the checksum fixed)', async () => {
      const dir = await snapshot();
      tamperNdjsonRecord(dir, 'profiles_v0_1.ndjson', 2, (r) => {
        delete r.synthetic_source;
      });
      const result = await esdh(['verify', dir], dir);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/FAIL schema.*\n  profiles_v0_1\.ndjson:2: profile \/ must have required property 'synthetic_source'/);
      expect(result.stdout).to.match(/FAIL marker.*\n  profiles_v0_1\.ndjson:2: synthetic_source is undefined/);
    });

    it('a broken foreign key', async () => {
      const dir = await snapshot();
      tamperNdjsonRecord(dir, 'vehicles_v0_1.ndjson', 1, (r) => {
        r.person_id = '00000000-0000-4000-8000-000000000000';
      });
      const result = await esdh(['verify', dir], dir);
      expect(result.stdout).to.match(/FAIL foreign_keys.*\n  vehicles_v0_1\.ndjson:1: vehicle\.person_id 00000000-0000-4000-8000-000000000000 has no person\.person_id/);
    });

    it('an extra file and a folder that is not a snapshot', async () => {
      const dir = await snapshot();
      writeFileSync(join(dir, 'notes.txt'), 'x');
      rehash(dir, 'persons_v0_1.csv');
      expect((await esdh(['verify', dir], dir)).stdout).to.match(/FAIL files\.unlisted.*\n  notes\.txt: not listed/);
      const empty = tempDir();
      const result = await esdh(['verify', empty], empty);
      expect(result.stderr).to.match(/^ESDH_ERR_SNAPSHOT_UNREADABLE: .* no snapshot_manifest_\*\.json in it/);
      expect(result.code).to.equal(2);
    });
  });
});
