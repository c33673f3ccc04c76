/**
 * The test-harness helpers besides engine.build: seedFor (a stable seed per
 * test title) and loadSnapshot / openSnapshot (a verified snapshot read back
 * as typed records).
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadSnapshot, openSnapshot, seedFor, type Engine, type EntityRecord } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { tamperNdjsonRecord } from '../helpers/tamper.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('seedFor', () => {
  it('is the first four bytes of sha256(title), big-endian: pinned values that must never change', () => {
    expect(seedFor('')).to.equal(0xe3b0c442);
    expect(seedFor('my test title')).to.equal(createHash('sha256').update('my test title').digest().readUInt32BE(0));
    expect(seedFor('rates a 17-year-old driver')).to.equal(seedFor('rates a 17-year-old driver'));
    expect(seedFor('héllo wörld')).to.equal(createHash('sha256').update('héllo wörld', 'utf8').digest().readUInt32BE(0));
  });

  it('gives different titles different seeds, all whole numbers the engine accepts', async () => {
    const titles = Array.from({ length: 500 }, (_, i) => `suite › case ${i}`);
    const seeds = titles.map(seedFor);
    expect(new Set(seeds).size).to.equal(titles.length);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).to.equal(true);
    const engine = await newEngine();
    expect(engine.build('person', { seed: seeds[0] })).to.not.deep.equal(engine.build('person', { seed: seeds[1] }));
  });

  it('rejects a non-string with a coded error', async () => {
    await expectEsdhError(() => seedFor(42 as unknown as string), 'ESDH_ERR_OPTION_INVALID');
  });
});

describe('loadSnapshot / openSnapshot', () => {
  const tempDir = useTempDirs('esdh-load-snapshot-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  async function snapshot(formats: string[], entities = ['person', 'vehicle', 'profile']): Promise<string> {
    const out = join(tempDir(), 'snap');
    await engine.run({ records: 6, seed: 21, formats, entities, out });
    return out;
  }

  for (const formats of [['ndjson'], ['json'], ['csv']]) {
    it(`reads a ${formats[0]} snapshot back as the records the engine made (types restored)`, async () => {
      const dir = await snapshot(formats);
      const { records, manifest, report } = await loadSnapshot(dir, { engine });
      expect(report?.ok).to.equal(true);
      expect(manifest.seed).to.equal(21);
      const expected = (await engine.generate('bundle', { records: 6, seed: 21 })) as Record<string, EntityRecord[]>;
      expect(records.persons).to.deep.equal(expected.persons);
      expect(records.vehicles).to.deep.equal(expected.vehicles);
      expect(records.profiles).to.deep.equal(expected.profiles);
      expect(records.policies).to.deep.equal([]);
      expect(records.vehicles[0]!.model_year).to.be.a('number');
    });
  }

  it('refuses a snapshot whose records were changed → ESDH_ERR_VERIFY_FAILED naming the rule', async () => {
    const dir = await snapshot(['ndjson']);
    tamperNdjsonRecord(dir, 'vehicles_v0_1.ndjson', 2, (v) => {
      v.model_year = 1800;
    });
    const error = await expectEsdhError(loadSnapshot(dir, { engine }), 'ESDH_ERR_VERIFY_FAILED');
    expect(error.message).to.include('vehicles_v0_1.ndjson:2');
  });

  it("verify: 'checksums' catches a changed file without the full verify; verify: false reads it anyway", async () => {
    const dir = await snapshot(['ndjson']);
    tamperNdjsonRecord(dir, 'persons_v0_1.ndjson', 1, (p) => {
      p.first_name = 'Mallory';
    }, true);
    const error = await expectEsdhError(loadSnapshot(dir, { engine, verify: 'checksums' }), 'ESDH_ERR_VERIFY_FAILED');
    expect(error.message).to.include('persons_v0_1.ndjson');
    const { records, report } = await loadSnapshot(dir, { engine, verify: false });
    expect(report).to.equal(undefined);
    expect(records.persons[0]!.first_name).to.equal('Mallory');
  });

  it('openSnapshot streams one entity at a time, by singular or plural name', async () => {
    const dir = await snapshot(['csv', 'ndjson']);
    const opened = await openSnapshot(dir, { engine, verify: 'checksums' });
    expect(opened.entities).to.deep.equal(['persons', 'vehicles', 'profiles']);
    let count = 0;
    for await (const vehicle of opened.records('vehicle')) {
      expect(vehicle.vin).to.match(/^[A-HJ-NPR-Z0-9]{17}$/);
      count++;
    }
    expect(count).to.equal(6);
    await expectEsdhError(opened.records('claims').next(), 'ESDH_ERR_ENTITY_UNKNOWN');
  });

  it('a folder that is not a snapshot → ESDH_ERR_SNAPSHOT_UNREADABLE', async () => {
    await expectEsdhError(loadSnapshot(tempDir(), { engine }), 'ESDH_ERR_SNAPSHOT_UNREADABLE');
  });

  it('makes its own engine when none is given (config from engineOptions)', async () => {
    const dir = await snapshot(['json']);
    const { records } = await loadSnapshot(dir, { engineOptions: { noConfigFile: true, env: {} } });
    expect(records.persons).to.have.length(6);
  });
});
