/**
 * Medium and heavy trucks for Commercial fleets
 * (data/reference/vehicle/trucks.json, built by
 * `node data/scripts/build-vehicle-catalogue.mjs --trucks` from vPIC: every
 * VIN row decodes with corgi to the make, model and year), and the GVWR of
 * the catalogue's light vehicles (data/reference/vehicle/gvwr.json).
 */
import { cumulativeWeights, type ReferenceData } from '../../engine/kit.js';
import { type Catalogue, type CatalogueModel, fleetEntries, type FleetEntry } from './catalogue.js';

/** A truck model of the table: tractor (a combination: CDL A at 26,001 lb) or straight truck (CDL B). */
export interface TruckModel {
  /** `Make|Model`. */
  readonly key: string;
  readonly make: string;
  readonly model: string;
  readonly kind: 'tractor' | 'straight';
  /** [lowest, highest] GVWR in lb. */
  readonly gvwr: readonly [number, number];
}

/** trucks.json: a catalogue whose models carry their GVWR range and kind. */
export interface TruckCatalogue extends Catalogue {
  readonly makes: readonly { readonly make: string; readonly weight: number; readonly models: readonly (CatalogueModel & { readonly gvwr_lbs: [number, number]; readonly kind: 'tractor' | 'straight' })[] }[];
}

export interface TruckModels {
  readonly tractors: { readonly values: readonly TruckModel[]; readonly cumulative: readonly number[] };
  readonly straight: { readonly values: readonly TruckModel[]; readonly cumulative: readonly number[] };
  readonly byKey: ReadonlyMap<string, TruckModel>;
}

const truckCache = new WeakMap<ReferenceData, Map<string, TruckModels>>();

export function loadTruckCatalogue(data: ReferenceData): TruckCatalogue {
  return data.get<TruckCatalogue>('vehicle.trucks');
}

/**
 * The truck models with a model year in the fleet on `asOf`, by kind,
 * weighted by make share times model weight within the make (a kind may be
 * empty for an early as_of).
 */
export function loadTruckModels(data: ReferenceData, asOf: string): TruckModels {
  let byAsOf = truckCache.get(data);
  if (!byAsOf) truckCache.set(data, (byAsOf = new Map()));
  let models = byAsOf.get(asOf);
  if (!models) {
    const open = truckYears(data, asOf);
    const all: { model: TruckModel; weight: number }[] = [];
    for (const make of loadTruckCatalogue(data).makes) {
      const sum = make.models.reduce((s, m) => s + m.weight, 0);
      for (const m of make.models) {
        const key = `${make.make}|${m.model}`;
        if (!open.has(key)) continue;
        all.push({ model: { key, make: make.make, model: m.model, kind: m.kind, gvwr: m.gvwr_lbs }, weight: (make.weight * m.weight) / sum });
      }
    }
    const of = (kind: TruckModel['kind']) => {
      const list = all.filter((e) => e.model.kind === kind);
      return { values: list.map((e) => e.model), cumulative: cumulativeWeights(list.map((e) => e.weight)) };
    };
    models = { tractors: of('tractor'), straight: of('straight'), byKey: new Map(all.map((e) => [e.model.key, e.model])) };
    byAsOf.set(asOf, models);
  }
  return models;
}

/** Per truck model, its (model, model year) entries on `asOf` and their cumulative weights (the fleet's age curve). */
export function truckYears(data: ReferenceData, asOf: string): ReadonlyMap<string, { readonly entries: readonly FleetEntry[]; readonly cumulative: readonly number[] }> {
  const catalogue = loadTruckCatalogue(data);
  const shares = Object.fromEntries(catalogue.makes.map((m) => [m.make, m.weight]));
  const byModel = new Map<string, FleetEntry[]>();
  for (const entry of fleetEntries(data, asOf, shares, catalogue)) {
    const key = `${entry.model.make}|${entry.model.model}`;
    const list = byModel.get(key);
    if (list) list.push(entry);
    else byModel.set(key, [entry]);
  }
  return new Map([...byModel].map(([key, entries]) => [key, { entries, cumulative: cumulativeWeights(entries.map((e) => e.weight)) }]));
}

interface GvwrFile {
  by_body_style: Record<string, [number, number]>;
  models: Record<string, [number, number]>;
}

/** The GVWR range of a light catalogue model: its own, else its body style's. */
export function lightGvwr(data: ReferenceData, make: string, model: string, bodyStyle: string): readonly [number, number] {
  const table = data.get<GvwrFile>('vehicle.gvwr');
  return table.models[`${make}|${model}`] ?? table.by_body_style[bodyStyle] ?? [4000, 6000];
}
