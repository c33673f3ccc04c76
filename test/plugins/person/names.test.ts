import { expect } from 'chai';
import { join } from 'node:path';
import { ReferenceData } from '../../../engine/lib/reference-data.js';
import { RandomStream } from '../../../engine/lib/random.js';
import { firstName, lastName, loadNameTables, type NameTables, type Sex } from '../../../plugins/person/names.js';
import { packageRoot, readPackageJson } from '../../helpers/package-root.js';

interface SurnameFile {
  population: number;
  head_share: number;
  head: [string, number][];
  tail: string[];
}
interface FirstNameFile {
  first_year: number;
  male: { births: number[]; coverage: number[]; names: (string | number)[][] };
}

const surnameFile = readPackageJson<SurnameFile>('data/reference/person/surnames.json');
const firstNameFile = readPackageJson<FirstNameFile>('data/reference/person/first-names-by-year.json');

/** Counts of `n` draws; a fixed seed, so every run sees the same sample. */
function tally(n: number, drawOne: (random: RandomStream) => string, seed = 20240101): Map<string, number> {
  const random = new RandomStream(seed, 7, 0, 0);
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const name = drawOne(random);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** Births of `name` in `year` from a row `[name, first year offset, births...]`. */
function births(rows: (string | number)[][], name: string, yearOffset: number): number {
  const row = rows.find((r) => r[0] === name)!;
  return (row[2 + yearOffset - (row[1] as number)] as number | undefined) ?? 0;
}

describe('plugins/person/names', () => {
  let tables: NameTables;
  before(() => {
    tables = loadNameTables(new ReferenceData([join(packageRoot(), 'data', 'reference')]));
  });

  describe('lastName', () => {
    const N = 100_000;
    let counts: Map<string, number>;
    before(() => {
      counts = tally(N, (random) => lastName(tables, random));
    });

    it('Smith comes out between 0.6% and 1.0%, and 100,000 persons have at least 1,000 surnames', () => {
      const smith = (counts.get('Smith') ?? 0) / N;
      expect(smith).to.be.within(0.006, 0.01);
      expect(counts.size).to.be.at.least(1000);
    });

    it('each of the 20 most common surnames gets its Census share (within 20%)', () => {
      for (const [name, count] of surnameFile.head.slice(0, 20)) {
        const expected = count / surnameFile.population;
        const drawn = (counts.get(name) ?? 0) / N;
        expect(drawn / expected, `${name}: drawn ${drawn}, Census ${expected}`).to.be.within(0.8, 1.2);
      }
    });

    it('the names the table does not weight take the rest of the population, not the head', () => {
      const tail = new Set(surnameFile.tail);
      let tailDraws = 0;
      for (const [name, c] of counts) if (tail.has(name)) tailDraws += c;
      expect(tailDraws / N).to.be.within(1 - surnameFile.head_share - 0.01, 1 - surnameFile.head_share + 0.01);
      expect(counts.get('Williams'), 'Williams').to.be.greaterThan(0);
      for (const name of ['Garcia', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Nguyen', 'Kim', 'Patel']) {
        expect(counts.get(name), name).to.be.greaterThan(50);
      }
    });
  });

  describe('firstName', () => {
    it('James is drawn for males born 1955 at its SSA share of that year (scaled by the table coverage)', () => {
      const N = 100_000;
      const y = 1955 - firstNameFile.first_year;
      const ssaShare = births(firstNameFile.male.names, 'James', y) / firstNameFile.male.births[y]!;
      const coverage = firstNameFile.male.coverage[y]!;
      expect(ssaShare).to.be.within(0.035, 0.045);
      const drawn = (tally(N, (random) => firstName(tables, random, 'M', 1955)).get('James') ?? 0) / N;
      // The table keeps the names that cover `coverage` of the year's births: each kept name's share is its SSA share / coverage.
      expect(drawn / (ssaShare / coverage), `drawn ${drawn}, SSA ${ssaShare}, coverage ${coverage}`).to.be.within(0.93, 1.07);
    });

    it('depends on the birth year: Nevaeh is common for girls born 2010 and absent for 1950', () => {
      const N = 20_000;
      const in2010 = tally(N, (random) => firstName(tables, random, 'F', 2010));
      const in1950 = tally(N, (random) => firstName(tables, random, 'F', 1950));
      expect((in2010.get('Nevaeh') ?? 0) / N).to.be.above(0.002);
      expect(in1950.get('Nevaeh') ?? 0).to.equal(0);
      expect((in1950.get('Mary') ?? 0) / N).to.be.above(0.03);
      expect((in2010.get('Mary') ?? 0) / N).to.be.below(0.005);
    });

    it('draws by sex', () => {
      const boys = tally(5000, (random) => firstName(tables, random, 'M', 1980));
      const girls = tally(5000, (random) => firstName(tables, random, 'F', 1980));
      expect(boys.get('Michael') ?? 0).to.be.above(100);
      expect(boys.get('Jennifer') ?? 0).to.equal(0);
      expect(girls.get('Jennifer') ?? 0).to.be.above(100);
    });

    it('clamps birth years outside the table to its first and last year', () => {
      const draws = (sex: Sex, year: number): string[] => {
        const random = new RandomStream(5, 1, 0, 0);
        return Array.from({ length: 200 }, () => firstName(tables, random, sex, year));
      };
      expect(draws('F', 1850)).to.deep.equal(draws('F', tables.firstYear));
      expect(draws('M', 2090)).to.deep.equal(draws('M', tables.lastYear));
      expect(draws('M', 2090)).not.to.deep.equal(draws('M', 1950));
    });
  });
});
