/**
 * `--shard k/N` and `esdh merge`: the shards of a run, merged, are the same
 * data files as the run made in one go (csv, ndjson and the json bundle with
 * its metadata), with a manifest that records the shards; shards of other
 * runs, gaps, overlaps and altered files are refused with their own codes.
 */
import { expect } from 'chai';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../adapters/transports/cli/main.js';
import { parseShard } from '../../adapters/transports/cli/commands/run.js';
import type { Engine } from '../../engine/index.js';
import { expectEsdhError } from '../helpers/errors.js';
import { newEngine } from '../helpers/engine.js';
import { readManifest, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const REQUEST = { records: 301, seed: 4242, asOf: '2025-11-01', entities: ['person', 'vehicle', 'profile', 'policy', 'claim'], formats: ['csv', 'json', 'ndjson'] };

/** The whole run and its N shards, in `parent`. */
async function runAndShards(engine: Engine, parent: string, count: number, request: Record<string, unknown> = REQUEST): Promise<{ whole: string; shards: string[] }> {
  const whole = (await engine.run({ ...request, out: join(parent, 'whole') })).dir;
  const shards: string[] = [];
  for (let k = 1; k <= count; k++) shards.push((await engine.run({ ...request, shard: { index: k, count }, out: join(parent, `shard-${k}-of-${count}`) })).dir);
  return { whole, shards };
}

describe('engine shards (--shard k/N) and merge', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('esdh-shards-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  it('merged shards are byte-identical to the single run: every data file and the README', async () => {
    const parent = tempDir();
    const { whole, shards } = await runAndShards(engine, parent, 3);
    const merged = await engine.merge(shards, { out: join(parent, 'merged') });
    const files = readSnapshotFiles(whole);
    expect(Object.keys(files)).to.include.members(['persons_v0_1.csv', 'claims_v0_1.csv', 'dataset_v0_1.json', 'metadata_v0_1.json', 'vehicles_v0_1.ndjson', 'README_SNAPSHOT_V0_1.md']);
    expect(readSnapshotFiles(merged.dir)).to.deep.equal(files);
  });

  it('the merged manifest is the single run\'s (run section aside) plus merged_from listing the shards in unit order', async () => {
    const parent = tempDir();
    const { whole, shards } = await runAndShards(engine, parent, 4);
    const merged = await engine.merge([shards[2]!, shards[0]!, shards[3]!, shards[1]!], { out: join(parent, 'merged') });
    const { run: _a, ...single } = readManifest(whole);
    const { run: _b, merged_from, ...rest } = readManifest(merged.dir) as ReturnType<typeof readManifest> & { merged_from: { index: number; unit_start: number; unit_end: number; dir: string; manifest_sha256: string }[] };
    expect(rest).to.deep.equal(single);
    expect(JSON.stringify(rest), 'same key order too').to.equal(JSON.stringify(single));
    expect(merged_from.map((s) => [s.index, s.unit_start, s.unit_end])).to.deep.equal([[1, 0, 75], [2, 75, 150], [3, 150, 225], [4, 225, 301]]);
    expect(merged_from.map((s) => s.dir)).to.deep.equal(shards);
    expect(merged_from.every((s) => /^[0-9a-f]{64}$/.test(s.manifest_sha256))).to.equal(true);
    expect(merged.manifest.shard).to.equal(null);
    expect(merged.manifest.regenerate).to.not.include('--shard');
    const report = await engine.verify(merged.dir);
    expect(report.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
  });

  it('empty shards (more shards than units) and entities with no records in a shard merge correctly', async () => {
    const parent = tempDir();
    const request = { ...REQUEST, records: 3 };
    const { whole, shards } = await runAndShards(engine, parent, 5, request);
    const sizes = shards.map((dir) => readManifest(dir).units);
    expect(sizes).to.deep.equal([0, 1, 0, 1, 1]);
    expect(readFileSync(join(shards[0]!, 'persons_v0_1.csv'), 'utf8').split('\n')).to.have.length(2, 'an empty shard\'s CSV is its header line');
    const merged = await engine.merge(shards, { out: join(parent, 'merged') });
    expect(readSnapshotFiles(merged.dir)).to.deep.equal(readSnapshotFiles(whole));
    // Three accounts: their households' persons, all of them.
    expect(JSON.parse(readFileSync(join(merged.dir, 'dataset_v0_1.json'), 'utf8')).persons).to.have.length(readManifest(whole).record_counts.persons!);
    expect(JSON.parse(readFileSync(join(merged.dir, 'dataset_v0_1.json'), 'utf8')).accounts).to.have.length(3);
  });

  it('one shard of one merges into the run itself; a single format merges alone (engine.merge)', async () => {
    const parent = tempDir();
    const request = { records: 40, seed: 1, formats: ['ndjson'] };
    const { whole, shards } = await runAndShards(engine, parent, 1, request);
    expect((await engine.merge(shards, { out: join(parent, 'merged') })).manifest.record_counts).to.deep.equal({ persons: 40, vehicles: 40, profiles: 40 });
    expect(readSnapshotFiles(join(parent, 'merged'))).to.deep.equal(readSnapshotFiles(whole));
  });

  it('refuses a folder that is not a shard', async () => {
    const parent = tempDir();
    const { whole, shards } = await runAndShards(engine, parent, 2, { records: 10, seed: 1, formats: ['csv'] });
    const error = await expectEsdhError(engine.merge([shards[0]!, whole], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(error.message).to.include(whole).and.to.include('not a shard');
    await expectEsdhError(engine.merge([join(parent, 'nope')], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(existsSync(join(parent, 'merged'))).to.equal(false);
  });

  it('refuses shards of different runs: seed, as_of, formats, entities, shard count', async () => {
    const parent = tempDir();
    const base = { records: 20, seed: 1, asOf: '2025-11-01', formats: ['csv', 'ndjson'] };
    const one = (await engine.run({ ...base, shard: { index: 1, count: 2 }, out: join(parent, 'one') })).dir;
    const cases: [string, Record<string, unknown>, { index: number; count: number }][] = [
      ['seed', { seed: 2 }, { index: 2, count: 2 }],
      ['as_of', { asOf: '2024-01-01' }, { index: 2, count: 2 }],
      ['formats', { formats: ['csv'] }, { index: 2, count: 2 }],
      ['entities', { entities: ['person', 'vehicle'] }, { index: 2, count: 2 }],
      ['shard count', {}, { index: 2, count: 3 }],
      ['run units', { records: 21 }, { index: 2, count: 2 }],
    ];
    for (const [field, change, shard] of cases) {
      const other = (await engine.run({ ...base, ...change, shard, out: join(parent, `other-${field.replace(/ /g, '-')}`) })).dir;
      const error = await expectEsdhError(engine.merge([one, other], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_MISMATCH');
      expect(error.message, field).to.include(`${field} is`).and.to.include(one).and.to.include(other);
    }
    expect(readdirSync(parent).filter((f) => f.includes('merged'))).to.deep.equal([]);
  });

  it('refuses gaps and overlaps: a missing shard, the same shard twice', async () => {
    const parent = tempDir();
    const { shards } = await runAndShards(engine, parent, 3, { records: 30, seed: 1, formats: ['ndjson'] });
    const missing = await expectEsdhError(engine.merge([shards[0]!, shards[2]!], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_COVERAGE');
    expect(missing.message).to.include('shard 2 of 3 is missing').and.to.include('--shard 2/3');
    const twice = await expectEsdhError(engine.merge([shards[0]!, shards[1]!, shards[1]!, shards[2]!], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_COVERAGE');
    expect(twice.message).to.include('given twice');
    await expectEsdhError(engine.merge([], { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_COVERAGE');
  });

  it('refuses a shard whose manifest claims other units than shard k of N covers', async () => {
    const parent = tempDir();
    const { shards } = await runAndShards(engine, parent, 2, { records: 10, seed: 1, formats: ['ndjson'] });
    const file = join(shards[1]!, 'snapshot_manifest_v0_1.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.shard.unit_start = 4;
    writeFileSync(file, JSON.stringify(manifest, null, 2));
    const error = await expectEsdhError(engine.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_COVERAGE');
    expect(error.message).to.include('overlap or leave a gap');
  });

  it('refuses a shard whose data file was changed after it was written, and leaves nothing behind', async () => {
    const parent = tempDir();
    const { shards } = await runAndShards(engine, parent, 2, { records: 50, seed: 1, formats: ['csv', 'json'] });
    const csv = join(shards[1]!, 'vehicles_v0_1.csv');
    const text = readFileSync(csv, 'utf8');
    writeFileSync(csv, text.replace(/Sedan/, 'Sedam'));
    const error = await expectEsdhError(engine.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(error.message).to.include('vehicles_v0_1.csv').and.to.include('sha256');
    appendFileSync(join(shards[0]!, 'persons_v0_1.csv'), 'x');
    const grown = await expectEsdhError(engine.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(grown.message).to.include('bytes');
    expect(readdirSync(parent).sort()).to.deep.equal(['shard-1-of-2', 'shard-2-of-2', 'whole']);
  });

  it('refuses to merge into an existing folder', async () => {
    const parent = tempDir();
    const { shards } = await runAndShards(engine, parent, 2, { records: 10, seed: 1, formats: ['csv'] });
    mkdirSync(join(parent, 'merged'));
    await expectEsdhError(engine.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_OUTPUT_EXISTS');
  });

  it('--shard parses k/N; out of range or malformed is a usage error', async () => {
    expect(parseShard(undefined)).to.equal(undefined);
    expect(parseShard('2/4')).to.deep.equal({ index: 2, count: 4 });
    await expectEsdhError(() => parseShard('2of4'), 'ESDH_ERR_OPTION_INVALID');
    const parent = tempDir();
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) }, cwd: parent, env: {} };
    expect(await runCli(['run', '--records', '10', '--shard', '5/4', '--out', 'x'], io)).to.equal(2);
    expect(err.join('')).to.include('ESDH_ERR_OPTION_INVALID');
    expect(existsSync(join(parent, 'x'))).to.equal(false);
  });

  it('esdh run --shard and esdh merge through the CLI: same files as the single run, exit codes for refusals', async () => {
    const parent = tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd: parent, env: {} };
    const args = ['--records', '120', '--seed', '9', '--format', 'csv,json,ndjson'];
    expect(await runCli(['run', ...args, '--out', 'whole', '--quiet'], io)).to.equal(0);
    expect(await runCli(['run', ...args, '--shard', '1/2', '--out', 's1'], io)).to.equal(0);
    expect(out.join('')).to.include('shard:            1 of 2 (units 0 to 59 of 120)');
    expect(await runCli(['run', ...args, '--shard', '2/2', '--out', 's2', '--quiet'], io)).to.equal(0);
    expect(await runCli(['merge', 's2', 's1', '--out', 'merged'], io)).to.equal(0);
    expect(out.join('')).to.include('Merged 2 shards into merged/');
    expect(readSnapshotFiles(join(parent, 'merged'))).to.deep.equal(readSnapshotFiles(join(parent, 'whole')));
    expect(await runCli(['merge', 's1', '--out', 'again'], io)).to.equal(2);
    expect(err.join('')).to.include('ESDH_ERR_SHARD_COVERAGE');
    expect(await runCli(['merge', 's1', 's2'], io)).to.equal(2);
    expect(err.join('')).to.include('ESDH_ERR_USAGE');
  });
});
