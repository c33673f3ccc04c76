/**
 * `--where` through the engine with fixture plugins that declare targeting
 * (test/helpers/where-fixture.ts): plans, the per-unit post-check (nothing
 * written when it fails), determinism, the manifest and its regenerate
 * command, README, verify, workers, shards, build and streams.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine, type EntityRecord } from '../../engine/index.js';
import { expectEsdhError } from '../helpers/errors.js';
import { esdh } from '../helpers/cli.js';
import { readManifest, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { writeWhereProject } from '../helpers/where-fixture.js';
import { BatchMaker } from '../../engine/parallel/batch-maker.js';
import { workerBatches } from '../../engine/parallel/pool.js';
import { inProcessBatches, workerInit } from '../../engine/parallel/producers.js';
import type { ProducedBatch } from '../../engine/snapshot/write-snapshot.js';

const TERMS = 'region=north,gadgets>=2,gadget.heavy=yes';

/** The words of a command line as a POSIX shell splits them (single quotes only: what regenerate writes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return words;
}

describe('--where through the engine (fixture plugins with targeting)', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('esdh-where-');
  let project: string;
  let engine: Engine;

  beforeEach(async () => {
    project = writeWhereProject(tempDir());
    engine = await createEngine({ cwd: project, env: {} });
  });

  it('plans the terms: parsed, in their normal spelling, the profile\'s first and the request\'s added', () => {
    const plan = engine.plan({ profile: 'targeted', where: ['gadget.kind=gear', 'Region = NORTH'] });
    expect(plan.whereText).to.deep.equal(['region=North', 'gadgets>=1', 'gadget.kind=Gear']);
    expect(plan.where.map((t) => t.entity)).to.deep.equal(['site', 'gadget', 'gadget']);
    expect(engine.plan({ profile: 'sites' })).to.include.keys('where', 'whereText');
    expect(engine.plan({ profile: 'sites' }).where).to.deep.equal([]);
  });

  it('every unit meets every term, by construction', async () => {
    const bundle = await engine.generate('bundle', { profile: 'sites', where: TERMS });
    expect(bundle.sites).to.have.length(40);
    expect(new Set(bundle.sites!.map((s) => s.region))).to.deep.equal(new Set(['North']));
    const bySite = new Map<unknown, EntityRecord[]>();
    for (const g of bundle.gadgets!) bySite.set(g.site_id, [...(bySite.get(g.site_id) ?? []), g]);
    for (const site of bundle.sites!) {
      const gadgets = bySite.get(site.site_id) ?? [];
      expect(gadgets.length).to.be.at.least(2);
      expect(gadgets.some((g) => (g.weight as number) >= 5)).to.equal(true);
    }
  });

  it('a plugin that declares a field but does not construct it fails the post-check: ESDH_ERR_WHERE_UNMET naming unit, term and plugin, nothing written', async () => {
    const out = join(project, 'snap');
    const error = await expectEsdhError(engine.run({ profile: 'decoys', where: 'decoy.color=Blue', out }), 'ESDH_ERR_WHERE_UNMET');
    expect(error.message).to.include('Unit 0').and.include("'decoy.color=Blue'").and.include('the decoy plugin');
    expect(existsSync(out)).to.equal(false);
    expect(readdirSync(project).filter((n) => n.includes('snap'))).to.deep.equal([]);
    await expectEsdhError(engine.generate('decoy', { profile: 'decoys', where: 'decoy.color=Blue' }), 'ESDH_ERR_WHERE_UNMET');
    // What it does construct passes.
    expect(await engine.generate('decoy', { profile: 'decoys', where: 'decoy.color=Red' })).to.have.length(5);
  });

  it('same seed and terms give the same bytes; other terms give other data, manifest and signature input', async () => {
    const a = (await engine.run({ profile: 'sites', where: TERMS, out: join(project, 'a') })).dir;
    const b = (await engine.run({ profile: 'sites', where: 'Region=North, gadgets >= 2, gadget.heavy=true', out: join(project, 'b') })).dir;
    const c = (await engine.run({ profile: 'sites', where: 'region=south', out: join(project, 'c') })).dir;
    const plain = (await engine.run({ profile: 'sites', out: join(project, 'plain') })).dir;
    expect(readSnapshotFiles(a)).to.deep.equal(readSnapshotFiles(b));
    const { run: _ra, ...ma } = readManifest(a);
    const { run: _rb, ...mb } = readManifest(b);
    expect(ma).to.deep.equal(mb);
    expect(ma.where).to.deep.equal(['region=North', 'gadgets>=2', 'gadget.heavy=true']);
    expect(readManifest(c).where).to.deep.equal(['region=South']);
    expect(readSnapshotFiles(c)).to.not.deep.equal(readSnapshotFiles(a));
    // No terms: no `where` key at all (manifests of runs without targeting keep their bytes), nor a --where in the command.
    expect(readManifest(plain)).to.not.have.property('where');
    expect(readManifest(plain).regenerate).to.not.include('--where');
    expect(readFileSync(join(plain, 'README_SNAPSHOT_V0_1.md'), 'utf8')).to.not.include('where');
    expect(readFileSync(join(a, 'README_SNAPSHOT_V0_1.md'), 'utf8')).to.include('- where: `region=North,gadgets>=2,gadget.heavy=true`');
  });

  it('the regenerate command carries the terms, quoted for a shell, and running it gives the same bytes', async () => {
    const first = join(project, 'first');
    const made = await esdh(['run', '--profile', 'targeted', '--where', 'gadget.kind=Gear', '--out', first, '--quiet'], project);
    expect(made.code, made.stderr).to.equal(0);
    const { regenerate, where } = readManifest(first);
    expect(where).to.deep.equal(['region=North', 'gadgets>=1', 'gadget.kind=Gear']);
    expect(regenerate).to.include("--where 'region=North,gadgets>=1,gadget.kind=Gear'");
    const again = join(project, 'again');
    const words = shellWords(regenerate.replace('<new folder>', again)).slice(2);
    const rerun = await esdh([...words, '--quiet'], project);
    expect(rerun.code, rerun.stderr).to.equal(0);
    expect(readSnapshotFiles(again)).to.deep.equal(readSnapshotFiles(first));
    const { run: _r1, ...m1 } = readManifest(first);
    const { run: _r2, ...m2 } = readManifest(again);
    expect(m2).to.deep.equal(m1);
  });

  it('verify re-checks every term on every unit (rule "where: <term>") and catches data that misses one', async () => {
    const dir = (await engine.run({ profile: 'sites', where: TERMS, out: join(project, 'v') })).dir;
    const report = await engine.verify(dir);
    expect(report.ok, JSON.stringify(report.rules.filter((r) => r.failed))).to.equal(true);
    const rules = report.rules.filter((r) => r.rule.startsWith('where: '));
    expect(rules.map((r) => [r.rule, r.checked, r.failed])).to.deep.equal([
      ['where: region=North', 40, 0], ['where: gadgets>=2', 40, 0], ['where: gadget.heavy=true', 40, 0],
    ]);
    // The same data against terms it was not made for: the manifest is rewritten without its checksums mattering to this rule.
    const plain = (await engine.run({ profile: 'sites', out: join(project, 'p') })).dir;
    const { WhereTally } = await import('../../engine/snapshot/where-tally.js');
    const { RuleBook } = await import('../../engine/snapshot/rule-book.js');
    const book = new RuleBook();
    const tally = WhereTally.of(['region=North'], ['site', 'gadget'], engine.registry, '2025-11-01', new Set(['site.site_id']), book, 'm.json')!;
    const bundle = await engine.generate('bundle', { profile: 'sites' });
    for (const s of bundle.sites!) tally.visit(engine.registry.get('site'), s);
    tally.finish(book, 'm.json');
    const rule = book.results().find((r) => r.rule === 'where: region=North')!;
    expect(rule.checked).to.equal(40);
    expect(rule.failed).to.equal(bundle.sites!.filter((s) => s.region !== 'North').length).and.be.greaterThan(0);
    expect((await engine.verify(plain)).rules.some((r) => r.rule.startsWith('where'))).to.equal(false);
  });

  it('--workers 2 writes the same bytes as 1 with terms (worker threads carry the terms and post-check too)', async () => {
    const one = (await engine.run({ profile: 'sites', records: 3000, where: TERMS, out: join(project, 'w1') })).dir;
    const two = (await engine.run({ profile: 'sites', records: 3000, where: TERMS, workers: 2, out: join(project, 'w2') })).dir;
    expect(readSnapshotFiles(two)).to.deep.equal(readSnapshotFiles(one));
    expect(readManifest(two).where).to.deep.equal(readManifest(one).where);
    const error = await expectEsdhError(engine.run({ profile: 'decoys', records: 3000, where: 'decoy.color=Blue', workers: 2, out: join(project, 'w3') }), 'ESDH_ERR_WHERE_UNMET');
    expect(error.message).to.include('the decoy plugin');
    expect(existsSync(join(project, 'w3'))).to.equal(false);
  });

  it('a worker thread alone makes the same batches with the terms, and its post-check fails a unit that misses one', async () => {
    const batches = async (profile: string, where: string, compare: boolean) => {
      const plan = engine.plan({ profile, records: 1500, where });
      const exporters = plan.formats.map((f) => engine.exporter(f));
      const plugins = engine.registry.order(plan.entities);
      const entities = plugins.map((p) => ({ name: p.name, plural: p.plural, fields: engine.schemas.fields(p.schemaId), schema: engine.schemas.schema(p.schemaId) }));
      const maker = () => new BatchMaker(engine.generator(plan), plugins, exporters.map((e) => e.encoder!({ dir: '', fileSuffix: 'v0_1', entities })));
      const local = maker();
      local.make = () => {
        throw new Error('the main thread must not make batches here');
      };
      const made: ProducedBatch[] = [];
      for await (const b of workerBatches({ workers: 1, local, init: workerInit(engine, engine.origin, plan, exporters), batchUnits: 700, mainGenerates: false }, 0, plan.records)) made.push(b);
      const expected: ProducedBatch[] = [];
      if (compare) for await (const b of inProcessBatches(maker(), 700)(0, plan.records)) expected.push(b);
      return { made, expected };
    };
    const bytes = (b: ProducedBatch) => b.encoded!.map((streams) => streams!.map((chunk) => Buffer.from(chunk).toString('base64')));
    const { made, expected } = await batches('sites', TERMS, true);
    expect(made.map(bytes)).to.deep.equal(expected.map(bytes));
    const error = await expectEsdhError(batches('decoys', 'decoy.color=Blue', false), 'ESDH_ERR_WHERE_UNMET');
    expect(error.message).to.include("'decoy.color=Blue'").and.include('the decoy plugin');
  });

  it('shards carry the terms, and merge joins only shards of the same terms', async () => {
    const whole = (await engine.run({ profile: 'sites', where: TERMS, out: join(project, 'whole') })).dir;
    const shards = [];
    for (const index of [1, 2]) shards.push((await engine.run({ profile: 'sites', where: TERMS, shard: { index, count: 2 }, out: join(project, `s${index}`) })).dir);
    expect(readManifest(shards[0]!).regenerate).to.include('--where').and.include('--shard 1/2');
    const merged = await engine.merge(shards, { out: join(project, 'merged') });
    expect(merged.manifest.where).to.deep.equal(readManifest(whole).where);
    const data = (dir: string) => Object.fromEntries(Object.entries(readSnapshotFiles(dir)).filter(([n]) => !n.startsWith('README')));
    expect(data(merged.dir)).to.deep.equal(data(whole));
    const other = (await engine.run({ profile: 'sites', where: 'region=north', shard: { index: 2, count: 2 }, out: join(project, 'o2') })).dir;
    const error = await expectEsdhError(engine.merge([shards[0]!, other], { out: join(project, 'bad') }), 'ESDH_ERR_SHARD_MISMATCH');
    expect(error.message).to.include('where');
  });

  it('build and buildUnit construct the terms; streams of one entity are made with the entities the terms name', async () => {
    expect(engine.build('site', { where: 'region=East,score=10' })).to.include({ region: 'East', score: 10 });
    expect(engine.build('site', { seed: 3 })).to.not.deep.equal(engine.build('site', { seed: 3, where: 'region=West' }));
    const sites: EntityRecord[] = [];
    for await (const s of engine.stream('site', { profile: 'sites', records: 5, where: 'gadgets=3,region=West' })) sites.push(s);
    expect(sites.map((s) => s.region)).to.deep.equal(['West', 'West', 'West', 'West', 'West']);
    const bundle = await engine.generate('bundle', { profile: 'sites', records: 5, where: 'gadgets=3,region=West' });
    expect(bundle.sites).to.deep.equal(sites);
  });

  it('refuses bad terms before anything is written: invalid, impossible, or naming an entity the run does not make', async () => {
    const out = join(project, 'x');
    await expectEsdhError(engine.run({ profile: 'sites', where: 'colour=Red', out }), 'ESDH_ERR_WHERE_INVALID');
    await expectEsdhError(engine.run({ profile: 'sites', where: 'gadgets>=4', out }), 'ESDH_ERR_WHERE_IMPOSSIBLE');
    await expectEsdhError(engine.run({ profile: 'sites', where: 'decoy.color=Red', out }), 'ESDH_ERR_WHERE_INVALID');
    // A plugin's own impossibility, thrown from its setup.
    const error = await expectEsdhError(engine.run({ profile: 'sites', where: 'gadget.weight>20', out }), 'ESDH_ERR_WHERE_IMPOSSIBLE');
    expect(error.message).to.include('gadgets weigh 1 to 9 kg');
    expect(existsSync(out)).to.equal(false);
  });
});
