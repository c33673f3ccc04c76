/** Driver ages: the FHWA table is smooth and old enough, bands override it smoothly, bad bands are config errors. */
import { expect } from 'chai';
import { yearsBetween } from '../../../engine/index.js';
import { AgeTable, bandWeights, DRIVER_AGES } from '../../../plugins/person/ages.js';
import { loadDriverTables } from '../../../plugins/person/driver-tables.js';
import { RandomStream } from '../../../engine/lib/random.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readPackageJson } from '../../helpers/package-root.js';

const table = readPackageJson<{ from_age: number; to_age: number; year: number; weights: number[] }>('data/reference/person/driver-ages.json');

/** The largest ratio between the weights of two neighbouring ages (over ages with weight). */
function largestStep(weights: readonly number[]): number {
  let worst = 1;
  for (let i = 1; i < weights.length; i++) {
    const [a, b] = [weights[i - 1]!, weights[i]!];
    if (a > 0 && b > 0) worst = Math.max(worst, a / b, b / a);
  }
  return worst;
}

const share = (weights: readonly number[], from: number, to: number) =>
  weights.slice(from - DRIVER_AGES.from, to - DRIVER_AGES.from + 1).reduce((a, b) => a + b, 0) / weights.reduce((a, b) => a + b, 0);

describe('plugins/person/ages', () => {
  it('the FHWA table covers 16-90, no two neighbouring ages differ by more than 30%, 65+ is 18-24%', () => {
    expect([table.from_age, table.to_age, table.weights.length]).to.deep.equal([16, 90, 75]);
    expect(table.year).to.be.at.least(2023);
    expect(largestStep(table.weights)).to.be.at.most(1.3);
    expect(share(table.weights, 65, 90)).to.be.within(0.18, 0.24);
  });

  it('generated ages follow it: 65+ near the table share, no cliff at 65/66 (100,000 draws)', () => {
    const ages = new AgeTable(table.weights);
    const counts = new Array<number>(75).fill(0);
    for (let i = 0; i < 100_000; i++) counts[yearsBetween(ages.birthDate(new RandomStream(3, 1, i, 0), '2025-11-01', 192), '2025-11-01') - 16]! += 1;
    expect(share(counts, 65, 90)).to.be.closeTo(share(table.weights, 65, 90), 0.01);
    expect(counts[65 - 16]! / counts[66 - 16]!).to.be.within(0.9, 1.15);
    expect(counts.every((c) => c > 0)).to.equal(true);
  });

  it('never draws a driver below the licence age (NJ: 17; 16 years 6 months elsewhere)', () => {
    const ages = new AgeTable(table.weights);
    for (let i = 0; i < 5000; i++) {
      const nj = ages.birthDate(new RandomStream(5, 1, i, 0), '2025-11-01', 204);
      expect(yearsBetween(nj, '2025-11-01')).to.be.at.least(17);
      const half = ages.birthDate(new RandomStream(6, 1, i, 0), '2025-11-01', 198);
      expect(half <= '2009-05-01', half).to.equal(true);
    }
  });

  it('bands keep their shares exactly and spread smoothly inside: no step at their edges', () => {
    const bands = [{ from: 16, to: 24, weight: 10 }, { from: 25, to: 44, weight: 40 }, { from: 45, to: 64, weight: 35 }, { from: 65, to: 90, weight: 15 }];
    const weights = bandWeights(bands);
    expect(weights).to.have.length(75);
    for (const b of bands) expect(share(weights, b.from, b.to)).to.be.closeTo(b.weight / 100, 1e-9);
    expect(largestStep(weights)).to.be.at.most(1.3);
    // The flat-inside alternative has a 37% step from 24 to 25 (10/9 vs 40/20 per age).
    expect(weights[25 - 16]! / weights[24 - 16]!).to.be.below(1.2);
  });

  it('ages outside every band get no weight', () => {
    const weights = bandWeights([{ from: 30, to: 39, weight: 1 }]);
    expect(weights.filter((w) => w > 0)).to.have.length(10);
    expect(weights[29 - 16]).to.equal(0);
  });

  it('distributions.driver_ages drive the run', async () => {
    const engine = await newEngine({ config: { distributions: { driver_ages: [{ from: 30, to: 34, weight: 1 }, { from: 70, to: 74, weight: 1 }] } } });
    const persons = await engine.generate('person', { records: 400, seed: 9 });
    const ages = persons.map((p) => yearsBetween(p.date_of_birth, '2025-11-01'));
    expect(ages.every((a) => (a >= 30 && a <= 34) || (a >= 70 && a <= 74))).to.equal(true);
    expect(ages.filter((a) => a >= 70).length / ages.length).to.be.within(0.4, 0.6);
  });

  describe('bad bands are config errors naming the band', () => {
    const cases: [string, { from: number; to: number; weight: number }[], RegExp][] = [
      ['from greater than to', [{ from: 40, to: 30, weight: 1 }], /driver_ages\[0\] \(40-30\) has from greater than to/],
      ['overlapping bands', [{ from: 20, to: 40, weight: 1 }, { from: 35, to: 50, weight: 1 }], /driver_ages\[0\] \(20-40\) and driver_ages\[1\] \(35-50\) overlap/],
      ['all weights 0', [{ from: 20, to: 40, weight: 0 }], /every band has weight 0/],
    ];
    for (const [name, bands, message] of cases) {
      it(name, async () => {
        const engine = await newEngine({ config: { distributions: { driver_ages: bands } } });
        const error = await expectEsdhError(engine.generate('person', { records: 1 }), 'ESDH_ERR_CONFIG_INVALID');
        expect(error.message).to.match(message);
        expect(error.message).to.include('distributions.driver_ages');
      });
    }

    it('outside 16-90 (the schema refuses it when written in a config; the plugin too when called directly)', async () => {
      expect(() => bandWeights([{ from: 10, to: 20, weight: 1 }])).to.throw(/outside 16-90/);
      await expectEsdhError(newEngine({ config: { distributions: { driver_ages: [{ from: 10, to: 20, weight: 1 }] } } }), 'ESDH_ERR_CONFIG_INVALID');
    });

    it('bands that leave no age a state licenses at (NJ licenses from 17)', async () => {
      const engine = await newEngine();
      const ctx = { data: engine.data, distributions: { driver_ages: [{ from: 16, to: 16, weight: 1 }] } };
      expect(() => loadDriverTables(ctx, [{ code: 'CA', licenceTemplate: 'L#######' }])).not.to.throw();
      const error = await expectEsdhError(() => loadDriverTables(ctx, [{ code: 'NJ', licenceTemplate: 'L##############' }]), 'ESDH_ERR_CONFIG_INVALID');
      expect(error.message).to.match(/NJ licenses drivers from age 17/);
    });
  });
});
