/**
 * Driver ages on as_of: one weight per age 16-90, from FHWA licensed drivers
 * by age (data/reference/person/driver-ages.json) or from the run's
 * `distributions.driver_ages` bands, spread smoothly over single ages.
 */
import { addMonths, addYears, cumulativeWeights, esdhError, type Distributions, fromDayNumber, type RandomStream, type ReferenceData, toDayNumber, weightedIndexAt } from '../../engine/kit.js';

/** The youngest and oldest age a generated driver has on as_of. */
export const DRIVER_AGES = { from: 16, to: 90 } as const;

/** A band of `distributions.driver_ages`. */
export type AgeBand = NonNullable<Distributions['driver_ages']>[number];

/** The FHWA table: weights of ages 16..90 in order. */
export function defaultAgeWeights(data: ReferenceData): number[] {
  const table = data.get<{ from_age: number; to_age: number; weights: number[] }>('person.driver-ages');
  if (table.from_age !== DRIVER_AGES.from || table.to_age !== DRIVER_AGES.to || table.weights.length !== DRIVER_AGES.to - DRIVER_AGES.from + 1) {
    throw esdhError('ESDH_ERR_DATA_MISSING', `person.driver-ages (weights for ages ${DRIVER_AGES.from}-${DRIVER_AGES.to})`);
  }
  return table.weights.slice();
}

/** What is wrong with the bands, or null: each within 16-90, from <= to, none overlapping, some weight. */
export function bandsProblem(bands: readonly AgeBand[]): string | null {
  const sorted = bands.map((b, i) => ({ ...b, i })).sort((a, b) => a.from - b.from);
  for (const b of sorted) {
    const name = `driver_ages[${b.i}] (${b.from}-${b.to})`;
    if (!Number.isInteger(b.from) || !Number.isInteger(b.to) || b.from < DRIVER_AGES.from || b.to > DRIVER_AGES.to) return `${name} is outside ${DRIVER_AGES.from}-${DRIVER_AGES.to}: ages are whole years from ${DRIVER_AGES.from} to ${DRIVER_AGES.to}`;
    if (b.from > b.to) return `${name} has from greater than to: write the younger age first, e.g. {from: 25, to: 34, weight: 18}`;
    if (!(b.weight >= 0) || !Number.isFinite(b.weight)) return `${name} has weight ${b.weight}: weights are numbers >= 0`;
  }
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1]!, sorted[k]!];
    if (b.from <= a.to) return `driver_ages[${a.i}] (${a.from}-${a.to}) and driver_ages[${b.i}] (${b.from}-${b.to}) overlap: each age may be in one band only`;
  }
  if (!sorted.some((b) => b.weight > 0)) return 'every band has weight 0: give at least one band a weight above 0';
  return null;
}

/**
 * Per-age weights (ages 16..90) from bands: a density that is linear
 * between the midpoints of neighbouring bands (flat before the first and
 * after the last midpoint), its height at each midpoint fitted so that every
 * band's ages sum to the band's weight (iterative proportional fitting, then
 * an exact last scale). The curve is continuous, so bands leave no steps at
 * their edges, and each band keeps its share. Ages in no band get 0.
 * @example
 * bandWeights([{ from: 16, to: 24, weight: 10 }, { from: 25, to: 90, weight: 90 }]); // 75 weights, ages 16-24 summing to 10
 */
export function bandWeights(bands: readonly AgeBand[]): number[] {
  const problem = bandsProblem(bands);
  if (problem) throw esdhError('ESDH_ERR_CONFIG_INVALID', "the run's distributions", 'distributions.driver_ages', problem);
  const sorted = [...bands].sort((a, b) => a.from - b.from);
  const xs = sorted.map((b) => (b.from + b.to) / 2);
  const ys = sorted.map((b) => b.weight / (b.to - b.from + 1));
  const density = (age: number): number => {
    if (age <= xs[0]!) return ys[0]!;
    for (let k = 1; k < xs.length; k++) {
      if (age <= xs[k]!) return ys[k - 1]! + ((ys[k]! - ys[k - 1]!) * (age - xs[k - 1]!)) / (xs[k]! - xs[k - 1]!);
    }
    return ys[ys.length - 1]!;
  };
  const bandSum = (band: AgeBand): number => {
    let sum = 0;
    for (let age = band.from; age <= band.to; age++) sum += density(age);
    return sum;
  };
  for (let pass = 0; pass < 200; pass++) {
    const sums = sorted.map(bandSum);
    sorted.forEach((band, k) => {
      if (sums[k]! > 0) ys[k] = (ys[k]! * band.weight) / sums[k]!;
    });
  }
  const weights = new Array<number>(DRIVER_AGES.to - DRIVER_AGES.from + 1).fill(0);
  for (const band of sorted) {
    const sum = bandSum(band);
    for (let age = band.from; age <= band.to; age++) {
      weights[age - DRIVER_AGES.from] = sum > 0 ? (density(age) * band.weight) / sum : band.weight / (band.to - band.from + 1);
    }
  }
  return weights;
}

/** Draws ages (and birth dates) from per-age weights, for any minimum licensing age. */
export class AgeTable {
  private readonly byMinimum = new Map<number, { readonly first: number; readonly cumulative: readonly number[] }>();
  /** Day numbers before the last as_of asked (birthDateOfAge). */
  private before: DaysBefore | undefined;
  private readonly among = new WeakMap<readonly number[], Map<number, { readonly open: readonly number[]; readonly cumulative: readonly number[] }>>();

  /** @param weights weights of ages 16..90 in order */
  constructor(readonly weights: readonly number[]) {}

  /** Share of the weight on ages `from`..`to`. */
  share(from: number, to: number): number {
    const total = this.weights.reduce((a, b) => a + b, 0);
    let part = 0;
    for (let age = Math.max(from, DRIVER_AGES.from); age <= Math.min(to, DRIVER_AGES.to); age++) part += this.weights[age - DRIVER_AGES.from]!;
    return part / total;
  }

  /**
   * A birth date giving an age on `asOf` drawn from the weights, never
   * younger than `minimumMonths` (the state's licence age): ages below it are
   * left out and, in the year of that age, birth dates too late for it.
   */
  birthDate(random: RandomStream, asOf: string, minimumMonths: number): string {
    return this.birthDateAt(random.next(), random, asOf, minimumMonths);
  }

  /**
   * As `birthDate`, the age from the uniform `u` (in [0, 1)) instead of a
   * draw: a stratified `u` (strata.ts) makes a sample's ages follow the
   * weights closely; the day inside the year still comes from `random`.
   */
  birthDateAt(u: number, random: RandomStream, asOf: string, minimumMonths: number): string {
    const table = this.tableFrom(youngestAge(minimumMonths));
    return this.birthDateOfAge(table.first + weightedIndexAt(table.cumulative, u), random, asOf, minimumMonths);
  }

  /**
   * As `birthDateAt`, with the age drawn from `ages` only (the ages `--where`
   * leaves, each at its weight): `u` still picks it, so a stratified `u`
   * keeps the sample close to the conditioned weights. `ages` must hold an
   * age of at least the licence age.
   */
  birthDateAmong(ages: readonly number[], u: number, random: RandomStream, asOf: string, minimumMonths: number): string {
    const youngest = youngestAge(minimumMonths);
    let byYoungest = this.among.get(ages);
    if (!byYoungest) this.among.set(ages, (byYoungest = new Map()));
    let table = byYoungest.get(youngest);
    if (!table) {
      const open = ages.filter((a) => a >= youngest && a <= DRIVER_AGES.to);
      byYoungest.set(youngest, (table = { open, cumulative: cumulativeWeights(open.map((a) => this.weights[a - DRIVER_AGES.from]! + 1e-12)) }));
    }
    return this.birthDateOfAge(table.open[weightedIndexAt(table.cumulative, u)]!, random, asOf, minimumMonths);
  }

  /** A birth date giving exactly `age` on `asOf`, not younger than `minimumMonths`. */
  private birthDateOfAge(age: number, random: RandomStream, asOf: string, minimumMonths: number): string {
    // Born after (as_of - age-1 years) and on or before (as_of - age years): exactly `age` on as_of;
    // and old enough for a licence: born on or before as_of minus the licence age.
    const days = this.daysBefore(asOf);
    const earliest = days.years(age + 1) + 1;
    const latest = Math.min(days.years(age), days.months(minimumMonths));
    return fromDayNumber(random.int(earliest, latest));
  }

  /** Day numbers of as_of minus whole years or months, each computed once per as_of (the last one asked). */
  private daysBefore(asOf: string): DaysBefore {
    if (this.before?.asOf !== asOf) this.before = new DaysBefore(asOf);
    return this.before;
  }

  /** true when some age a driver of that licence age may have carries weight. */
  allows(minimumMonths: number): boolean {
    return this.weights.slice(youngestAge(minimumMonths) - DRIVER_AGES.from).some((w) => w > 0);
  }

  private tableFrom(youngest: number): { readonly first: number; readonly cumulative: readonly number[] } {
    let table = this.byMinimum.get(youngest);
    if (!table) {
      table = { first: youngest, cumulative: cumulativeWeights(this.weights.slice(youngest - DRIVER_AGES.from)) };
      this.byMinimum.set(youngest, table);
    }
    return table;
  }
}

/**
 * toDayNumber(addYears(asOf, -years)) and toDayNumber(addMonths(asOf, -months)),
 * made at once for every count a driver's age or licence age can ask (so the
 * state a run keeps never changes while it generates: engine.setups holds it
 * across runs); other counts are computed each time.
 */
class DaysBefore {
  private readonly byYears: readonly number[];
  private readonly byMonths: readonly number[];

  constructor(readonly asOf: string) {
    this.byYears = Array.from({ length: DRIVER_AGES.to + 2 }, (_, years) => toDayNumber(addYears(asOf, -years)));
    this.byMonths = Array.from({ length: (DRIVER_AGES.to + 2) * 12 }, (_, months) => toDayNumber(addMonths(asOf, -months)));
  }

  years(years: number): number {
    return this.byYears[years] ?? toDayNumber(addYears(this.asOf, -years));
  }

  months(months: number): number {
    return this.byMonths[months] ?? toDayNumber(addMonths(this.asOf, -months));
  }
}

/** The youngest whole age at which someone can be `minimumMonths` old (16.5 years → 16). */
export function youngestAge(minimumMonths: number): number {
  return Math.max(DRIVER_AGES.from, Math.floor(minimumMonths / 12));
}
