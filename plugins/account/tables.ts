/**
 * What the account plugin and the household plan draw from
 * (data/reference/account/households.json and businesses.json), with the
 * run's `distributions.household_size`, `vehicles_per_household` and
 * `fleet_size` over the defaults, read once per run.
 */
import { cumulativeWeights, type Distributions, esdhError, type ReferenceData } from '../../engine/kit.js';

/** A weighted list: names and their cumulative weights (parallel). */
export interface Weighted<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
}

export type Kind = 'car' | 'pickup' | 'van' | 'straight' | 'tractor';
export type Radius = 'local' | 'intermediate' | 'long_distance';
export type Cargo = 'general' | 'oil' | 'hazmat';

export interface BusinessType {
  readonly name: string;
  readonly trades: readonly string[];
  /** P(for-hire carrier). */
  readonly forHire: number;
  /** P(operates across state lines). */
  readonly interstate: number;
  readonly usage: 'service' | 'retail' | 'commercial';
  readonly cargo: Weighted<Cargo>;
  readonly kinds: Weighted<Kind>;
  readonly radius: Weighted<Radius>;
}

/** A fleet-size band of `distributions.fleet_size`: vehicles from..to. */
export interface FleetBand {
  readonly from: number;
  readonly to: number;
}

export interface AccountTables {
  readonly householdSize: Weighted<number>;
  readonly vehiclesPerHousehold: Weighted<number>;
  /** children_under_15 by household size: weights of 0, 1, ... */
  readonly childrenBySize: ReadonlyMap<number, Weighted<number>>;
  readonly secondAdult: Weighted<'spouse' | 'child' | 'other_relative'>;
  readonly furtherResident: Weighted<'child' | 'other_relative'>;
  readonly adultLicence: Weighted<'valid' | 'suspended' | 'none'>;
  readonly teenBeforeLicenceAge: Weighted<'permit' | 'none'>;
  readonly teenLicensedAge: Weighted<'valid' | 'permit' | 'none'>;
  readonly spouseGapSd: number;
  readonly maxSpouseGap: number;
  readonly minParentGap: number;
  readonly businesses: Weighted<BusinessType>;
  readonly fleetBands: Weighted<FleetBand>;
  readonly feinPrefixes: readonly string[];
  readonly legalForms: readonly string[];
  readonly namePatterns: readonly string[];
}

type Weights = Readonly<Record<string, number>>;

interface HouseholdFile {
  household_size: Weights;
  vehicles_per_household: Weights;
  children_under_15: Record<string, number[] | string>;
  second_adult: Weights;
  further_resident: Weights;
  adult_licence: Weights;
  teen_before_licence_age: Weights;
  teen_licensed_age: Weights;
  spouse_age_gap_sd: number;
  max_spouse_age_gap: number;
  min_parent_gap_years: number;
}

interface BusinessEntry {
  weight: number;
  trades: string[];
  for_hire: number;
  interstate: number;
  usage: BusinessType['usage'];
  cargo?: Weights;
  kinds: Weights;
  radius: Weights;
}

interface BusinessFile {
  fein_never_assigned: string[];
  fleet_size: Weights;
  legal_forms: string[];
  name_patterns: string[];
  types: Record<string, BusinessEntry>;
}

/** The IRS's never-assigned FEIN prefixes (data/reference/account/businesses.json). */
export function feinPrefixes(data: ReferenceData): readonly string[] {
  return data.get<string[]>('account.businesses.fein_never_assigned');
}

/** Keys of `weights` that pass `keep`, as a weighted list (keys in their written order). */
function weighted<T>(weights: Weights, convert: (key: string) => T, without = 'about'): Weighted<T> {
  const keys = Object.keys(weights).filter((k) => k !== without);
  return { values: keys.map(convert), cumulative: cumulativeWeights(keys.map((k) => weights[k]!)) };
}

const WHERE = "the run's distributions (config or profile)";

/** The run's weights of a book distribution over the default's keys, each key missing from the run at its default weight. */
function overDefaults(field: 'household_size' | 'vehicles_per_household' | 'fleet_size', defaults: Weights, given: Weights | undefined): Weights {
  const merged: Record<string, number> = { ...defaults, ...(given ?? {}) };
  if (given && !Object.values(given).some((w) => w > 0)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', WHERE, `distributions.${field}`, `every weight is 0: give at least one of ${Object.keys(defaults).map((k) => `'${k}'`).join(', ')} a weight above 0`);
  }
  if (given) for (const key of Object.keys(defaults)) if (!(key in given)) merged[key] = 0;
  return merged;
}

const cache = new WeakMap<ReferenceData, Map<string, AccountTables>>();

/**
 * The tables, built once per reference-data source and distributions: a
 * book distribution given in the run replaces the default (keys it leaves
 * out weigh 0).
 */
export function loadAccountTables(data: ReferenceData, distributions: Readonly<Distributions>): AccountTables {
  const key = JSON.stringify([distributions.household_size, distributions.vehicles_per_household, distributions.fleet_size]);
  let byKey = cache.get(data);
  if (!byKey) cache.set(data, (byKey = new Map()));
  let tables = byKey.get(key);
  if (tables) return tables;
  const h = data.get<HouseholdFile>('account.households');
  const b = data.get<BusinessFile>('account.businesses');
  const childrenBySize = new Map<number, Weighted<number>>();
  for (const [size, list] of Object.entries(h.children_under_15)) {
    if (size === 'about' || typeof list === 'string') continue;
    childrenBySize.set(Number(size), { values: list.map((_, i) => i), cumulative: cumulativeWeights(list) });
  }
  tables = {
    householdSize: weighted(overDefaults('household_size', h.household_size, distributions.household_size as Weights | undefined), Number),
    vehiclesPerHousehold: weighted(overDefaults('vehicles_per_household', h.vehicles_per_household, distributions.vehicles_per_household as Weights | undefined), Number),
    childrenBySize,
    secondAdult: weighted(h.second_adult, (k) => k as 'spouse'),
    furtherResident: weighted(h.further_resident, (k) => k as 'child'),
    adultLicence: weighted(h.adult_licence, (k) => k as 'valid'),
    teenBeforeLicenceAge: weighted(h.teen_before_licence_age, (k) => k as 'permit'),
    teenLicensedAge: weighted(h.teen_licensed_age, (k) => k as 'valid'),
    spouseGapSd: h.spouse_age_gap_sd,
    maxSpouseGap: h.max_spouse_age_gap,
    minParentGap: h.min_parent_gap_years,
    businesses: weighted(Object.fromEntries(Object.entries(b.types).map(([name, t]) => [name, t.weight])), (name) => businessType(name, b.types[name]!)),
    fleetBands: weighted(overDefaults('fleet_size', b.fleet_size, distributions.fleet_size as Weights | undefined), (band) => {
      const [from, to = from] = band.split('-').map(Number) as [number, number?];
      return { from, to };
    }),
    feinPrefixes: b.fein_never_assigned,
    legalForms: b.legal_forms,
    namePatterns: b.name_patterns,
  };
  byKey.set(key, tables);
  return tables;
}

function businessType(name: string, t: BusinessEntry): BusinessType {
  return {
    name,
    trades: t.trades,
    forHire: t.for_hire,
    interstate: t.interstate,
    usage: t.usage,
    cargo: weighted(t.cargo ?? { general: 1 }, (k) => k as Cargo),
    kinds: weighted(t.kinds, (k) => k as Kind),
    radius: weighted(t.radius, (k) => k as Radius),
  };
}

/** One value of a weighted list. */
export function drawFrom<T>(list: Weighted<T>, random: { weightedIndex(c: readonly number[]): number }): T {
  return list.values[random.weightedIndex(list.cumulative)]!;
}
