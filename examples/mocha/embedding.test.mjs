/**
 * ESDH inside a mocha suite: build records with pinned fields, a seed per
 * test from its title, and a generated snapshot read back as typed records.
 *
 *   npm install --save-dev esdh mocha
 *   npx mocha examples/mocha/embedding.test.mjs
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, loadSnapshot, seedFor } from 'esdh';

describe('ESDH in a mocha suite', function () {
  let engine;

  before(async function () {
    engine = await createEngine(); // esdh.config.yaml (and its plugins) found from the working folder
  });

  it('builds a vehicle garaged at the pinned owner address', function () {
    const vehicle = engine.build('vehicle', {
      seed: seedFor(this.test.fullTitle()),
      overrides: { person: { state: 'NV', city: 'Reno', postal_code: '89501' } },
    });
    assert.equal(vehicle.garaging_state, 'NV');
    assert.equal(vehicle.garaging_postal_code, '89501');
    assert.match(vehicle.vin, /^[A-HJ-NPR-Z0-9]{17}$/);
  });

  it('gives every test its own data, the same on every run', function () {
    const mine = engine.build('person', { seed: seedFor(this.test.fullTitle()) });
    const again = engine.build('person', { seed: seedFor(this.test.fullTitle()) });
    const theirs = engine.build('person', { seed: seedFor('another test') });
    assert.deepEqual(mine, again);
    assert.notEqual(mine.person_id, theirs.person_id);
  });

  it('reads a generated snapshot back as verified records', async function () {
    const parent = mkdtempSync(join(tmpdir(), 'esdh-mocha-example-'));
    try {
      const { dir } = await engine.run({ records: 5, seed: 7, out: join(parent, 'snapshot') });
      const { records, manifest } = await loadSnapshot(dir, { engine });
      assert.equal(manifest.seed, 7);
      assert.equal(records.persons.length, 5);
      assert.equal(records.vehicles[0].person_id, records.persons[0].person_id);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
