/**
 * `--where` on vehicles (docs/book-households.md, "Scenario targeting"):
 * what `vehicle.body_style`, `make`, `model_year`, `vehicle_class`, `usage`
 * and `vehicles OP n` leave of the catalogue, per line of business and per
 * kind of commercial vehicle, computed once per run. One vehicle of each
 * account (its vehicle 0) is drawn from these conditioned tables, so it meets
 * every vehicle term; the others are drawn as without terms.
 */
import { cumulativeWeights, type Distributions, fieldTerms, meetsAll, type ReferenceData, type Vehicle, type Where, type WhereTerm } from '../../engine/kit.js';
import type { FleetEntry } from './catalogue.js';
import { loadVehicleTables, type LobDraw } from './tables.js';
import { loadTruckModels, truckYears, type TruckModel } from './trucks.js';

/** The commercial kinds whose light vehicles come from the catalogue, and the body styles each draws from. */
export const KIND_STYLES = { car: ['SUV', 'Minivan'], pickup: ['Pickup'], van: ['Van'] } as const;
export type LightKind = keyof typeof KIND_STYLES;
/** The vehicle_class a light commercial vehicle of each kind carries (classes.ts vehicleClassFor). */
const LIGHT_CLASS: Readonly<Record<LightKind, NonNullable<Vehicle['vehicle_class']>>> = { car: 'private passenger', pickup: 'light truck', van: 'van' };
/** GVWR (lb) of the size classes over 10,000 lb (classes.ts sizeClass). */
const TRUCK_CLASSES: readonly (readonly [NonNullable<Vehicle['vehicle_class']>, number, number])[] = [
  ['medium truck', 10_001, 20_000],
  ['heavy truck', 20_001, 45_000],
  ['extra-heavy truck', 45_001, 1_000_000],
];
export const PERSONAL_USAGES = ['commute', 'pleasure', 'business', 'farm'] as const;
export const COMMERCIAL_USAGES = ['service', 'retail', 'commercial'] as const;

/** A truck model vehicle 0 may be, with the GVWR ranges (lb, inclusive, multiples of 10) its class terms leave. */
export interface Weighted<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
}

export interface TruckChoice {
  readonly model: TruckModel;
  readonly gvwr: readonly (readonly [number, number])[];
}

export interface VehicleConditions {
  /** true when some vehicle term names a field (vehicle 0 is conditioned). */
  readonly fields: boolean;
  /** The terms of `vehicles OP n`. */
  readonly counts: readonly WhereTerm[];
  /** Personal vehicle 0: catalogue entries left, the uses left; null when no Personal vehicle can meet the terms. */
  readonly personal: { readonly draw: LobDraw; readonly usages: readonly (typeof PERSONAL_USAGES)[number][] } | null;
  /** Commercial vehicle 0 by kind: light kinds' entries, trucks' models; a kind missing cannot meet the terms. */
  readonly light: Partial<Record<LightKind, LobDraw>>;
  readonly tractors: Weighted<TruckChoice>;
  readonly straight: Weighted<TruckChoice>;
  /** v0.1 runs: each line's catalogue entries left (a v0.1 Commercial owner draws from the whole Commercial fleet). */
  readonly v01: Readonly<Record<'Personal' | 'Commercial', LobDraw | null>>;
  /** Truck entries (model years) left, by `Make|Model`. */
  readonly truckYears: ReadonlyMap<string, LobDraw>;
  /** Commercial uses left (a business's use is its vehicles'). */
  readonly commercialUsages: readonly string[];
  /** Why a line cannot meet the terms (for ESDH_ERR_WHERE_IMPOSSIBLE), by line. */
  readonly why: Readonly<Record<'Personal' | 'Commercial', string | null>>;
}

function filtered(draw: { readonly entries: readonly FleetEntry[]; readonly cumulative: readonly number[] }, keep: (e: FleetEntry) => boolean): LobDraw | null {
  const entries: FleetEntry[] = [];
  const weights: number[] = [];
  let before = 0;
  draw.entries.forEach((e, i) => {
    const w = draw.cumulative[i]! - before;
    before = draw.cumulative[i]!;
    if (w > 0 && keep(e)) {
      entries.push(e);
      weights.push(w);
    }
  });
  return entries.length > 0 ? { entries, cumulative: cumulativeWeights(weights) } : null;
}

/** The GVWR sub-ranges of [lo, hi] whose size class meets the class terms. */
function gvwrRanges(terms: readonly WhereTerm[], lo: number, hi: number): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (const [cls, from, to] of TRUCK_CLASSES) {
    if (!meetsAll(terms, cls)) continue;
    // GVWRs are rounded to 10 lb (household-plan.ts): the range's multiples of 10.
    const a = Math.ceil(Math.max(lo, from) / 10) * 10;
    const b = Math.floor(Math.min(hi, to) / 10) * 10;
    if (a <= b) out.push([a, b]);
  }
  return out;
}

const memo = new WeakMap<Where, { readonly key: string; readonly value: VehicleConditions }>();

/** The vehicle conditions of a run (memoised on its terms). */
export function vehicleConditions(where: Where, data: ReferenceData, asOf: string, distributions: Readonly<Distributions>): VehicleConditions {
  const key = `${asOf}|${JSON.stringify([distributions.body_styles, distributions.makes])}`;
  const hit = memo.get(where);
  if (hit && hit.key === key) return hit.value;
  const value = compute(where, data, asOf, distributions);
  memo.set(where, { key, value });
  return value;
}

function compute(where: Where, data: ReferenceData, asOf: string, distributions: Readonly<Distributions>): VehicleConditions {
  const body = fieldTerms(where, 'vehicle', 'body_style');
  const make = fieldTerms(where, 'vehicle', 'make');
  const year = fieldTerms(where, 'vehicle', 'model_year');
  const cls = fieldTerms(where, 'vehicle', 'vehicle_class');
  const usage = fieldTerms(where, 'vehicle', 'usage');
  const fields = body.length + make.length + year.length + cls.length + usage.length > 0;
  const tables = loadVehicleTables(data, asOf, distributions);
  const written = (e: FleetEntry) => (tables.v01 ? e.model.v01 : e.model.bodyStyle);
  const fits = (e: FleetEntry, style: string | null) => meetsAll(body, style) && meetsAll(make, e.model.make) && meetsAll(year, e.model.years[e.year]);
  // Personal: the Personal fleet; no vehicle_class (null must meet the class terms).
  const personalUsages = PERSONAL_USAGES.filter((u) => meetsAll(usage, u));
  const personalDraw = filtered(tables.byLob.Personal, (e) => fits(e, written(e)));
  let personalWhy: string | null = null;
  if (!meetsAll(cls, null)) personalWhy = 'a Personal vehicle has no vehicle_class';
  else if (personalUsages.length === 0) personalWhy = `a Personal vehicle's usage is one of ${PERSONAL_USAGES.join(', ')}`;
  else if (!personalDraw) personalWhy = 'no model of the Personal fleet on as_of has that body style, make and model year';
  // Commercial: light kinds from the catalogue's Commercial entries, trucks from the truck table.
  const commercial = tables.byLob.Commercial;
  const light: Partial<Record<LightKind, LobDraw>> = {};
  for (const kind of Object.keys(KIND_STYLES) as LightKind[]) {
    if (!meetsAll(cls, LIGHT_CLASS[kind])) continue;
    const styles = KIND_STYLES[kind] as readonly string[];
    const own = filtered(commercial, (e) => styles.includes(e.model.bodyStyle));
    const draw = filtered(own ?? commercial, (e) => fits(e, e.model.bodyStyle));
    if (draw) light[kind] = draw;
  }
  const years = new Map<string, LobDraw>();
  const trucks = loadTruckModels(data, asOf);
  const choose = (list: { readonly values: readonly TruckModel[]; readonly cumulative: readonly number[] }): Weighted<TruckChoice> => {
    const out: TruckChoice[] = [];
    const weights: number[] = [];
    if (!meetsAll(body, 'Truck')) return { values: out, cumulative: [] };
    const open = truckYears(data, asOf);
    list.values.forEach((model, i) => {
      const draw = open.get(model.key);
      const left = draw ? filtered(draw, (e) => fits(e, 'Truck')) : null;
      const gvwr = gvwrRanges(cls, model.gvwr[0], model.gvwr[1]);
      const weight = list.cumulative[i]! - (i > 0 ? list.cumulative[i - 1]! : 0);
      if (!left || gvwr.length === 0 || weight <= 0) return;
      years.set(model.key, left);
      out.push({ model, gvwr });
      weights.push(weight);
    });
    return { values: out, cumulative: cumulativeWeights(weights) };
  };
  const tractors = choose(trucks.tractors);
  const straight = choose(trucks.straight);
  const commercialUsages = COMMERCIAL_USAGES.filter((u) => meetsAll(usage, u));
  let commercialWhy: string | null = null;
  if (commercialUsages.length === 0) commercialWhy = `a Commercial vehicle's usage is one of ${COMMERCIAL_USAGES.join(', ')}`;
  else if (Object.keys(light).length === 0 && tractors.values.length === 0 && straight.values.length === 0) commercialWhy = 'no commercial vehicle (catalogue SUV, minivan, pickup or van, or truck of the truck table) on as_of has that body style, make, model year and vehicle class';
  return {
    fields,
    counts: where.filter((t) => t.kind === 'count' && t.entity === 'vehicle'),
    personal: personalWhy === null ? { draw: personalDraw!, usages: personalUsages } : null,
    light,
    tractors,
    straight,
    truckYears: years,
    v01: {
      Personal: meetsAll(cls, null) ? filtered(tables.byLob.Personal, (e) => fits(e, written(e))) : null,
      Commercial: meetsAll(cls, null) ? filtered(commercial, (e) => fits(e, written(e))) : null,
    },
    commercialUsages,
    why: { Personal: personalWhy, Commercial: commercialWhy },
  };
}

/** The kinds a business's vehicle 0 may be under the terms (weights of its kinds kept). */
export function feasibleKinds(c: VehicleConditions): ReadonlySet<string> {
  const kinds = new Set<string>(Object.keys(c.light));
  if (c.tractors.values.length > 0) kinds.add('tractor');
  if (c.straight.values.length > 0) kinds.add('straight');
  return kinds;
}
