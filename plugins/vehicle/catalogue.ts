import type { ReferenceData } from '../../engine/kit.js';

/** The body styles of the v0.1 contract: what a v0.1 record carries. */
export const V01_BODY_STYLES = ['Sedan', 'SUV', 'Truck'] as const;
export type V01BodyStyle = (typeof V01_BODY_STYLES)[number];

/**
 * One row of a model's VIN table: [first model year, last model year, WMIs,
 * VDSs, plant codes], WMIs and VDSs space-separated. Every WMI x VDS x plant
 * of the row, in each of its years, decodes in NHTSA vPIC to the model
 * (data/scripts/build-vehicle-catalogue.mjs checked each with a decoder).
 */
export type VinRow = readonly [number, number, string, string, string];

export interface CatalogueModel {
  /** vPIC's name of the model (what a decoder returns). */
  readonly model: string;
  /** One of the catalogue's `body_styles`. */
  readonly body_style: string;
  /** Share of the make's vehicles in use, relative to the make's other models. */
  readonly weight: number;
  readonly vins: readonly VinRow[];
}

export interface CatalogueMake {
  readonly make: string;
  /** Share of US light vehicles in use, percent. */
  readonly weight: number;
  readonly models: readonly CatalogueModel[];
}

/** The US fleet's age: new-vehicle sales by year times the share of them still in use at each age. */
export interface Fleet {
  /** The oldest vehicle age drawn. */
  readonly max_age: number;
  readonly sales_first_year: number;
  /** Light-vehicle sales, millions, from `sales_first_year` on (later years repeat the last). */
  readonly sales: readonly number[];
  /** Share of a model year still in use at age 0, 1, ..., max_age. */
  readonly survival: readonly number[];
}

/** data/reference/vehicle/catalogue.json */
export interface Catalogue {
  readonly source: Readonly<Record<string, string>>;
  /** Every body style a record may carry, and its v0.1 class (null: none, so v0.1 runs leave it out). */
  readonly body_styles: Readonly<Record<string, V01BodyStyle | null>>;
  readonly fleet: Fleet;
  readonly makes: readonly CatalogueMake[];
}

/** The VIN parts one row offers for a model year. */
export interface VinChoice {
  readonly wmis: readonly string[];
  readonly vds: readonly string[];
  readonly plants: string;
}

/** A model with its model years in the fleet's age window on an as_of date, and their VIN parts. */
export interface ModelChoice {
  readonly make: string;
  readonly model: string;
  readonly bodyStyle: string;
  readonly v01: V01BodyStyle | null;
  /** The model's share of its make's vehicles in use (relative to the make's other models). */
  readonly weight: number;
  readonly years: readonly number[];
  /** The VIN rows covering each of `years` (same index). */
  readonly parts: readonly (readonly VinChoice[])[];
}

const catalogues = new WeakMap<ReferenceData, Catalogue>();

export function loadCatalogue(data: ReferenceData): Catalogue {
  let catalogue = catalogues.get(data);
  if (!catalogue) {
    catalogue = data.get<Catalogue>('vehicle.catalogue');
    catalogues.set(data, catalogue);
  }
  return catalogue;
}

/** Sales of model year `year`, millions (years outside the table take its nearest end). */
function salesOf(fleet: Fleet, year: number): number {
  const i = Math.min(Math.max(year - fleet.sales_first_year, 0), fleet.sales.length - 1);
  return fleet.sales[i]!;
}

/**
 * The fleet weight of model year `year` on `asOf`: its sales times the share
 * still in use at its age (as_of year - model year, 0 to max_age). Next
 * year's models (as_of year + 1) go on sale during the year: by as_of's month
 * m they weigh m/24 of a new model year.
 */
export function fleetWeight(fleet: Fleet, year: number, asOf: string): number {
  const asOfYear = Number(asOf.slice(0, 4));
  const age = asOfYear - year;
  if (age === -1) return salesOf(fleet, year) * fleet.survival[0]! * (Number(asOf.slice(5, 7)) / 24);
  if (age < 0 || age > fleet.max_age) return 0;
  return salesOf(fleet, year) * fleet.survival[age]!;
}

/** Every catalogue model with a model year in the fleet's age window on `asOf` ([as_of year - max_age, as_of year + 1]). */
export function openModels(data: ReferenceData, asOf: string, catalogue: Catalogue = loadCatalogue(data)): ModelChoice[] {
  const asOfYear = Number(asOf.slice(0, 4));
  const from = asOfYear - catalogue.fleet.max_age;
  const out: ModelChoice[] = [];
  for (const make of catalogue.makes) {
    for (const model of make.models) {
      const byYear = new Map<number, VinChoice[]>();
      for (const [first, last, wmis, vds, plants] of model.vins) {
        if (last < from || first > asOfYear + 1) continue;
        const choice: VinChoice = { wmis: wmis.split(' '), vds: vds.split(' '), plants };
        for (let year = Math.max(first, from); year <= Math.min(last, asOfYear + 1); year++) {
          const list = byYear.get(year);
          if (list) list.push(choice);
          else byYear.set(year, [choice]);
        }
      }
      if (byYear.size === 0) continue;
      const years = [...byYear.keys()].sort((a, b) => a - b);
      out.push({
        make: make.make,
        model: model.model,
        bodyStyle: model.body_style,
        v01: catalogue.body_styles[model.body_style] ?? null,
        weight: model.weight,
        years,
        parts: years.map((y) => byYear.get(y)!),
      });
    }
  }
  return out;
}

/** One model year of one model, and its share of the fleet on as_of. */
export interface FleetEntry {
  readonly model: ModelChoice;
  /** Index into `model.years` / `model.parts`. */
  readonly year: number;
  readonly weight: number;
}

/**
 * The fleet on `asOf` as (model, model year) entries whose weights sum to 1:
 * model years weigh what the fleet curve gives them (sales times survival);
 * within a model year, makes by their share of vehicles in use (`makeShares`,
 * 0 leaves a make out), then models by their weight within the make. Shares
 * are spread over the years a make or model was sold (in the window), so a
 * make or model sold for fewer years has as large a share of the fleet, in
 * fewer years.
 */
export function fleetEntries(data: ReferenceData, asOf: string, makeShares: Readonly<Record<string, number>>, catalogue: Catalogue = loadCatalogue(data)): FleetEntry[] {
  const { fleet } = catalogue;
  const models = openModels(data, asOf, catalogue).filter((m) => (makeShares[m.make] ?? 0) > 0);
  const yearWeight = new Map<number, number>();
  const weightOf = (y: number) => {
    let w = yearWeight.get(y);
    if (w === undefined) yearWeight.set(y, (w = fleetWeight(fleet, y, asOf)));
    return w;
  };
  const fleetOf = (years: Iterable<number>) => {
    let sum = 0;
    for (const y of years) sum += weightOf(y);
    return sum;
  };
  // Per year of sale, how strong each model and make is: its share over the fleet weight of its years.
  const modelRate = new Map(models.map((m) => [m, m.weight / fleetOf(m.years)]));
  const makeYears = new Map<string, Set<number>>();
  for (const m of models) {
    const years = makeYears.get(m.make) ?? new Set<number>();
    for (const y of m.years) years.add(y);
    makeYears.set(m.make, years);
  }
  const makeRate = new Map([...makeYears].map(([make, years]) => [make, makeShares[make]! / fleetOf(years)]));
  const byYear = new Map<number, { model: ModelChoice; year: number }[]>();
  for (const m of models) {
    m.years.forEach((y, i) => {
      const list = byYear.get(y);
      if (list) list.push({ model: m, year: i });
      else byYear.set(y, [{ model: m, year: i }]);
    });
  }
  const total = fleetOf(byYear.keys());
  const out: FleetEntry[] = [];
  for (const y of [...byYear.keys()].sort((a, b) => a - b)) {
    const here = byYear.get(y)!;
    const makeSum = new Map<string, number>();
    for (const e of here) makeSum.set(e.model.make, (makeSum.get(e.model.make) ?? 0) + modelRate.get(e.model)!);
    const makesTotal = [...makeSum.keys()].reduce((sum, make) => sum + makeRate.get(make)!, 0);
    for (const e of here) {
      const make = e.model.make;
      const weight = (weightOf(y) / total) * (makeRate.get(make)! / makesTotal) * (modelRate.get(e.model)! / makeSum.get(make)!);
      out.push({ model: e.model, year: e.year, weight });
    }
  }
  return out;
}
