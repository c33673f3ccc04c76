/**
 * ESDH inside node:test (no test dependency at all): build records with
 * pinned fields, a seed per test from its name, and a generated snapshot read
 * back as typed records.
 *
 *   npm install --save-dev esdh
 *   node --test examples/node-test/embedding.test.mjs
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createEngine, loadSnapshot, seedFor } from 'esdh';

describe('ESDH in node:test', () => {
  let engine;

  before(async () => {
    engine = await createEngine(); // esdh.config.yaml (and its plugins) found from the working folder
  });

  it('builds a profile for a commercial driver in Reno', (t) => {
    const profile = engine.build('profile', {
      seed: seedFor(t.name),
      overrides: { person: { state: 'NV', city: 'Reno', postal_code: '89501', lob_type: 'Commercial' } },
    });
    assert.equal(profile.residence_state, 'NV');
    assert.equal(profile.garaging_state, 'NV');
    assert.equal(profile.lob_type, 'Commercial');
    assert.ok(['Medium', 'High'].includes(profile.risk_rating));
  });

  it('gives every test its own data, the same on every run', (t) => {
    const mine = engine.build('person', { seed: seedFor(t.name) });
    assert.deepEqual(engine.build('person', { seed: seedFor(t.name) }), mine);
    assert.notEqual(engine.build('person', { seed: seedFor('another test') }).person_id, mine.person_id);
  });

  it('reads a generated snapshot back as verified records', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'esdh-node-test-example-'));
    try {
      const { dir } = await engine.run({ records: 5, seed: 7, formats: ['csv', 'ndjson'], out: join(parent, 'snapshot') });
      const { records } = await loadSnapshot(dir, { engine });
      assert.equal(records.vehicles.length, 5);
      assert.equal(typeof records.vehicles[0].model_year, 'number');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
