/**
 * The marker: the manifest's synthetic_source must say the data is synthetic
 * (contain `synthetic`, any case), every record of every copy must carry
 * exactly it, and loadSnapshot/openSnapshot check it as records stream
 * whatever their `verify` option. Before, replacing the marker everywhere
 * (manifest included) passed verify and loadSnapshot returned the records
 * marked as real.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { isSyntheticMarker, loadSnapshot, openSnapshot, SYNTHETIC_MARKER_RULE, type Engine, type EntityRecord } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { editFile, replaceEverywhere } from '../../helpers/tamper.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const MARKER = 'enterprise-synthetic-data-hub v0.1';

describe('the synthetic marker', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-marker-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  async function snapshot(formats = ['csv', 'json', 'ndjson']): Promise<string> {
    return (await engine.run({ records: 6, seed: 12, formats, out: join(tempDir(), 'snap') })).dir;
  }

  it('isSyntheticMarker: the word synthetic, any case; the rule in the same words config loading uses', () => {
    expect(isSyntheticMarker(MARKER)).to.equal(true);
    expect(isSyntheticMarker('ACME SYNTHETIC test data')).to.equal(true);
    expect(isSyntheticMarker('acme production export')).to.equal(false);
    expect(isSyntheticMarker('')).to.equal(false);
    expect(isSyntheticMarker(undefined)).to.equal(false);
    expect(SYNTHETIC_MARKER_RULE).to.equal('a marker must say the data is synthetic');
  });

  it('replaced everywhere (manifest, README, every data file; checksums recomputed) by one that does not say synthetic: verify, loadSnapshot and openSnapshot refuse it in every mode', async () => {
    const dir = await snapshot();
    replaceEverywhere(dir, MARKER, 'acme-production-export v0.1');
    const error = await expectEsdhError(engine.verify(dir), 'ESDH_ERR_MANIFEST_INVALID');
    expect(error.message).to.include('its synthetic_source "acme-production-export v0.1" does not contain \'synthetic\': a marker must say the data is synthetic');
    for (const verify of ['full', 'checksums', false] as const) {
      await expectEsdhError(loadSnapshot(dir, { engine, verify }), 'ESDH_ERR_MANIFEST_INVALID');
      await expectEsdhError(openSnapshot(dir, { engine, verify }), 'ESDH_ERR_MANIFEST_INVALID');
    }
  });

  it('replaced everywhere by another marker that says synthetic (any case) is a consistent snapshot: it passes', async () => {
    const dir = await snapshot();
    replaceEverywhere(dir, MARKER, 'ACME Synthetic QA set');
    const report = await engine.verify(dir);
    expect(report.rules.filter((r) => r.failed > 0)).to.deep.equal([]);
    const { records } = await loadSnapshot(dir, { engine });
    expect(records.persons[0]!.synthetic_source).to.equal('ACME Synthetic QA set');
  });

  for (const [what, marker] of [['one that does not say synthetic', 'real customer data'], ["another synthetic one, not the manifest's", 'other synthetic data']] as const) {
    it(`one record of the dataset JSON (the copy openSnapshot reads) marked as ${what}: verify fails, and no verify mode hands the record out`, async () => {
      const dir = await snapshot(['csv', 'json']);
      let line = 0;
      editFile(dir, 'dataset_v0_1.json', (text) => {
        const lines = text.split('\n');
        line = lines.findIndex((l) => l.startsWith('{"vehicle_id"')) + 3;
        lines[line - 1] = lines[line - 1]!.replace(`"synthetic_source":"${MARKER}"`, `"synthetic_source":"${marker}"`);
        return lines.join('\n');
      });
      const report = await engine.verify(dir);
      const failed = new Map(report.rules.filter((r) => r.failed > 0).map((r) => [r.rule, r]));
      expect(failed.get('marker')?.examples).to.deep.equal([`dataset_v0_1.json:${line}: synthetic_source is "${marker}", expected "${MARKER}"`]);
      expect(failed.has('copies.agree')).to.equal(true);
      await expectEsdhError(loadSnapshot(dir, { engine }), 'ESDH_ERR_VERIFY_FAILED');
      for (const verify of ['checksums', false] as const) {
        const error = await expectEsdhError(loadSnapshot(dir, { engine, verify }), 'ESDH_ERR_VERIFY_FAILED');
        expect(error.message).to.include(`dataset_v0_1.json:${line}: synthetic_source is "${marker}", not the manifest's "${MARKER}"`);
        const opened = await openSnapshot(dir, { engine, verify });
        const seen: EntityRecord[] = [];
        await expectEsdhError(
          (async () => {
            for await (const vehicle of opened.records('vehicles')) seen.push(vehicle);
          })(),
          'ESDH_ERR_VERIFY_FAILED',
        );
        expect(seen).to.have.length(2);
        expect(seen.every((v) => v.synthetic_source === MARKER)).to.equal(true);
      }
    });
  }
});
