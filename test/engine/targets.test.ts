/**
 * Load targets as the core sees them: registered by `createEngine({ targets })`
 * beside the built-in, found by URL scheme, one target per scheme, handed a
 * verified snapshot's records and keys, and kept out of worker threads.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { EntityRecord, LoadSource, Target, TargetLoadOptions } from '../../engine/index.js';
import { expectEsdhError } from '../helpers/errors.js';
import { newEngine } from '../helpers/engine.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** A target that keeps what it is given in memory. */
function memoryTarget(): Target & { loads: { source: LoadSource; options: TargetLoadOptions; records: Record<string, EntityRecord[]> }[] } {
  const loads: { source: LoadSource; options: TargetLoadOptions; records: Record<string, EntityRecord[]> }[] = [];
  return {
    name: 'memory',
    description: 'records kept in memory',
    schemes: ['mem'],
    loads,
    async load(source, options) {
      const records: Record<string, EntityRecord[]> = {};
      for (const entity of source.entities) for await (const r of source.records(entity.name)) (records[entity.name] ??= []).push(r);
      loads.push({ source, options, records });
      return { target: options.url, namespace: options.namespace ?? 'default', tables: source.entities.map((e) => ({ entity: e.name, table: e.plural, rows: records[e.name]?.length ?? 0 })) };
    },
    async open() {
      const last = loads[loads.length - 1]!;
      return {
        namespace: 'default',
        where: (e) => e.plural,
        has: async (e) => e.name in last.records,
        async *records(e) {
          yield* last.records[e.name] ?? [];
        },
        close: async () => undefined,
      };
    },
  };
}

describe('load targets (engine.load, engine.verifyLoaded)', () => {
  const tempDir = useTempDirs('esdh-targets-');

  it('a registered target gets the verified snapshot: entities with their keys, counts, every record', async () => {
    const target = memoryTarget();
    const engine = await newEngine({ targets: [target] });
    expect(engine.targets().map((t) => t.name)).to.deep.equal(['postgres', 'memory']);
    // Enough units for the worker thread to get batches: it must start without the targets (objects cannot cross threads).
    const { dir } = await engine.run({ records: 2100, seed: 3, formats: ['ndjson'], out: join(tempDir(), 's'), workers: 2 });
    const result = await engine.load(dir, { to: 'mem://here', namespace: 'n1', ifExists: 'append' });
    expect(result.tables.map((t) => `${t.table} ${t.rows}`)).to.deep.equal(['persons 2100', 'vehicles 2100', 'profiles 2100']);
    expect(result.report?.ok).to.equal(true);
    const [load] = target.loads;
    expect(load!.options).to.include({ url: 'mem://here', namespace: 'n1', ifExists: 'append' });
    expect(load!.source.facts.counts).to.deep.equal({ persons: 2100, vehicles: 2100, profiles: 2100 });
    expect(load!.source.entities.find((e) => e.name === 'vehicle')).to.deep.include({ idField: 'vehicle_id', uniqueFields: ['vin'], references: { person_id: 'person.person_id', principal_driver_id: 'person.person_id' } }); // account_id: not in a v0.1 run, so left out
    expect((await engine.verifyLoaded(dir, { url: 'mem://here' })).ok).to.equal(true);
    load!.records.vehicle![4] = { ...load!.records.vehicle![4], model_year: 1901 };
    const report = await engine.verifyLoaded(dir, { url: 'mem://here' });
    expect(report.ok).to.equal(false);
    expect(report.tables.map((t) => t.problem === null)).to.deep.equal([true, false, true]);
    expect(report.tables[1]!.problem).to.include('model_year is 1901 in the database');
  });

  it('refuses a URL without a target, and two targets for one scheme', async () => {
    const engine = await newEngine({ targets: [memoryTarget()] });
    await expectEsdhError(engine.checkLoad({ to: 'nope://x' }), 'ESDH_ERR_DB_URL_INVALID');
    await expectEsdhError(engine.checkLoad({ to: 'mem://x', ifExists: 'merge' as never }), 'ESDH_ERR_OPTION_INVALID');
    await expectEsdhError(newEngine({ targets: [memoryTarget(), memoryTarget()] }), 'ESDH_ERR_DB_TARGET_DUPLICATE');
  });
});
