/** lob by age: Commercial owners are rarely under 21 or over 75, and the overall mix stays at distributions.lob_mix. */
import { expect } from 'chai';
import { type Person, yearsBetween } from '../../../engine/index.js';
import { commercialByAge, commercialShare } from '../../../plugins/person/lob.js';
import { newEngine } from '../../helpers/engine.js';
import { readPackageJson } from '../../helpers/package-root.js';

const weights = readPackageJson<{ weights: number[] }>('data/reference/person/driver-ages.json').weights;
const commercial = (persons: readonly Person[]) => persons.filter((p) => p.lob_type === 'Commercial');

describe('plugins/person/lob', () => {
  it('P(Commercial | age) keeps the mix exactly over the age table, and is low under 21 and over 75', () => {
    for (const share of [0.05, 0.3, 0.7, 0.95]) {
      const p = commercialByAge(weights, share);
      const mix = p.reduce((sum, x, i) => sum + x * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
      expect(mix, `share ${share}`).to.be.closeTo(share, 1e-9);
      expect(p.every((x) => x >= 0 && x <= 1)).to.equal(true);
    }
    const p = commercialByAge(weights, 0.3);
    expect(p[18 - 16]! / p[40 - 16]!).to.be.below(0.1);
    expect(p[80 - 16]! / p[40 - 16]!).to.be.below(0.1);
    expect(commercialByAge(weights, 0).every((x) => x === 0)).to.equal(true);
    expect(commercialByAge(weights, 1).every((x) => x === 1)).to.equal(true);
  });

  it('lob_mix merges with the default field by field: {Personal: 1} keeps Commercial 0.3', () => {
    expect(commercialShare(undefined)).to.be.closeTo(0.3, 1e-12);
    expect(commercialShare({ Personal: 1 })).to.be.closeTo(0.3 / 1.3, 1e-12);
    expect(commercialShare({ Personal: 1, Commercial: 0 })).to.equal(0);
    expect(() => commercialShare({ Personal: 0, Commercial: 0 })).to.throw(/sum to 0/);
  });

  it('a run: about 30% Commercial overall, few under 21 or over 75 (20,000 persons)', async () => {
    const engine = await newEngine();
    const persons = await engine.generate('person', { records: 20_000, seed: 4 });
    const com = commercial(persons);
    expect(com.length / persons.length).to.be.closeTo(0.3, 0.015);
    const age = (p: Person) => yearsBetween(p.date_of_birth, '2025-11-01');
    const shareAmong = (filter: (a: number) => boolean) => {
      const group = persons.filter((p) => filter(age(p)));
      return commercial(group).length / group.length;
    };
    expect(shareAmong((a) => a < 21)).to.be.below(0.06);
    expect(shareAmong((a) => a > 75)).to.be.below(0.06);
    expect(shareAmong((a) => a >= 25 && a <= 60)).to.be.above(0.33);
  });

  it('distributions.lob_mix sets the mix: all Personal, or mostly Commercial', async () => {
    const personal = await newEngine({ config: { distributions: { lob_mix: { Personal: 1, Commercial: 0 } } } });
    expect(commercial(await personal.generate('person', { records: 500, seed: 2 }))).to.have.length(0);
    const heavy = await newEngine({ config: { distributions: { lob_mix: { Personal: 1, Commercial: 3 } } } });
    const persons = await heavy.generate('person', { records: 4000, seed: 2 });
    expect(commercial(persons).length / persons.length).to.be.closeTo(0.75, 0.03);
  });
});
