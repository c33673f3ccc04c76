/**
 * `--workers N` (engine.run({ workers })): worker threads generate and encode
 * ranges of units, the main thread writes them in unit order, and the data
 * files are the same bytes whatever N. Nothing here measures time.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine, type RunRequest } from '../../engine/index.js';
import type { ProducedBatch } from '../../engine/snapshot/write-snapshot.js';
import { BatchMaker } from '../../engine/parallel/batch-maker.js';
import { workerBatches } from '../../engine/parallel/pool.js';
import { inProcessBatches, workerInit } from '../../engine/parallel/producers.js';
import { runCli } from '../../adapters/transports/cli/main.js';
import { parseWorkers } from '../../adapters/transports/cli/commands/run.js';
import { expectEsdhError } from '../helpers/errors.js';
import { newEngine } from '../helpers/engine.js';
import { readManifest, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, writeSchema } from '../helpers/test-plugins.js';

/** A project folder whose config lists a plugin module (so worker threads can load it too). */
function pluginProject(dir: string, generateBody: string): string {
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'workers-test', private: true, type: 'module' }));
  writeSchema(join(dir, 'plugins'), 'gauge', {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['gauge_id', 'person_id', 'reading', 'synthetic_source'],
    properties: {
      gauge_id: { type: 'string', minLength: 1 },
      person_id: { type: 'string', format: 'uuid' },
      reading: { type: 'integer', minimum: 0 },
      synthetic_source: { type: 'string', minLength: 1 },
    },
  });
  writeFileSync(join(dir, 'plugins', 'gauge.js'), [
    'export default {',
    "  name: 'gauge', plural: 'gauges', version: '1.0.0', schemaId: 'gauge', dependencies: ['person'],",
    '  count: (ctx) => ctx.random.int(0, 3),',
    `  generate(ctx) { ${generateBody} },`,
    '};',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'esdh.config.json'), JSON.stringify({ plugins: ['./plugins/gauge.js'] }));
  return dir;
}

/**
 * A run's batches twice: made in this thread, and made by 2 worker threads
 * alone (mainGenerates: false, 700 units a batch), so the workers surely make them.
 */
async function workersAlone(engine: Engine, request: RunRequest, compare = true): Promise<{ expected: ProducedBatch[]; made: ProducedBatch[] }> {
  const plan = engine.plan(request);
  const exporters = plan.formats.map((f) => engine.exporter(f));
  const plugins = engine.registry.order(plan.entities);
  const entities = plugins.map((p) => ({ name: p.name, plural: p.plural, fields: engine.schemas.fields(p.schemaId), schema: engine.schemas.schema(p.schemaId) }));
  const maker = () => new BatchMaker(engine.generator(plan), plugins, exporters.map((e) => e.encoder!({ dir: '', fileSuffix: 'v0_1', entities })));
  const made: ProducedBatch[] = [];
  const local = maker();
  local.make = () => {
    throw new Error('the main thread must not make batches here');
  };
  const init = workerInit(engine, engine.origin, plan, exporters);
  for await (const batch of workerBatches({ workers: 2, local, init, batchUnits: 700, mainGenerates: false }, 0, plan.records)) made.push(batch);
  const expected: ProducedBatch[] = [];
  if (compare) for await (const batch of inProcessBatches(maker(), 700)(0, plan.records)) expected.push(batch);
  return { expected, made };
}

/** A batch's encoded bytes, comparable with deep.equal. */
const bytesOf = (batch: ProducedBatch) => batch.encoded!.map((streams) => streams!.map((chunk) => Buffer.from(chunk).toString('base64')));

const GAUGE = "const p = ctx.deps.person[0]; return { gauge_id: `g-${ctx.unitIndex}-${ctx.childIndex}`, person_id: p.person_id, reading: ctx.random.int(0, 999), synthetic_source: ctx.marker };";

describe('engine workers (--workers N)', function () {
  this.timeout(300_000); // a hang guard, not a speed check: the byte-identity case took 94-120 s on a loaded 2-core machine
  const tempDir = useTempDirs('esdh-workers-');

  it('1, 2 and 3 workers write byte-identical data files (csv, json, ndjson; one-to-many entities; a partial last batch)', async () => {
    const engine = await newEngine();
    const parent = tempDir();
    // 12,300 units: a dozen batches of 1,024 and a short last one (long enough for the worker threads to
    // join in; that workers alone make the same bytes is checked batch by batch below); policy and
    // policy_driver give 0..n children per unit (claims, which need every coverage, are checked below).
    const request = { records: 12_300, seed: 77, asOf: '2025-11-01', entities: ['person', 'vehicle', 'profile', 'policy', 'policy_driver'], formats: ['csv', 'json', 'ndjson'] };
    const files: Record<string, string>[] = [];
    for (const workers of [1, 2, 3]) {
      const { dir, manifest } = await engine.run({ ...request, workers, out: join(parent, `w${workers}`) });
      expect(manifest.run.workers).to.equal(workers);
      files.push(readSnapshotFiles(dir));
    }
    expect(Object.keys(files[0]!)).to.include.members(['persons_v0_1.csv', 'policy_drivers_v0_1.ndjson', 'dataset_v0_1.json', 'metadata_v0_1.json', 'README_SNAPSHOT_V0_1.md']);
    expect(files[1], '2 workers').to.deep.equal(files[0]);
    expect(files[2], '3 workers').to.deep.equal(files[0]);
    const { run: _a, ...one } = readManifest(join(parent, 'w1'));
    const { run: _b, ...three } = readManifest(join(parent, 'w3'));
    expect(three, 'manifests differ only in the run section').to.deep.equal(one);
  });

  it('batches made by worker threads alone (the main thread not helping) are the bytes the main thread makes, batch by batch', async () => {
    const engine = await newEngine();
    // claim pulls in the whole book (accounts to coverages): 1,500 accounts are several batches.
    const { expected, made } = await workersAlone(engine, { records: 1500, seed: 11, entities: ['person', 'vehicle', 'profile', 'claim'], formats: ['csv', 'json', 'ndjson'] });
    expect(made.length).to.equal(expected.length).and.to.be.greaterThan(2);
    expect(made.reduce((n, b) => n + (b.counts.claim ?? 0), 0), 'claims made').to.be.greaterThan(0);
    expect(made.map((b) => b.counts)).to.deep.equal(expected.map((b) => b.counts));
    expect(made.map(bytesOf)).to.deep.equal(expected.map(bytesOf));
  });

  it('more workers than batches, and a shard, still give the single-thread bytes', async () => {
    const engine = await newEngine();
    const parent = tempDir();
    const request = { records: 700, seed: 5, formats: ['ndjson', 'csv'], shard: { index: 2, count: 3 } };
    const single = await engine.run({ ...request, out: join(parent, 'one') });
    const many = await engine.run({ ...request, workers: 4, out: join(parent, 'four') });
    expect(readSnapshotFiles(many.dir)).to.deep.equal(readSnapshotFiles(single.dir));
    expect(many.manifest.shard).to.deep.equal(single.manifest.shard);
  });

  it('progress arrives in unit order and ends at the total', async () => {
    const engine = await newEngine();
    const seen: number[] = [];
    await engine.run({ records: 3000, seed: 1, formats: ['ndjson'], workers: 2, out: join(tempDir(), 'snap'), onProgress: (p) => { expect(p.unitsTotal).to.equal(3000); seen.push(p.unitsDone); } });
    expect(seen.length).to.be.greaterThan(1);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).to.equal(3000);
  });

  it('workers load the plugins listed in the config, like the main engine: same bytes as 1 worker', async () => {
    const dir = pluginProject(tempDir(), GAUGE);
    const engine = await createEngine({ cwd: dir, env: {} });
    const request = { records: 1500, seed: 3, entities: ['person', 'gauge'], formats: ['csv', 'json', 'ndjson'] };
    const { expected, made } = await workersAlone(engine, request);
    expect(made.map(bytesOf)).to.deep.equal(expected.map(bytesOf));
    expect(made.reduce((n, b) => n + (b.counts.gauge ?? 0), 0)).to.be.greaterThan(0);
    const one = await engine.run({ ...request, out: join(dir, 'one') });
    const two = await engine.run({ ...request, workers: 2, out: join(dir, 'two') });
    expect(readSnapshotFiles(two.dir)).to.deep.equal(readSnapshotFiles(one.dir));
  });

  it('a plugin that throws in a worker thread: the run fails with the plugin\'s coded error, its details and cause intact', async () => {
    const dir = pluginProject(tempDir(), `if (ctx.unitIndex === 1100) throw new RangeError('gauge broke'); ${GAUGE}`);
    const engine = await createEngine({ cwd: dir, env: {} });
    // Only worker threads make batches here, so the error crossed the thread boundary.
    const error = await expectEsdhError(workersAlone(engine, { records: 3000, seed: 3, entities: ['person', 'gauge'], formats: ['csv', 'json'] }, false), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.details).to.deep.equal({ plugin: 'gauge', hook: 'generate', unit: 1100, module: './plugins/gauge.js' });
    expect(error.cause).to.be.instanceOf(Error).and.to.include({ name: 'RangeError', message: 'gauge broke' });
  });

  it('a worker whose engine differs from the main thread\'s fails with ESDH_ERR_WORKER_FAILED naming the thread', async () => {
    const engine = await newEngine();
    const plan = engine.plan({ records: 10, formats: ['csv'] });
    const exporters = plan.formats.map((f) => engine.exporter(f));
    const local = new BatchMaker(engine.generator(plan), engine.registry.order(plan.entities), [null]);
    const init = { ...workerInit(engine, engine.origin, plan, exporters), fingerprint: 'another engine' };
    const batches = async () => {
      for await (const batch of workerBatches({ workers: 1, local, init, batchUnits: 10, mainGenerates: false }, 0, plan.records)) void batch;
    };
    const error = await expectEsdhError(batches(), 'ESDH_ERR_WORKER_FAILED');
    expect(error.message).to.match(/^Worker thread 1 failed: it built a different engine/);
  });

  it('a run whose plugin throws with --workers 2 leaves no folder', async () => {
    const dir = pluginProject(tempDir(), `if (ctx.unitIndex === 2100) throw new Error('gauge broke'); ${GAUGE}`);
    const engine = await createEngine({ cwd: dir, env: {} });
    const out = join(dir, 'snap');
    const error = await expectEsdhError(engine.run({ records: 3000, seed: 3, entities: ['person', 'gauge'], formats: ['csv', 'json'], workers: 2, out }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.details).to.deep.include({ plugin: 'gauge', hook: 'generate', unit: 2100, module: './plugins/gauge.js' });
    expect(existsSync(out)).to.equal(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.snap'))).to.deep.equal([]);
  });

  it('an engine given plugin objects refuses workers > 1 (threads cannot receive functions) with a clear error', async () => {
    const engine = await newEngine({ plugins: [widgetPlugin()], schemaDirs: [writeSchema(tempDir())] });
    const out = join(tempDir(), 'snap');
    const error = await expectEsdhError(engine.run({ records: 10, entities: ['person', 'widget'], formats: ['csv'], workers: 2, out }), 'ESDH_ERR_OPTION_INVALID');
    expect(error.message).to.include('workers').and.to.include('config `plugins`');
    expect(existsSync(out)).to.equal(false);
    // One worker (the main thread) is fine.
    const { manifest } = await engine.run({ records: 10, entities: ['person', 'widget'], formats: ['csv'], out });
    expect(manifest.record_counts.widgets).to.equal(10);
  });

  it('rejects worker counts that are not whole numbers from 1 up', async () => {
    const engine = await newEngine();
    for (const workers of [0, -1, 1.5, Number.NaN, 10_000]) {
      await expectEsdhError(engine.run({ records: 5, formats: ['csv'], workers, out: join(tempDir(), 'x') }), 'ESDH_ERR_OPTION_INVALID');
    }
  });

  it('--workers takes a number or auto (one per core); anything else is a usage error naming the flag', async () => {
    expect(parseWorkers(undefined)).to.equal(1);
    expect(parseWorkers('3')).to.equal(3);
    expect(parseWorkers('auto')).to.be.at.least(1);
    for (const bad of ['0', 'two', '-2', '1.5', '']) {
      const error = await expectEsdhError(() => parseWorkers(bad), 'ESDH_ERR_OPTION_INVALID');
      expect(error.message).to.include('--workers');
    }
  });

  it('esdh run --workers 2 through the CLI: same files as --workers 1, summary names the workers', async () => {
    const parent = tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd: parent, env: {} };
    const args = ['--records', '1200', '--seed', '8', '--format', 'csv,ndjson'];
    expect(await runCli(['run', ...args, '--out', 'a', '--quiet'], io)).to.equal(0);
    expect(await runCli(['run', ...args, '--workers', '2', '--out', 'b'], io)).to.equal(0);
    expect(out.join('')).to.include('workers:          2');
    expect(readSnapshotFiles(join(parent, 'b'))).to.deep.equal(readSnapshotFiles(join(parent, 'a')));
    expect(await runCli(['run', ...args, '--workers', 'many', '--out', 'c'], io)).to.equal(2);
    expect(err.join('')).to.match(/ESDH_ERR_OPTION_INVALID: Invalid --workers/);
  });
});
