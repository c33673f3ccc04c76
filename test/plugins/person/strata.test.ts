/** Stratified uniforms: a bijection per block, the same value for a unit in any run, and ages that follow their weights closely. */
import { expect } from 'chai';
import { RandomStream } from '../../../engine/index.js';
import { AgeTable } from '../../../plugins/person/ages.js';
import { permute, STRATA, stratifiedUniform } from '../../../plugins/person/strata.js';

describe('person: stratified uniforms (strata.ts)', () => {
  it('each block is a permutation of the strata, and blocks and seeds differ', () => {
    for (const [seed, block] of [[0, 0], [42, 0], [42, 1], [2 ** 40 + 7, 12345]] as const) {
      const seen = new Set<number>();
      for (let i = 0; i < STRATA; i++) seen.add(permute(i, seed, block));
      expect(seen.size).to.equal(STRATA);
      expect(Math.min(...seen)).to.equal(0);
      expect(Math.max(...seen)).to.equal(STRATA - 1);
    }
    const order = (seed: number, block: number) => Array.from({ length: 16 }, (_, i) => permute(i, seed, block)).join(',');
    expect(order(42, 0)).to.not.equal(order(42, 1));
    expect(order(42, 0)).to.not.equal(order(43, 0));
    // Not a stride: consecutive units do not step by a constant.
    const steps = new Set(Array.from({ length: 64 }, (_, i) => (permute(i + 1, 42, 0) - permute(i, 42, 0) + STRATA) % STRATA));
    expect(steps.size).to.be.greaterThan(32);
  });

  it('every block of STRATA units puts exactly STRATA/10 values in each tenth', () => {
    const tenths = new Array<number>(10).fill(0);
    for (let n = STRATA; n < 3 * STRATA; n++) tenths[Math.floor(stratifiedUniform(7, n, 0.999) * 10)]!++;
    // 4096 strata per block: 409 or 410 of them in each tenth, twice.
    for (const count of tenths) expect(count).to.be.within(818, 820);
  });

  it('a rare tail age comes out within a few percent of its weight, where independent draws miss by about 10%', () => {
    const weights = Array.from({ length: 75 }, (_, k) => (k < 65 ? 100 : 8)); // ages 81-90 rare
    const table = new AgeTable(weights);
    const random = new RandomStream();
    const counts = new Map<number, number>();
    const n = 100_000;
    for (let unit = 0; unit < n; unit++) {
      random.reset(1, 2, unit, 0);
      const born = table.birthDateAt(stratifiedUniform(1, unit, random.next()), random, '2025-11-01', 192);
      const age = 2025 - Number(born.slice(0, 4)) - (born.slice(5) > '11-01' ? 1 : 0);
      counts.set(age, (counts.get(age) ?? 0) + 1);
    }
    const expected = (n * 8) / (65 * 100 + 10 * 8); // about 121 per tail age
    for (let age = 81; age <= 90; age++) expect(Math.abs(counts.get(age)! - expected) / expected, `age ${age}`).to.be.below(0.05);
  });
});
