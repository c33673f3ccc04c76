import { cumulativeWeights, type RandomStream, type ReferenceData } from '../../engine/kit.js';

/** A name list and its cumulative weights (parallel), drawn with `random.weightedIndex`. */
export interface WeightedNames {
  readonly names: readonly string[];
  readonly cumulative: readonly number[];
}

/**
 * The name tables (docs/domain-rules.md, names): surnames weighted by the 2010
 * Census, first names per birth year and sex weighted by SSA births.
 */
export interface NameTables {
  readonly surnames: WeightedNames;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Index 0 is `firstYear`. */
  readonly female: readonly WeightedNames[];
  readonly male: readonly WeightedNames[];
}

export type Sex = 'F' | 'M';

interface SurnameFile {
  head: [string, number][];
  tail: string[];
  tail_weight: number;
}

interface FirstNameSex {
  /** `[name, offset of its first year, births that year, the next year, ...]`; 0 = not kept that year. */
  names: (string | number)[][];
}

interface FirstNameFile {
  first_year: number;
  last_year: number;
  female: FirstNameSex;
  male: FirstNameSex;
}

/**
 * Build the draw tables from data/reference/person (surnames.json,
 * first-names-by-year.json), once per run: ~160,000 cumulative weights in all.
 */
export function loadNameTables(data: ReferenceData): NameTables {
  const surnames = data.get<SurnameFile>('person.surnames');
  const first = data.get<FirstNameFile>('person.first-names-by-year');
  return {
    surnames: {
      names: [...surnames.head.map(([name]) => name), ...surnames.tail],
      cumulative: cumulativeWeights([...surnames.head.map(([, count]) => count), ...surnames.tail.map(() => surnames.tail_weight)]),
    },
    firstYear: first.first_year,
    lastYear: first.last_year,
    female: yearTables(first.female, first.last_year - first.first_year + 1),
    male: yearTables(first.male, first.last_year - first.first_year + 1),
  };
}

/** Turn the name x year rows into one weighted list per year. */
function yearTables(sex: FirstNameSex, yearCount: number): WeightedNames[] {
  const names: string[][] = Array.from({ length: yearCount }, () => []);
  const weights: number[][] = Array.from({ length: yearCount }, () => []);
  for (const [name, from, ...births] of sex.names) {
    births.forEach((count, i) => {
      if ((count as number) > 0) {
        names[(from as number) + i]!.push(name as string);
        weights[(from as number) + i]!.push(count as number);
      }
    });
  }
  return names.map((list, y) => ({ names: list, cumulative: cumulativeWeights(weights[y]!) }));
}

/** One draw from a weighted list: a binary search, O(log n). */
function draw(table: WeightedNames, random: RandomStream): string {
  return table.names[random.weightedIndex(table.cumulative)]!;
}

/**
 * A first name for a person of `sex` born in `birthYear`, weighted by that
 * year's SSA births; years outside the table clamp to its first or last year.
 */
export function firstName(tables: NameTables, random: RandomStream, sex: Sex, birthYear: number): string {
  const year = Math.min(tables.lastYear, Math.max(tables.firstYear, birthYear));
  const bySex = sex === 'F' ? tables.female : tables.male;
  return draw(bySex[year - tables.firstYear]!, random);
}

/** A surname weighted by its 2010 Census count. */
export function lastName(tables: NameTables, random: RandomStream): string {
  return draw(tables.surnames, random);
}
