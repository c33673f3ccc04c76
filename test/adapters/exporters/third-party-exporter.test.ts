/**
 * A format the engine has never heard of (the TSV exporter in
 * test/fixtures/exporters, written against the public API only), registered
 * with `createEngine({ exporters })`, goes everywhere the built-in ones go:
 * run, verify (through its read hook, with its own header check), shard
 * merge (byte-identical to the unsharded run), loadSnapshot/openSnapshot and
 * the snapshot README. No core file knows it. A snapshot whose format this
 * engine lacks, or cannot merge or read, is refused with a coded error.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot, openSnapshot, type EntityRecord, type Engine, type Exporter } from '../../../engine/index.js';
import { tsvExporter } from '../../fixtures/exporters/tsv-exporter.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readManifest, readSnapshotFiles } from '../../helpers/snapshot-files.js';
import { rehash } from '../../helpers/tamper.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const ENTITIES = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim'];
const PLURALS = ['accounts', 'persons', 'vehicles', 'profiles', 'policies', 'policy_drivers', 'policy_vehicles', 'coverages', 'claims'];

describe('a third-party exporter (TSV, defined in test/) through every snapshot path', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('esdh-tsv-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine({ exporters: [tsvExporter] });
  });

  async function run(formats: string[], extra: Record<string, unknown> = {}): Promise<string> {
    return (await engine.run({ records: 40, seed: 77, entities: ENTITIES, formats, out: join(tempDir(), 'snap'), ...extra })).dir;
  }

  it('engine.run writes its files, lists them in the manifest under its format, and the README describes them in its words', async () => {
    const dir = await run(['tsv']);
    const manifest = readManifest(dir);
    expect(manifest.formats).to.deep.equal(['tsv']);
    const tsv = manifest.artifacts.filter((a) => a.format === 'tsv');
    expect(tsv.map((a) => a.file)).to.deep.equal(PLURALS.map((p) => `${p}_v0_1.tsv`));
    expect(readFileSync(join(dir, 'persons_v0_1.tsv'), 'utf8').split('\n')[0]).to.equal(engine.entity('person').fields.join('\t'));
    const readme = readFileSync(join(dir, 'README_SNAPSHOT_V0_1.md'), 'utf8');
    expect(readme).to.include(`| \`persons_v0_1.tsv\` | ${manifest.record_counts.persons} person records; tab-separated, header row, \\t \\n \\r \\\\ escapes |`);
    expect(readme).to.include(`| \`claims_v0_1.tsv\` | ${manifest.record_counts.claims} claim records; tab-separated`);
  });

  it('engine.verify reads its files through its read hook: all rules pass, and its own header check and the schema catch changes', async () => {
    const dir = await run(['tsv']);
    const report = await engine.verify(dir);
    expect(report.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
    const byRule = new Map(report.rules.map((r) => [r.rule, r]));
    expect(byRule.get('tsv.header')?.checked, 'one header check per file').to.equal(PLURALS.length);
    expect(byRule.get('schema')?.checked).to.equal(Object.values(readManifest(dir).record_counts).reduce((a, b) => a + b, 0));
    expect(byRule.get('foreign_keys')?.checked).to.be.greaterThan(0);

    const path = join(dir, 'vehicles_v0_1.tsv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[0] = lines[0]!.split('\t').reverse().join('\t');
    writeFileSync(path, lines.join('\n'));
    rehash(dir, 'vehicles_v0_1.tsv');
    const broken = await engine.verify(dir);
    const failed = new Map(broken.rules.filter((r) => r.failed > 0).map((r) => [r.rule, r]));
    expect(failed.get('tsv.header')?.examples[0]).to.equal("vehicles_v0_1.tsv:1: header differs from the schema's fields");
    expect(broken.ok).to.equal(false);
  });

  it('engine.merge joins its shards through its merge hook into the unsharded run, byte for byte (beside a built-in format)', async () => {
    const parent = tempDir();
    const request = { records: 101, seed: 5, entities: ENTITIES, formats: ['tsv', 'json'] };
    const whole = (await engine.run({ ...request, out: join(parent, 'whole') })).dir;
    const shards: string[] = [];
    for (let k = 1; k <= 3; k++) shards.push((await engine.run({ ...request, shard: { index: k, count: 3 }, out: join(parent, `s${k}`) })).dir);
    const merged = await engine.merge([shards[2]!, shards[0]!, shards[1]!], { out: join(parent, 'merged') });
    expect(readSnapshotFiles(merged.dir)).to.deep.equal(readSnapshotFiles(whole));
    expect(Object.keys(readSnapshotFiles(whole))).to.include.members(['persons_v0_1.tsv', 'claims_v0_1.tsv', 'dataset_v0_1.json', 'README_SNAPSHOT_V0_1.md']);
    expect((await engine.verify(merged.dir)).ok).to.equal(true);
  });

  it('loadSnapshot and openSnapshot (with that engine) give back the records the engine made, typed through the schema', async () => {
    const dir = await run(['tsv'], { records: 12 });
    const { records, report } = await loadSnapshot(dir, { engine });
    expect(report?.ok).to.equal(true);
    const expected: Record<string, EntityRecord[]> = {};
    for await (const unit of engine.units({ records: 12, seed: 77 }, ENTITIES)) {
      for (const [name, list] of Object.entries(unit)) (expected[engine.entity(name).plural] ??= []).push(...list);
    }
    for (const plural of PLURALS) expect(records[plural], plural).to.deep.equal(expected[plural]);
    const opened = await openSnapshot(dir, { engine, verify: 'checksums' });
    let count = 0;
    for await (const vehicle of opened.records('vehicle')) {
      expect(vehicle.model_year).to.be.a('number');
      count++;
    }
    expect(count).to.equal(readManifest(dir).record_counts.vehicles);
  });

  it('openSnapshot prefers an exact copy: with tsv and ndjson, records come from the ndjson files', async () => {
    const dir = await run(['tsv', 'ndjson'], { records: 5 });
    const path = join(dir, 'persons_v0_1.tsv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n[^\t\n]+\t/, '\nnot-the-source\t'));
    const opened = await openSnapshot(dir, { engine, verify: false });
    const persons: EntityRecord[] = [];
    for await (const person of opened.records('persons')) persons.push(person);
    expect(persons.map((p) => p.person_id)).to.not.include('not-the-source');
    expect(persons).to.have.length(readManifest(dir).record_counts.persons!);
  });

  it('an engine without the exporter refuses the snapshot with a coded error naming the format: verify, loadSnapshot, openSnapshot, merge', async () => {
    const parent = tempDir();
    const dir = (await engine.run({ records: 10, seed: 1, formats: ['tsv', 'ndjson'], out: join(parent, 'snap') })).dir;
    const plain = await newEngine();
    for (const attempt of [plain.verify(dir), loadSnapshot(dir, { engine: plain }), openSnapshot(dir, { engine: plain, verify: false })]) {
      const error = await expectEsdhError(attempt, 'ESDH_ERR_SNAPSHOT_UNREADABLE');
      expect(error.message).to.include("persons_v0_1.tsv is in format 'tsv', which no exporter of this engine has").and.to.include('createEngine({ exporters');
    }
    const shards: string[] = [];
    for (let k = 1; k <= 2; k++) shards.push((await engine.run({ records: 10, seed: 1, formats: ['tsv'], shard: { index: k, count: 2 }, out: join(parent, `s${k}`) })).dir);
    const error = await expectEsdhError(plain.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(error.message).to.include("format 'tsv'");
  });

  it('a format without merge cannot be merged, and one without read is checked by size and sha256 only and never read from', async () => {
    const { merge: _merge, read: _read, ...writeOnly } = tsvExporter;
    const limited = await newEngine({ exporters: [writeOnly satisfies Exporter] });
    const parent = tempDir();
    const shards: string[] = [];
    for (let k = 1; k <= 2; k++) shards.push((await limited.run({ records: 6, seed: 2, formats: ['tsv'], shard: { index: k, count: 2 }, out: join(parent, `s${k}`) })).dir);
    const error = await expectEsdhError(limited.merge(shards, { out: join(parent, 'merged') }), 'ESDH_ERR_SHARD_INVALID');
    expect(error.message).to.include("its tsv file persons_v0_1.tsv cannot be merged: exporter 'tsv' has no merge hook");

    const dir = (await limited.run({ records: 6, seed: 2, formats: ['tsv'], out: join(parent, 'snap') })).dir;
    const report = await limited.verify(dir);
    expect(report.ok).to.equal(true);
    expect(report.rules.map((r) => r.rule)).to.include('files.checksum').and.not.to.include('schema');
    const opened = await openSnapshot(dir, { engine: limited, verify: false });
    await expectEsdhError(opened.records('person').next(), 'ESDH_ERR_SNAPSHOT_UNREADABLE');
  });
});
