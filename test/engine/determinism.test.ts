/**
 * The determinism contract (docs/architecture.md): data depends only on seed,
 * as_of, config and plugin versions; each record has its own stream, so
 * any unit can be made alone and adding an entity changes no other's values.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { manifestWithoutRun, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const SEED = 424242;
const AS_OF = '2025-11-01';

describe('engine determinism', () => {
  const tempDir = useTempDirs('esdh-determinism-');

  it('same seed → byte-identical data files and identical manifests (run section aside) across two runs', async () => {
    const parent = tempDir();
    const request = { records: 40, seed: SEED, asOf: AS_OF, formats: ['csv', 'json', 'ndjson'] };
    const first = await (await newEngine()).run({ ...request, out: join(parent, 'a') });
    const second = await (await newEngine()).run({ ...request, out: join(parent, 'b') });

    const filesA = readSnapshotFiles(first.dir);
    const filesB = readSnapshotFiles(second.dir);
    expect(Object.keys(filesA)).to.have.members([
      'persons_v0_1.csv', 'vehicles_v0_1.csv', 'profiles_v0_1.csv',
      'dataset_v0_1.json', 'metadata_v0_1.json',
      'persons_v0_1.ndjson', 'vehicles_v0_1.ndjson', 'profiles_v0_1.ndjson',
      'README_SNAPSHOT_V0_1.md',
    ]);
    expect(filesB).to.deep.equal(filesA);
    expect(manifestWithoutRun(second.dir)).to.deep.equal(manifestWithoutRun(first.dir));
    expect(first.manifest.record_counts).to.deep.equal({ persons: 40, vehicles: 40, profiles: 40 });
    expect(first.manifest.seed).to.equal(SEED);
  });

  it('a different seed gives a different persons CSV (same header, different rows)', async () => {
    const parent = tempDir();
    const engine = await newEngine();
    const a = await engine.run({ records: 10, seed: 1, formats: ['csv'], out: join(parent, 'a') });
    const b = await engine.run({ records: 10, seed: 2, formats: ['csv'], out: join(parent, 'b') });
    const csvA = readFileSync(join(a.dir, 'persons_v0_1.csv'), 'utf8').split('\n');
    const csvB = readFileSync(join(b.dir, 'persons_v0_1.csv'), 'utf8').split('\n');
    expect(csvB[0]).to.equal(csvA[0]);
    expect(csvA).to.have.length(12); // header, 10 rows, trailing newline
    for (let row = 1; row <= 10; row++) expect(csvB[row], `row ${row}`).not.to.equal(csvA[row]);
  });

  it('record i generated alone (unitStart: i) equals record i of a full run of 50', async () => {
    const engine = await newEngine();
    const full = (await engine.generate('bundle', { records: 50, seed: SEED, asOf: AS_OF })) as Bundle;
    expect(Object.keys(full)).to.deep.equal(['persons', 'vehicles', 'profiles']);
    for (const plural of Object.keys(full)) expect(full[plural], plural).to.have.length(50);
    for (let i = 0; i < 50; i++) {
      const alone = (await engine.generate('bundle', { records: 1, seed: SEED, asOf: AS_OF, unitStart: i })) as Bundle;
      expect(alone, `unit ${i}`).to.deep.equal({ persons: [full.persons![i]], vehicles: [full.vehicles![i]], profiles: [full.profiles![i]] });
    }
  });

  it('a slice of units made alone equals the same slice of the whole run', async () => {
    const engine = await newEngine();
    const full = (await engine.generate('bundle', { records: 50, seed: SEED })) as Bundle;
    const slice = (await engine.generate('bundle', { records: 15, seed: SEED, unitStart: 20 })) as Bundle;
    for (const plural of ['persons', 'vehicles', 'profiles']) expect(slice[plural], plural).to.deep.equal(full[plural]!.slice(20, 35));
  });

  it('the shards of a run (--shard k/3), concatenated, equal the whole run', async () => {
    const parent = tempDir();
    const engine = await newEngine();
    const request = { records: 31, seed: SEED, formats: ['ndjson'] };
    const whole = await engine.run({ ...request, out: join(parent, 'whole') });
    const parts: string[] = [];
    for (let k = 1; k <= 3; k++) {
      const shard = await engine.run({ ...request, shard: { index: k, count: 3 }, out: join(parent, `shard-${k}`) });
      expect(shard.manifest.shard).to.include({ index: k, count: 3, run_units: 31 });
      parts.push(shard.dir);
    }
    for (const file of ['persons_v0_1.ndjson', 'vehicles_v0_1.ndjson', 'profiles_v0_1.ndjson']) {
      const joined = parts.map((dir) => readFileSync(join(dir, file), 'utf8')).join('');
      expect(joined, file).to.equal(readFileSync(join(whole.dir, file), 'utf8'));
    }
  });

  it('vehicles (and persons) are unchanged when the profile entity is left out; a book unit is unchanged when coverages and claims are added', async () => {
    const engine = await newEngine();
    const bundle = (await engine.generate('bundle', { records: 50, seed: SEED })) as Bundle;
    const vehicles = await engine.generate('vehicle', { records: 50, seed: SEED });
    const persons = await engine.generate('person', { records: 50, seed: SEED });
    expect(vehicles).to.deep.equal(bundle.vehicles);
    expect(persons).to.deep.equal(bundle.persons);

    // Policies make a unit an account (a household or a business); what hangs off the policies changes nothing before them.
    const collect = async (entities: string[]) => {
      const out: Record<string, EntityRecord[]> = { account: [], person: [], vehicle: [], policy: [] };
      for await (const unit of engine.units({ records: 50, seed: SEED }, entities)) {
        for (const name of Object.keys(out)) out[name]!.push(...unit[name]!);
      }
      return out;
    };
    const policies = await collect(['policy']);
    expect(policies.person!.length).to.be.greaterThan(50);
    expect(await collect(['policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'profile'])).to.deep.equal(policies);
  });

  it('engine.stream yields the same records, in the same order, as engine.generate', async () => {
    const engine = await newEngine();
    for (const entity of ['person', 'vehicle', 'profile', 'policy']) {
      const generated = await engine.generate(entity, { records: 30, seed: SEED, asOf: AS_OF });
      const streamed: EntityRecord[] = [];
      for await (const record of engine.stream(entity, { records: 30, seed: SEED, asOf: AS_OF })) streamed.push(record);
      expect(streamed, entity).to.have.length(entity === 'policy' ? (generated as EntityRecord[]).length : 30);
      expect(streamed, entity).to.deep.equal(generated);
    }
  });

  it('two engines made side by side give the same records (no shared state between engines)', async () => {
    const [a, b] = await Promise.all([newEngine(), newEngine()]);
    const fromA = await a.generate('bundle', { records: 20, seed: 7 });
    await b.generate('bundle', { records: 5, seed: 99 }); // interleaved work on the other engine
    expect(await b.generate('bundle', { records: 20, seed: 7 })).to.deep.equal(fromA);
  });

  it('as_of is an input: another as_of changes birth dates but not the person ids', async () => {
    const engine = await newEngine();
    const now = await engine.generate('person', { records: 10, seed: SEED, asOf: '2025-11-01' });
    const later = await engine.generate('person', { records: 10, seed: SEED, asOf: '2030-11-01' });
    expect(later.map((p) => p.person_id)).to.deep.equal(now.map((p) => p.person_id));
    expect(later.map((p) => p.date_of_birth)).not.to.deep.equal(now.map((p) => p.date_of_birth));
  });
});
